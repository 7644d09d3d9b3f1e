/**
 * Kept answers of grantee reads: the cache's own rules (stale entries dropped, a size bound), and through the route
 * that no caller gets another's bytes, that a revoked grantee is refused and every read audited even when an answer
 * is kept, and that a changed record or a sign-out is never answered from the cache.
 */
import { expect } from "chai";

import { createServedBodies } from "../../../../../../node/src/http/routes/v1/data/served-bodies.ts";
import { signIn } from "../../../../helpers/siwe.ts";
import { dataFixture } from "./fixture.ts";
import type { DataFixture } from "./fixture.ts";

const url = (dataId: string): string => `/v1/data/31337/${dataId}`;

describe("node GET /v1/data: kept answer bodies", function () {
  describe("createServedBodies", function () {
    const entry = (text: string, generation: number) => ({ owner: "0xab", body: Buffer.from(text), generation });

    it("serves a body only at the generation it was read at, and forgets a stale one", function () {
      const bodies = createServedBodies();
      bodies.set("k", entry("one", 3));
      expect(bodies.get("k", 3)?.body.toString()).to.equal("one");
      expect(bodies.get("k", 4)).to.equal(undefined);
      // Forgotten: not served even at its own generation again.
      expect(bodies.get("k", 3)).to.equal(undefined);
    });

    it("keeps each key's own body", function () {
      const bodies = createServedBodies();
      bodies.set("31337 0x01 0xA", entry("for A", 1));
      bodies.set("31337 0x01 0xB", entry("for B", 1));
      expect(bodies.get("31337 0x01 0xA", 1)?.body.toString()).to.equal("for A");
      expect(bodies.get("31337 0x01 0xB", 1)?.body.toString()).to.equal("for B");
      expect(bodies.get("31337 0x01 0xC", 1)).to.equal(undefined);
    });

    it("stays within its byte budget, forgetting the oldest first, and never keeps an oversized body", function () {
      const bodies = createServedBodies({ maxBytes: 100 });
      for (let i = 0; i < 12; i += 1) bodies.set(`k${i}`, entry("x".repeat(10), 1));
      expect(bodies.get("k0", 1)).to.equal(undefined);
      expect(bodies.get("k1", 1)).to.equal(undefined);
      for (let i = 2; i < 12; i += 1) expect(bodies.get(`k${i}`, 1), `k${i}`).not.to.equal(undefined);
      bodies.set("big", entry("x".repeat(11), 1));
      expect(bodies.get("big", 1)).to.equal(undefined);
    });
  });

  describe("through the route", function () {
    this.timeout(60_000);
    let f: DataFixture;

    before(async function () {
      f = await dataFixture();
    });

    after(async function () {
      await f?.close();
    });

    /** A dataId granted to `grantee` and `other`, stored with a slot for each. */
    const storedForTwo = (payload: string) =>
      f.storedGranted(payload, {
        readers: [
          { signer: f.grantee, publicKey: f.granteeKey.publicKey },
          { signer: f.other, publicKey: f.otherKey.publicKey },
        ],
      });

    const get = async (dataId: string, signer: DataFixture["owner"]) =>
      f.app.inject({ method: "GET", url: url(dataId), headers: await f.auth(signer) });
    const auditRows = (dataId: string) =>
      f.store.auditLog
        .listByOwner({ chainId: 31337, owner: f.owner.address, limit: 1000 })
        .filter((row) => row.dataId === dataId);

    it("never serves one caller's kept answer to another: each sees its own slots, a stranger is refused", async function () {
      const { dataId, sealed } = await storedForTwo("two readers");
      for (let round = 0; round < 2; round += 1) {
        const owner = await get(dataId, f.owner);
        expect(owner.statusCode).to.equal(200);
        expect(owner.headers["content-type"]).to.equal("application/json; charset=utf-8");
        expect(owner.json().readers.map((entry: { grantee: string }) => entry.grantee)).to.have.members([
          f.grantee.address,
          f.other.address,
        ]);
        for (const [reader, index] of [
          [f.grantee, 0],
          [f.other, 1],
        ] as const) {
          const answer = await get(dataId, reader);
          expect(answer.statusCode).to.equal(200);
          expect(answer.json()).to.deep.equal({
            cid: owner.json().cid,
            envelope: sealed.body.envelope,
            readers: [sealed.body.readers[index]],
          });
        }
        const stranger = await get(dataId, f.stranger);
        expect(stranger.statusCode).to.equal(403);
      }
      // Every grantee read is logged, kept answer or not: 2 rounds × 2 grantees.
      expect(auditRows(dataId)).to.have.length(4);
    });

    it("refuses a revoked grantee whose answer is kept, and logs no refused read", async function () {
      const { dataId } = await storedForTwo("revoked while kept");
      expect((await get(dataId, f.grantee)).statusCode).to.equal(200);
      expect((await get(dataId, f.grantee)).statusCode).to.equal(200);
      await (await f.accessGrants.connect(f.owner).getFunction("revoke")(f.grantee.address, dataId)).wait();
      await f.poll();
      const refused = await get(dataId, f.grantee);
      expect(refused.statusCode).to.equal(403);
      expect(refused.json().error.code).to.equal("NOT_GRANTED");
      expect((await get(dataId, f.other)).statusCode).to.equal(200);
      // Newest first.
      expect(auditRows(dataId).map((row) => row.reader)).to.deep.equal(
        [f.other, f.grantee, f.grantee].map((signer) => signer.address.toLowerCase()),
      );
    });

    it("serves the new envelope once the owner replaces it, and drops a removed slot", async function () {
      const { dataId } = await storedForTwo("first version");
      const before = (await get(dataId, f.grantee)).json();
      const replaced = f.sealed(dataId, "second version", [
        { grantee: f.other.address, publicKey: f.otherKey.publicKey },
      ]);
      const put = await f.app.inject({
        method: "PUT",
        url: url(dataId),
        headers: await f.auth(f.owner),
        payload: await f.signed(dataId, replaced.body),
      });
      expect(put.statusCode, put.body).to.equal(201);
      const after = (await get(dataId, f.grantee)).json();
      expect(after.cid).to.equal(put.json().cid).and.not.equal(before.cid);
      expect(after.envelope).to.equal(replaced.body.envelope);
      expect(after.readers).to.deep.equal([]);
    });

    it("ends the session on sign-out even when the caller's answer is kept", async function () {
      const { dataId } = await storedForTwo("signed out");
      const { response } = await signIn(f.app, f.grantee);
      const headers = { authorization: `Bearer ${(response.json() as { token: string }).token}` };
      expect((await f.app.inject({ method: "GET", url: url(dataId), headers })).statusCode).to.equal(200);
      const out = await f.app.inject({ method: "DELETE", url: "/v1/auth/session", headers });
      expect(out.statusCode, out.body).to.be.oneOf([200, 204]);
      expect((await f.app.inject({ method: "GET", url: url(dataId), headers })).statusCode).to.equal(401);
    });
  });
});
