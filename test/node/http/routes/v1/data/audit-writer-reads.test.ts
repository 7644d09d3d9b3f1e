import { expect } from "chai";
import { ZeroHash } from "ethers";

import { dataFixture } from "./fixture.ts";
import type { DataFixture } from "./fixture.ts";

const CHAIN = 31337;
const url = (dataId: string): string => `/v1/data/${CHAIN}/${dataId}`;

describe("node grantee reads through the worker-thread audit writer", function () {
  this.timeout(60_000);
  let f: DataFixture;
  let dataId: string;

  before(async function () {
    f = await dataFixture({ auditWriter: true });
    dataId = await f.anchored();
    await (
      await f.accessGrants.connect(f.owner).getFunction("grant")(f.grantee.address, dataId, 0n, 0n, ZeroHash)
    ).wait();
    await f.poll();
    const sealed = f.sealed(dataId, "audited through the writer", [
      { grantee: f.grantee.address, publicKey: f.granteeKey.publicKey },
    ]);
    const put = await f.app.inject({
      method: "PUT",
      url: url(dataId),
      headers: await f.auth(f.owner),
      payload: await f.signed(dataId, sealed.body),
    });
    expect(put.statusCode, put.body).to.equal(201);
  });

  after(async function () {
    await f?.close();
  });

  const auditIds = (): number[] =>
    f.store.auditLog
      .listByOwner({ chainId: CHAIN, owner: f.owner.address, limit: 10_000 })
      .filter((row) => row.dataId === dataId)
      .map((row) => row.id);

  it("answers many simultaneous reads, each after its own audit row is on record, none lost", async function () {
    const headers = await f.auth(f.grantee);
    const before = auditIds().length;
    // More reads at once than one multi-row INSERT holds, so one batch spans several statements.
    const answers = await Promise.all(
      Array.from({ length: 150 }, () => f.app.inject({ method: "GET", url: url(dataId), headers })),
    );
    for (const answer of answers) expect(answer.statusCode, answer.body).to.equal(200);
    const ids = auditIds();
    expect(ids.length - before).to.equal(150);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(f.auditBatcher!.pending).to.equal(0);
  });

  it("fails a read whose audit row cannot be committed with a 5xx and no envelope, and serves later reads", async function () {
    const headers = await f.auth(f.grantee);
    const before = auditIds().length;
    f.store.db.exec(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    let refused;
    try {
      refused = await Promise.all(
        Array.from({ length: 3 }, () => f.app.inject({ method: "GET", url: url(dataId), headers })),
      );
    } finally {
      f.store.db.exec("DROP TRIGGER refuse_audit");
    }
    for (const answer of refused) {
      expect(answer.statusCode, answer.body).to.be.within(500, 599);
      expect(answer.body).to.not.include("envelope");
      expect(answer.body).to.not.include("readers");
    }
    expect(auditIds().length).to.equal(before);
    const later = await f.app.inject({ method: "GET", url: url(dataId), headers });
    expect(later.statusCode, later.body).to.equal(200);
    expect(auditIds().length).to.equal(before + 1);
  });

  it("commits reads already waiting when the writer closes, and fails later reads with a 5xx", async function () {
    const headers = await f.auth(f.grantee);
    const before = auditIds().length;
    const waiting = Array.from({ length: 5 }, () => f.app.inject({ method: "GET", url: url(dataId), headers }));
    // Let the requests reach the audit append before closing the writer.
    while (f.auditBatcher!.pending < 5) await new Promise((resolve) => setImmediate(resolve));
    await f.auditBatcher!.close();
    for (const answer of await Promise.all(waiting)) expect(answer.statusCode, answer.body).to.equal(200);
    expect(auditIds().length).to.equal(before + 5);
    const after = await f.app.inject({ method: "GET", url: url(dataId), headers });
    expect(after.statusCode, after.body).to.be.within(500, 599);
    expect(after.body).to.not.include("envelope");
    expect(auditIds().length).to.equal(before + 5);
  });
});
