import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";

import { expect } from "chai";
import { ZeroHash, getBytes } from "ethers";

import { rawCid } from "../../../../../../node/src/blocks/raw-cid.ts";
import { addReader } from "../../../../../../sdk/src/crypto/add-reader.ts";
import { decodeEnvelope, decodeReaderSlot } from "../../../../../../sdk/src/crypto/decode.ts";
import { encodeReaderSlot } from "../../../../../../sdk/src/crypto/encode.ts";
import { open } from "../../../../../../sdk/src/crypto/open.ts";
import { readerLeafOf } from "../../../../../../sdk/src/storage/write-typed-data.ts";
import { dataFixture, NODE_ID } from "./fixture.ts";
import type { DataFixture } from "./fixture.ts";

const CHAIN = "31337";
const url = (dataId: string, suffix = ""): string => `/v1/data/${CHAIN}/${dataId}${suffix}`;

describe("node /v1/data and /v1/audit", function () {
  this.timeout(60_000);
  let f: DataFixture;

  before(async function () {
    f = await dataFixture();
  });

  after(async function () {
    await f?.close();
  });

  /** Asserts that nothing was stored for `dataId`: no record, no slot, and (if given) no block for `bytes`. */
  async function expectNothingWritten(dataId: string, bytes?: Uint8Array): Promise<void> {
    expect(f.store.records.get({ chainId: 31337, dataId })).to.equal(undefined);
    expect(f.store.readerSlots.list({ chainId: 31337, dataId })).to.deep.equal([]);
    if (bytes !== undefined) expect(await f.blockStore.has(await rawCid(bytes))).to.equal(false);
  }

  describe("PUT and GET by the owner", function () {
    it("stores an envelope and its reader slots, then serves them back to the owner", async function () {
      const dataId = await f.anchored();
      const sealed = f.sealed(dataId, "owner round trip", [
        { grantee: f.grantee.address, publicKey: f.granteeKey.publicKey },
        { grantee: f.other.address.toLowerCase(), publicKey: f.otherKey.publicKey },
      ]);
      const put = await f.app.inject({
        method: "PUT",
        url: url(dataId),
        headers: await f.auth(f.owner),
        payload: await f.signed(dataId, sealed.body),
      });
      expect(put.statusCode, put.body).to.equal(201);
      const { cid } = put.json();
      expect(cid).to.equal((await rawCid(sealed.bare)).toString());
      expect(await f.blockStore.has(await rawCid(sealed.bare))).to.equal(true);
      const record = f.store.records.get({ chainId: 31337, dataId })!;
      expect(record).to.include({ cid, size: sealed.bare.length, owner: f.owner.address.toLowerCase() });

      const get = await f.app.inject({ method: "GET", url: url(dataId), headers: await f.auth(f.owner) });
      expect(get.statusCode, get.body).to.equal(200);
      const body = get.json();
      expect(body.cid).to.equal(cid);
      expect(Buffer.from(body.envelope, "base64")).to.deep.equal(Buffer.from(sealed.bare));
      const byGrantee = new Map(
        body.readers.map((entry: { grantee: string; slot: string }) => [entry.grantee, entry.slot]),
      );
      expect([...byGrantee.keys()].sort()).to.deep.equal([f.grantee.address, f.other.address].sort());
      expect(byGrantee.get(f.grantee.address)).to.equal(sealed.body.readers[0]!.slot);

      // The owner opens the stored envelope; owner reads are not audited.
      const payload = open({
        envelope: decodeEnvelope({ bytes: Buffer.from(body.envelope, "base64") }),
        keyPair: f.ownerKey,
        chainId: 31337n,
        dataId: getBytes(dataId),
      });
      expect(new TextDecoder().decode(payload)).to.equal("owner round trip");
      expect(
        f.store.auditLog
          .listByOwner({ chainId: 31337, owner: f.owner.address, limit: 1000 })
          .filter((row) => row.dataId === dataId),
      ).to.deep.equal([]);
    });

    it("replacing an envelope replaces its reader slots", async function () {
      const { dataId } = await f.storedGranted("first version");
      const second = f.sealed(dataId, "second version");
      const put = await f.app.inject({
        method: "PUT",
        url: url(dataId),
        headers: await f.auth(f.owner),
        payload: await f.signed(dataId, second.body),
      });
      expect(put.statusCode, put.body).to.equal(201);
      expect(f.store.readerSlots.list({ chainId: 31337, dataId })).to.deep.equal([]);
      expect(f.store.records.get({ chainId: 31337, dataId })!.cid).to.equal(put.json().cid);
    });

    it("lists the caller's own records", async function () {
      const dataId = await f.anchored();
      const sealed = f.sealed(dataId, "listed");
      await f.app.inject({
        method: "PUT",
        url: url(dataId),
        headers: await f.auth(f.owner),
        payload: await f.signed(dataId, sealed.body),
      });
      const list = await f.app.inject({
        method: "GET",
        url: `/v1/data?chainId=${CHAIN}`,
        headers: await f.auth(f.owner),
      });
      expect(list.statusCode, list.body).to.equal(200);
      const entry = list.json().find((item: { dataId: string }) => item.dataId === dataId);
      expect(entry).to.include({
        chainId: 31337,
        dataId,
        cid: (await rawCid(sealed.bare)).toString(),
        size: sealed.bare.length,
      });
      expect(Date.parse(entry.updatedAt)).to.be.closeTo(Date.now(), 60_000);
      const theirs = await f.app.inject({
        method: "GET",
        url: `/v1/data?chainId=${CHAIN}`,
        headers: await f.auth(f.stranger),
      });
      expect(theirs.json()).to.deep.equal([]);
    });
  });

  describe("GET by others", function () {
    it("serves a live grantee its own slot only, which opens the envelope, and logs the read", async function () {
      const { dataId, cid } = await f.storedGranted("for the grantee");
      const before = Date.now();
      const get = await f.app.inject({ method: "GET", url: url(dataId), headers: await f.auth(f.grantee) });
      expect(get.statusCode, get.body).to.equal(200);
      const body = get.json();
      expect(body.cid).to.equal(cid);
      expect(body.readers).to.have.length(1);
      expect(body.readers[0].grantee).to.equal(f.grantee.address);

      const envelope = decodeEnvelope({ bytes: Buffer.from(body.envelope, "base64") });
      const slot = decodeReaderSlot({ bytes: Buffer.from(body.readers[0].slot, "base64") });
      const payload = open({
        envelope: { ...envelope, readerSlots: [slot] },
        keyPair: f.granteeKey,
        chainId: 31337n,
        dataId: getBytes(dataId),
      });
      expect(new TextDecoder().decode(payload)).to.equal("for the grantee");

      const rows = f.store.auditLog
        .listByOwner({ chainId: 31337, owner: f.owner.address, limit: 1000 })
        .filter((row) => row.dataId === dataId);
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({
        reader: f.grantee.address.toLowerCase(),
        nodeId: NODE_ID,
        blockNumber: Number(f.reader.confirmedBlock({ chainId: 31337n }).blockNumber),
      });
      expect(rows[0]!.readAt * 1000).to.be.within(before - 1000, Date.now() + 1000);
    });

    it("gives the owner its audit trail, by dataId, and nobody else's", async function () {
      const { dataId } = await f.storedGranted("audited");
      const headers = await f.auth(f.grantee);
      await f.app.inject({ method: "GET", url: url(dataId), headers });
      await f.app.inject({ method: "GET", url: url(dataId), headers });
      const trail = await f.app.inject({
        method: "GET",
        url: `/v1/audit?chainId=${CHAIN}&dataId=${dataId}`,
        headers: await f.auth(f.owner),
      });
      expect(trail.statusCode, trail.body).to.equal(200);
      const entries = trail.json();
      expect(entries).to.have.length(2);
      for (const entry of entries) {
        expect(entry).to.include({ chainId: 31337, dataId, reader: f.grantee.address, nodeId: NODE_ID });
        expect(entry.blockNumber).to.be.a("number");
        expect(Date.parse(entry.readAt)).to.be.closeTo(Date.now(), 60_000);
      }
      const all = await f.app.inject({
        method: "GET",
        url: `/v1/audit?chainId=${CHAIN}`,
        headers: await f.auth(f.owner),
      });
      expect(all.json().length).to.be.at.least(2);
      const granteeTrail = await f.app.inject({
        method: "GET",
        url: `/v1/audit?chainId=${CHAIN}&dataId=${dataId}`,
        headers,
      });
      expect(granteeTrail.json()).to.deep.equal([]);
    });

    it("refuses a grantee once the revoke is indexed (403 NOT_GRANTED)", async function () {
      const { dataId } = await f.storedGranted("revoked soon");
      const headers = await f.auth(f.grantee);
      expect((await f.app.inject({ method: "GET", url: url(dataId), headers })).statusCode).to.equal(200);
      await (await f.accessGrants.connect(f.owner).getFunction("revoke")(f.grantee.address, dataId)).wait();
      await f.poll();
      const get = await f.app.inject({ method: "GET", url: url(dataId), headers });
      expect(get.statusCode).to.equal(403);
      expect(get.json().error.code).to.equal("NOT_GRANTED");
    });

    it("refuses a grantee once the grant has expired by block time", async function () {
      const latest = BigInt(await f.networkHelpers.time.latest());
      const { dataId } = await f.storedGranted("expires", { expiresAt: latest + 1000n });
      const headers = await f.auth(f.grantee);
      expect((await f.app.inject({ method: "GET", url: url(dataId), headers })).statusCode).to.equal(200);
      await f.networkHelpers.time.increase(2000);
      await f.networkHelpers.mine(1);
      // Block time moved past expiry, but the node's view has not: it evaluates at its confirmed block.
      expect((await f.app.inject({ method: "GET", url: url(dataId), headers })).statusCode).to.equal(200);
      await f.poll();
      const get = await f.app.inject({ method: "GET", url: url(dataId), headers });
      expect(get.statusCode).to.equal(403);
      expect(get.json().error.code).to.equal("NOT_GRANTED");
    });

    it("refuses a stranger (403) and answers 404 for an unknown record, without audit rows", async function () {
      const { dataId } = await f.storedGranted("not for strangers");
      const stranger = await f.app.inject({ method: "GET", url: url(dataId), headers: await f.auth(f.stranger) });
      expect(stranger.statusCode).to.equal(403);
      expect(stranger.json()).to.deep.equal({
        error: { code: "NOT_GRANTED", message: "The caller is neither the owner nor a live grantee of this data." },
      });
      const unknown = await f.app.inject({
        method: "GET",
        url: url(`0x${"ab".repeat(32)}`),
        headers: await f.auth(f.owner),
      });
      expect(unknown.statusCode).to.equal(404);
      expect(unknown.json().error.code).to.equal("RECORD_NOT_FOUND");
      const rows = f.store.auditLog.listByOwner({ chainId: 31337, owner: f.owner.address, limit: 1000 });
      expect(rows.filter((row) => row.dataId === dataId)).to.deep.equal([]);
    });

    it("refuses a grantee after the owner requests deletion, and takes no more writes", async function () {
      const { dataId } = await f.storedGranted("to be deleted");
      await (await f.accessGrants.connect(f.owner).getFunction("requestDeletion")(dataId)).wait();
      await f.poll();
      const get = await f.app.inject({ method: "GET", url: url(dataId), headers: await f.auth(f.grantee) });
      expect(get.statusCode).to.equal(403);
      const sealed = f.sealed(dataId, "after deletion");
      const put = await f.app.inject({
        method: "PUT",
        url: url(dataId),
        headers: await f.auth(f.owner),
        payload: await f.signed(dataId, sealed.body),
      });
      expect(put.statusCode).to.equal(409);
      expect(put.json().error.code).to.equal("DELETION_PENDING");
      expect(await f.blockStore.has(await rawCid(sealed.bare))).to.equal(false);
    });

    it("requires a session (401) and a chain the node follows (400)", async function () {
      const dataId = `0x${"cd".repeat(32)}`;
      const anonymous = await f.app.inject({ method: "GET", url: url(dataId) });
      expect(anonymous.statusCode).to.equal(401);
      const otherChain = await f.app.inject({
        method: "GET",
        url: `/v1/data/1/${dataId}`,
        headers: await f.auth(f.owner),
      });
      expect(otherChain.statusCode).to.equal(400);
      expect(otherChain.json().error.code).to.equal("CHAIN_UNSUPPORTED");
    });
  });

  describe("refused writes leave nothing behind", function () {
    it("refuses a caller who is not the owner (403 NOT_OWNER) and an unanchored dataId (409)", async function () {
      const dataId = await f.anchored();
      const sealed = f.sealed(dataId, "not yours");
      const put = await f.app.inject({
        method: "PUT",
        url: url(dataId),
        headers: await f.auth(f.stranger),
        payload: await f.signed(dataId, sealed.body),
      });
      expect(put.statusCode).to.equal(403);
      expect(put.json().error.code).to.equal("NOT_OWNER");
      await expectNothingWritten(dataId, sealed.bare);

      const loose = `0x${"ef".repeat(32)}`;
      const unanchored = f.sealed(loose, "nobody's");
      const refused = await f.app.inject({
        method: "PUT",
        url: url(loose),
        headers: await f.auth(f.owner),
        payload: await f.signed(loose, unanchored.body),
      });
      expect(refused.statusCode).to.equal(409);
      expect(refused.json().error.code).to.equal("DATA_NOT_ANCHORED");
      await expectNothingWritten(loose, unanchored.bare);
    });

    const cases: {
      name: string;
      status: number;
      code: string;
      body: (dataId: string) => { payload: unknown; bytes?: Uint8Array };
    }[] = [
      {
        name: "bad base64",
        status: 400,
        code: "VALIDATION_FAILED",
        body: () => ({ payload: { envelope: "not base64!" } }),
      },
      {
        name: "a header naming another chain",
        status: 400,
        code: "ENVELOPE_MISMATCH",
        body: (dataId) => {
          const sealed = f.sealed(dataId, "wrong chain", [], { chainId: 1n });
          return { payload: sealed.body, bytes: sealed.bare };
        },
      },
      {
        name: "a header naming another dataId",
        status: 400,
        code: "ENVELOPE_MISMATCH",
        body: (dataId) => {
          const sealed = f.sealed(dataId, "wrong dataId", [], { headerDataId: `0x${"01".repeat(32)}` });
          return { payload: sealed.body, bytes: sealed.bare };
        },
      },
      {
        name: "reader slots inside the envelope",
        status: 400,
        code: "ENVELOPE_HAS_READER_SLOTS",
        body: (dataId) => {
          const sealed = f.sealed(dataId, "slots inside", [
            { grantee: f.grantee.address, publicKey: f.granteeKey.publicKey },
          ]);
          return { payload: { envelope: Buffer.from(sealed.full).toString("base64") }, bytes: sealed.full };
        },
      },
      {
        name: "a truncated envelope",
        status: 400,
        code: "INVALID_ENVELOPE",
        body: (dataId) => {
          const bytes = f.sealed(dataId, "truncated").bare.slice(0, -5);
          return { payload: { envelope: Buffer.from(bytes).toString("base64") }, bytes };
        },
      },
      {
        name: "a reader slot for a grantee without a registered key",
        status: 400,
        code: "READER_KEY_NOT_REGISTERED",
        body: (dataId) => {
          const sealed = f.sealed(dataId, "unregistered", [
            { grantee: f.stranger.address, publicKey: f.otherKey.publicKey },
          ]);
          return { payload: sealed.body, bytes: sealed.bare };
        },
      },
      {
        name: "a reader slot wrapped for another key than the grantee's registered one",
        status: 400,
        code: "READER_KEY_NOT_REGISTERED",
        body: (dataId) => {
          const sealed = f.sealed(dataId, "wrong key", [
            { grantee: f.grantee.address, publicKey: f.otherKey.publicKey },
          ]);
          return { payload: sealed.body, bytes: sealed.bare };
        },
      },
      {
        name: "a reader slot that is not 128 bytes",
        status: 400,
        code: "VALIDATION_FAILED",
        body: (dataId) => {
          const sealed = f.sealed(dataId, "short slot");
          return {
            payload: {
              ...sealed.body,
              readers: [{ grantee: f.grantee.address, slot: Buffer.alloc(96).toString("base64") }],
            },
            bytes: sealed.bare,
          };
        },
      },
      {
        name: "an oversized body",
        status: 413,
        code: "BODY_TOO_LARGE",
        body: () => ({ payload: { envelope: "A".repeat(8192) } }),
      },
    ];

    for (const { name, status, code, body } of cases) {
      it(`refuses ${name} (${status} ${code})`, async function () {
        const dataId = await f.anchored();
        const { payload, bytes } = body(dataId);
        const put = await f.app.inject({
          method: "PUT",
          url: url(dataId),
          headers: await f.auth(f.owner),
          payload: await f.signed(dataId, payload as { envelope: string }),
        });
        expect(put.statusCode, put.body).to.equal(status);
        expect(put.json().error.code).to.equal(code);
        await expectNothingWritten(dataId, bytes);
      });
    }
  });

  describe("reader slots", function () {
    it("lets the owner add and remove a grantee's slot; the grantee sees it only while it is there", async function () {
      const { dataId, sealed, cid } = await f.storedGranted("shared later");
      await (
        await f.accessGrants.connect(f.owner).getFunction("grant")(f.other.address, dataId, 0n, 0n, ZeroHash)
      ).wait();
      await f.poll();
      const otherHeaders = await f.auth(f.other);
      const before = await f.app.inject({ method: "GET", url: url(dataId), headers: otherHeaders });
      expect(before.statusCode).to.equal(200);
      expect(before.json().readers).to.deep.equal([]);

      // A slot for the stored envelope's data key, made by the owner with the SDK, as a grant flow would.
      const added = addReader({ envelope: sealed.bare, keyPair: f.ownerKey, readerPublicKey: f.otherKey.publicKey });
      const slot = Buffer.from(encodeReaderSlot({ slot: added.readerSlots.at(-1)! })).toString("base64");
      // The grantee's slot from the write stays: the owner signs it into the new reader set.
      const granteeLeaf = readerLeafOf({
        grantee: f.grantee.address,
        slot: f.store.readerSlots.get({ chainId: 31337, dataId, grantee: f.grantee.address })!.slot,
      });

      const wrong = await f.app.inject({
        method: "PUT",
        url: url(dataId, `/readers/${f.stranger.address}`),
        headers: await f.auth(f.owner),
        payload: await f.readerChange(dataId, cid, { grantee: f.stranger.address, slot }),
      });
      expect(wrong.statusCode).to.equal(400);
      expect(wrong.json().error.code).to.equal("READER_KEY_NOT_REGISTERED");

      const notOwner = await f.app.inject({
        method: "PUT",
        url: url(dataId, `/readers/${f.other.address}`),
        headers: otherHeaders,
        payload: await f.readerChange(dataId, cid, { grantee: f.other.address, slot }),
      });
      expect(notOwner.statusCode).to.equal(403);
      expect(notOwner.json().error.code).to.equal("NOT_OWNER");

      const put = await f.app.inject({
        method: "PUT",
        url: url(dataId, `/readers/${f.other.address.toLowerCase()}`),
        headers: await f.auth(f.owner),
        payload: await f.readerChange(dataId, cid, { grantee: f.other.address, slot, readers: [granteeLeaf] }),
      });
      expect(put.statusCode, put.body).to.equal(204);
      const after = await f.app.inject({ method: "GET", url: url(dataId), headers: otherHeaders });
      expect(after.json().readers).to.deep.equal([{ grantee: f.other.address, slot }]);
      const envelope = decodeEnvelope({ bytes: Buffer.from(after.json().envelope, "base64") });
      const payload = open({
        envelope: { ...envelope, readerSlots: [decodeReaderSlot({ bytes: Buffer.from(slot, "base64") })] },
        keyPair: f.otherKey,
        chainId: 31337n,
        dataId: getBytes(dataId),
      });
      expect(new TextDecoder().decode(payload)).to.equal("shared later");

      const notOwnerDelete = await f.app.inject({
        method: "DELETE",
        url: url(dataId, `/readers/${f.other.address}`),
        headers: otherHeaders,
        payload: await f.readerChange(dataId, cid, { readers: [granteeLeaf] }),
      });
      expect(notOwnerDelete.statusCode).to.equal(403);
      const removed = await f.app.inject({
        method: "DELETE",
        url: url(dataId, `/readers/${f.other.address}`),
        headers: await f.auth(f.owner),
        payload: await f.readerChange(dataId, cid, { readers: [granteeLeaf] }),
      });
      expect(removed.statusCode, removed.body).to.equal(204);
      expect(f.store.readerSlots.get({ chainId: 31337, dataId, grantee: f.other.address })).to.equal(undefined);
      const gone = await f.app.inject({ method: "GET", url: url(dataId), headers: otherHeaders });
      expect(gone.json().readers).to.deep.equal([]);
      expect(f.store.readerSlots.list({ chainId: 31337, dataId }).map((row) => row.grantee)).to.deep.equal([
        f.grantee.address.toLowerCase(),
      ]);
    });

    it("refuses a grantee address with a wrong checksum (400 INVALID_ADDRESS)", async function () {
      const { dataId, cid } = await f.storedGranted("checksum");
      const bad = f.other.address.replace(/[a-f]/, (c) => c.toUpperCase());
      const response = await f.app.inject({
        method: "DELETE",
        url: url(dataId, `/readers/${bad}`),
        headers: await f.auth(f.owner),
        payload: await f.readerChange(dataId, cid),
      });
      expect(response.statusCode).to.equal(400);
      expect(response.json().error.code).to.equal("INVALID_ADDRESS");
    });
  });

  it("documents every data route in the OpenAPI document", async function () {
    const doc = (await f.app.inject({ method: "GET", url: "/v1/openapi.json" })).json();
    expect(Object.keys(doc.paths)).to.include.members([
      "/v1/data/{chainId}/{dataId}",
      "/v1/data/{chainId}/{dataId}/readers/{grantee}",
      "/v1/data",
      "/v1/audit",
    ]);
    const put = doc.paths["/v1/data/{chainId}/{dataId}"].put;
    expect(put.requestBody.content["application/json"].schema.properties).to.have.keys(
      "envelope",
      "readers",
      "writer",
      "permission",
    );
    expect(put.responses).to.include.keys("201", "400", "401", "403", "409", "413");
  });

  it("writes no plaintext to disk: every file under the data directory is free of the marker", async function () {
    const marker = "IDEM-PLAINTEXT-MARKER-7f3a9c";
    const { dataId, sealed } = await f.storedGranted(`${marker} ${marker}`);
    await f.app.inject({ method: "GET", url: url(dataId), headers: await f.auth(f.grantee) });
    const files = await listFiles(f.dir);
    expect(files.length).to.be.greaterThan(3);
    const needle = Buffer.from(marker);
    const ciphertext = Buffer.from(sealed.envelope.ciphertext.subarray(16, 48));
    let ciphertextSeen = 0;
    for (const file of files) {
      const content = await readFile(file);
      expect(content.includes(needle), file).to.equal(false);
      expect(content.includes(Buffer.from(marker, "utf16le")), file).to.equal(false);
      if (content.includes(ciphertext)) ciphertextSeen += 1;
    }
    // The scan does see the stored ciphertext (in the block store), so it would see plaintext too.
    expect(ciphertextSeen).to.be.at.least(1);
  });
});

/** Every regular file under `dir`, recursively. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
