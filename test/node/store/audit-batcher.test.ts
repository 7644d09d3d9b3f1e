import { expect } from "chai";

import { StoreError } from "../../../node/src/errors.ts";
import type { AuditEntry } from "../../../node/src/store/audit-log.ts";
import { createAuditBatcher } from "../../../node/src/store/audit-batcher.ts";
import type { StoredRecord } from "../../../node/src/store/records.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";
import { cleanup, tempDir } from "../helpers/build.ts";

const CHAIN = 31337;
const OWNER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const GRANTEE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const DATA_ID = `0x${"ab".repeat(32)}`;

const record: StoredRecord = {
  chainId: CHAIN,
  dataId: DATA_ID,
  owner: OWNER,
  cid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
  envelopeHeader: new Uint8Array([1, 2, 3]),
  envelopeNonce: new Uint8Array(24).fill(7),
  ownerSlots: new Uint8Array([9, 9]),
  size: 1234,
  createdAt: 1_700_000_000,
  updatedAt: 1_700_000_000,
};

const entry = (readAt: number): AuditEntry => ({
  chainId: CHAIN,
  dataId: DATA_ID,
  owner: OWNER,
  reader: GRANTEE,
  nodeId: "0x00000000000000000000000000000000000000be",
  readAt,
  blockNumber: 7,
});

/** The store with `transaction` counted (and, while `failNext` is set, made to fail inside the transaction). */
function counted(store: Store) {
  const counts = { transactions: 0, failNext: false };
  const wrapped: Pick<Store, "auditLog" | "transaction"> = {
    auditLog: store.auditLog,
    transaction: (work) => {
      counts.transactions += 1;
      return store.transaction(() => {
        const result = work();
        if (counts.failNext) {
          counts.failNext = false;
          throw new Error("disk full");
        }
        return result;
      });
    },
  };
  return { counts, wrapped };
}

const rowCount = (store: Store): number =>
  (store.db.prepare("SELECT COUNT(*) AS n FROM audit_log").get() as { n: number }).n;

describe("audit batcher (group commit of audit rows)", function () {
  let dataDir: string;
  let store: Store;

  beforeEach(function () {
    dataDir = tempDir();
    store = openStore({ dataDir });
    store.records.upsert(record);
  });

  afterEach(async function () {
    store.close();
    await cleanup();
  });

  it("commits many rows queued together in one transaction and resolves each to its own id", async function () {
    const { counts, wrapped } = counted(store);
    const batcher = createAuditBatcher(wrapped, { maxBatch: 1000, maxDelayMs: 2 });
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => batcher.append(entry(1_700_000_000 + i))));
    expect(counts.transactions).to.equal(1);
    expect(new Set(ids).size).to.equal(50);
    // Consecutive ids: the rows went in together, in append order.
    expect(ids).to.deep.equal(ids.map((_, i) => ids[0]! + i));
    expect(rowCount(store)).to.equal(50);
    const listed = store.auditLog.listByOwner({ chainId: CHAIN, owner: OWNER, limit: 100 });
    expect(listed.map((row) => row.readAt).sort()).to.deep.equal(ids.map((_, i) => 1_700_000_000 + i));
    expect(batcher.pending).to.equal(0);
  });

  it("commits as soon as a batch is full, without waiting for the delay", async function () {
    const { counts, wrapped } = counted(store);
    const batcher = createAuditBatcher(wrapped, { maxBatch: 10, maxDelayMs: 60_000 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.append(entry(i))));
    expect(Date.now() - started).to.be.below(1000);
    expect(counts.transactions).to.equal(1);
    await batcher.close();
  });

  it("commits a lone row within the delay, and at the end of the turn with maxDelayMs 0", async function () {
    for (const maxDelayMs of [2, 0]) {
      const { counts, wrapped } = counted(store);
      const batcher = createAuditBatcher(wrapped, { maxBatch: 64, maxDelayMs });
      const id = await batcher.append(entry(maxDelayMs));
      expect(id).to.be.a("number");
      expect(counts.transactions).to.equal(1);
    }
    expect(rowCount(store)).to.equal(2);
  });

  it("rejects every waiter of a failed batch, leaves none of its rows, and commits later batches", async function () {
    const { counts, wrapped } = counted(store);
    const batcher = createAuditBatcher(wrapped, { maxBatch: 1000, maxDelayMs: 1 });
    counts.failNext = true;
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => batcher.append(entry(i))));
    expect(counts.transactions).to.equal(1);
    for (const result of results) {
      expect(result.status).to.equal("rejected");
      const reason = (result as PromiseRejectedResult).reason as StoreError;
      expect(reason).to.be.instanceOf(StoreError);
      expect((reason.cause as Error).message).to.equal("disk full");
    }
    expect(rowCount(store)).to.equal(0);

    await batcher.append(entry(99));
    expect(rowCount(store)).to.equal(1);
  });

  it("rejects the batch when the commit itself fails (store closed under it)", async function () {
    const batcher = createAuditBatcher(store, { maxBatch: 1000, maxDelayMs: 1 });
    const pending = [batcher.append(entry(1)), batcher.append(entry(2))];
    store.close();
    for (const result of await Promise.allSettled(pending)) expect(result.status).to.equal("rejected");
    store = openStore({ dataDir });
    expect(rowCount(store)).to.equal(0);
  });

  it("has every row on disk once its promise resolved (close and reopen)", async function () {
    const batcher = createAuditBatcher(store, { maxBatch: 8, maxDelayMs: 2 });
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => batcher.append(entry(i))));
    // No flush, no close of the batcher: resolution alone means committed.
    store.close();
    store = openStore({ dataDir });
    const onDisk = store.auditLog.listByOwner({ chainId: CHAIN, owner: OWNER, limit: 100 }).map((row) => row.id);
    expect(onDisk.sort((a, b) => a - b)).to.deep.equal([...ids].sort((a, b) => a - b));
  });

  it("flushes what is queued on close and refuses appends afterwards", async function () {
    const { counts, wrapped } = counted(store);
    const batcher = createAuditBatcher(wrapped, { maxBatch: 1000, maxDelayMs: 60_000 });
    const queued = [batcher.append(entry(1)), batcher.append(entry(2))];
    expect(batcher.pending).to.equal(2);
    await batcher.close();
    expect(counts.transactions).to.equal(1);
    await Promise.all(queued);
    expect(rowCount(store)).to.equal(2);
    let refused: unknown;
    await batcher.append(entry(3)).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(StoreError);
  });

  it("refuses nonsense options", function () {
    expect(() => createAuditBatcher(store, { maxBatch: 0 })).to.throw(RangeError);
    expect(() => createAuditBatcher(store, { maxDelayMs: -1 })).to.throw(RangeError);
  });
});
