import { expect } from "chai";

import { StoreError } from "../../../node/src/errors.ts";
import { APPEND_MANY_CHUNK } from "../../../node/src/store/audit-log.ts";
import type { AuditEntry } from "../../../node/src/store/audit-log.ts";
import type { AuditBatcher } from "../../../node/src/store/audit-batcher.ts";
import { createAuditWriter } from "../../../node/src/store/audit-writer.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";
import { cleanup, tempDir } from "../helpers/build.ts";

const CHAIN = 31337;
const OWNER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

const entry = (readAt: number): AuditEntry => ({
  chainId: CHAIN,
  dataId: `0x${"ab".repeat(32)}`,
  owner: OWNER,
  reader: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  nodeId: "0x00000000000000000000000000000000000000be",
  readAt,
  blockNumber: 7,
});

const readTimes = (store: Store): number[] =>
  (store.db.prepare("SELECT read_at FROM audit_log ORDER BY read_at").all() as { read_at: number }[]).map(
    (row) => row.read_at,
  );

describe("store/audit-writer (worker thread)", function () {
  let dataDir: string;
  let store: Store;
  let writer: AuditBatcher | undefined;

  beforeEach(function () {
    dataDir = tempDir();
    store = openStore({ dataDir });
  });

  afterEach(async function () {
    await writer?.close();
    writer = undefined;
    store.close();
    await cleanup();
  });

  it("has every row committed once its promise resolved, with its own id (close the store and reopen)", async function () {
    writer = createAuditWriter({ dataDir });
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => writer!.append(entry(i))));
    expect(new Set(ids).size).to.equal(50);
    // No flush, no close of the writer: resolution alone means committed.
    store.close();
    store = openStore({ dataDir });
    const onDisk = store.auditLog.listByOwner({ chainId: CHAIN, owner: OWNER, limit: 100 }).map((row) => row.id);
    expect(onDisk.sort((a, b) => a - b)).to.deep.equal([...ids].sort((a, b) => a - b));
  });

  it("commits rows appended at once in append order, with ascending ids, across multi-row statements", async function () {
    writer = createAuditWriter({ dataDir });
    const count = APPEND_MANY_CHUNK * 3 + 5;
    const ids = await Promise.all(Array.from({ length: count }, (_, i) => writer!.append(entry(i))));
    expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).to.equal(count);
    const byId = store.db.prepare("SELECT read_at FROM audit_log ORDER BY id").all() as { read_at: number }[];
    expect(byId.map((row) => row.read_at)).to.deep.equal(Array.from({ length: count }, (_, i) => i));
  });

  it("rejects every row of a batch whose commit fails, writes none of them, and commits later rows", async function () {
    writer = createAuditWriter({ dataDir });
    await writer.append(entry(1));
    store.db.exec(`CREATE TRIGGER refuse_13 BEFORE INSERT ON audit_log WHEN NEW.read_at = 13
      BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const results = await Promise.allSettled([writer.append(entry(12)), writer.append(entry(13))]);
    for (const result of results) {
      expect(result.status).to.equal("rejected");
      const reason = (result as PromiseRejectedResult).reason as StoreError;
      expect(reason).to.be.instanceOf(StoreError);
      expect(reason.details).to.include("refused");
    }
    expect(readTimes(store)).to.deep.equal([1]);
    store.db.exec("DROP TRIGGER refuse_13");
    await writer.append(entry(14));
    expect(readTimes(store)).to.deep.equal([1, 14]);
  });

  it("commits what is queued on close and refuses appends afterwards", async function () {
    writer = createAuditWriter({ dataDir });
    const queued = [writer.append(entry(1)), writer.append(entry(2))];
    expect(writer.pending).to.equal(2);
    await writer.close();
    await Promise.all(queued);
    expect(writer.pending).to.equal(0);
    expect(readTimes(store)).to.deep.equal([1, 2]);
    let refused: unknown;
    await writer.append(entry(3)).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(StoreError);
  });
});
