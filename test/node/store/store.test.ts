import { expect } from "chai";

import { StoreError } from "../../../node/src/errors.ts";
import { APPEND_MANY_CHUNK } from "../../../node/src/store/audit-log.ts";
import { MIGRATIONS } from "../../../node/src/store/migrations.ts";
import type { StoredRecord } from "../../../node/src/store/records.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";
import { cleanup, tempDir } from "../helpers/build.ts";

const CHAIN = 31337;
const OWNER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const GRANTEE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const DATA_ID = `0x${"ab".repeat(32)}`;

function record(overrides: Partial<StoredRecord> = {}): StoredRecord {
  return {
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
    ...overrides,
  };
}

const slot = (grantee = GRANTEE) => ({
  chainId: CHAIN,
  dataId: DATA_ID,
  grantee,
  readerPublicKey: new Uint8Array(32).fill(1),
  slot: new Uint8Array(72).fill(2),
});

describe("node metadata store (node:sqlite)", function () {
  let dataDir: string;
  let store: Store;
  beforeEach(function () {
    dataDir = tempDir();
    store = openStore({ dataDir });
  });
  afterEach(async function () {
    store.close();
    await cleanup();
  });

  it("runs in WAL mode with synchronous = FULL and foreign keys on", function () {
    const pragma = (name: string) => Object.values(store.db.prepare(`PRAGMA ${name}`).get() as object)[0];
    expect(pragma("journal_mode")).to.equal("wal");
    expect(pragma("synchronous")).to.equal(2);
    expect(pragma("foreign_keys")).to.equal(1);
  });

  it("records each migration once, and reopening applies none again", function () {
    const versions = () => store.db.prepare("SELECT version FROM schema_migrations").all();
    expect(versions()).to.deep.equal(MIGRATIONS.map(({ version }) => ({ version })));
    store.close();
    store = openStore({ dataDir });
    expect(versions()).to.have.length(MIGRATIONS.length);
  });

  it("refuses a database newer than the code", function () {
    store.db.prepare("INSERT INTO schema_migrations VALUES (?, 'future', 0)").run(MIGRATIONS.length + 1);
    store.close();
    expect(() => openStore({ dataDir })).to.throw(StoreError, /newer than this node/);
    store = openStore({ dataDir: tempDir() });
  });

  it("keeps committed rows across close and reopen", function () {
    store.transaction(() => {
      store.records.upsert(record());
      store.readerSlots.put(slot());
    });
    store.close();
    store = openStore({ dataDir });
    const stored = store.records.get({ chainId: CHAIN, dataId: DATA_ID.toUpperCase().replace("0X", "0x") });
    expect(stored?.owner).to.equal(OWNER.toLowerCase());
    expect(stored?.envelopeNonce).to.deep.equal(new Uint8Array(24).fill(7));
    expect(store.readerSlots.list({ chainId: CHAIN, dataId: DATA_ID })).to.have.length(1);
  });

  it("leaves nothing of a transaction that throws, even after reopening", function () {
    expect(() =>
      store.transaction(() => {
        store.records.upsert(record());
        store.readerSlots.put(slot());
        throw new Error("the request failed half-way");
      }),
    ).to.throw("the request failed half-way");
    expect(store.db.isTransaction).to.equal(false);
    store.close();
    store = openStore({ dataDir });
    expect(store.records.get({ chainId: CHAIN, dataId: DATA_ID })).to.equal(undefined);
    expect(store.readerSlots.list({ chainId: CHAIN, dataId: DATA_ID })).to.deep.equal([]);
  });

  it("rolls back the earlier rows when a later statement violates a constraint", function () {
    expect(() =>
      store.transaction(() => {
        store.records.upsert(record());
        store.readerSlots.put({ ...slot(), readerPublicKey: new Uint8Array(31) });
      }),
    ).to.throw(/CHECK constraint failed/);
    expect(store.records.get({ chainId: CHAIN, dataId: DATA_ID })).to.equal(undefined);
  });

  it("refuses a reader slot without its record, and deletes slots with their record", function () {
    expect(() => store.readerSlots.put(slot())).to.throw(/FOREIGN KEY constraint failed/);
    store.transaction(() => {
      store.records.upsert(record());
      store.readerSlots.put(slot());
      store.readerSlots.put(slot(OWNER));
    });
    expect(store.records.remove({ chainId: CHAIN, dataId: DATA_ID })).to.equal(true);
    expect(store.readerSlots.list({ chainId: CHAIN, dataId: DATA_ID })).to.deep.equal([]);
  });

  it("refuses a nested transaction", function () {
    expect(() => store.transaction(() => store.transaction(() => 1))).to.throw(StoreError, /Nested/);
    expect(store.db.isTransaction).to.equal(false);
  });

  it("upserts a record, keeping its creation time, and lists an owner's records", function () {
    store.records.upsert(record());
    store.records.upsert(record({ cid: "bafkreiother", updatedAt: 1_700_000_100, createdAt: 1_700_000_050 }));
    const stored = store.records.get({ chainId: CHAIN, dataId: DATA_ID });
    expect(stored).to.include({ cid: "bafkreiother", createdAt: 1_700_000_000, updatedAt: 1_700_000_100 });
    expect(store.records.listByOwner({ chainId: CHAIN, owner: OWNER })).to.have.length(1);
    expect(store.records.listByOwner({ chainId: 1, owner: OWNER })).to.deep.equal([]);
  });

  it("locates a record (owner and CID, as the latest upsert left them) by any case of its dataId", function () {
    expect(store.records.locate({ chainId: CHAIN, dataId: DATA_ID })).to.equal(undefined);
    store.records.upsert(record());
    store.records.upsert(record({ cid: "bafkreiother", updatedAt: 1_700_000_100 }));
    expect(store.records.locate({ chainId: CHAIN, dataId: DATA_ID.toUpperCase().replace("0X", "0x") })).to.deep.equal({
      owner: OWNER.toLowerCase(),
      cid: "bafkreiother",
    });
    expect(store.records.locate({ chainId: 1, dataId: DATA_ID })).to.equal(undefined);
    store.records.remove({ chainId: CHAIN, dataId: DATA_ID });
    expect(store.records.locate({ chainId: CHAIN, dataId: DATA_ID })).to.equal(undefined);
  });

  it("keeps a record's write proof (writer, writtenAt, signatures, permission) and replaces it with the record", function () {
    const proof = {
      writer: GRANTEE.toLowerCase(),
      writtenAt: 1_700_000_000_123,
      signature: new Uint8Array(65).fill(3),
      permission: { issuer: GRANTEE.toLowerCase(), expiresAt: 1_700_003_600, signature: new Uint8Array(65).fill(4) },
    };
    store.records.upsert(record({ proof }));
    expect(store.records.get({ chainId: CHAIN, dataId: DATA_ID })!.proof).to.deep.equal(proof);

    const byOwner = {
      writer: OWNER.toLowerCase(),
      writtenAt: 1_700_000_000_456,
      signature: new Uint8Array(65).fill(5),
    };
    store.records.upsert(record({ proof: byOwner }));
    expect(store.records.get({ chainId: CHAIN, dataId: DATA_ID })!.proof).to.deep.equal(byOwner);

    // A record without a proof (written before signed writes) has no `proof` at all.
    store.records.upsert(record());
    expect(store.records.get({ chainId: CHAIN, dataId: DATA_ID })).to.not.have.property("proof");
    expect(() => store.records.upsert(record({ proof: { ...byOwner, writer: "0x1234" } }))).to.throw(
      /CHECK constraint failed/,
    );
  });

  it("consumes a nonce once, and never after it expires", function () {
    store.siweNonces.insert({ nonce: "aaaaaaaaaaaaaaaa", issuedAt: 100, expiresAt: 400 });
    store.siweNonces.insert({ nonce: "bbbbbbbbbbbbbbbb", issuedAt: 100, expiresAt: 200 });
    expect(store.siweNonces.consume({ nonce: "aaaaaaaaaaaaaaaa", now: 150 })).to.equal(true);
    expect(store.siweNonces.consume({ nonce: "aaaaaaaaaaaaaaaa", now: 151 })).to.equal(false);
    expect(store.siweNonces.get("aaaaaaaaaaaaaaaa")?.used).to.equal(true);
    expect(store.siweNonces.consume({ nonce: "bbbbbbbbbbbbbbbb", now: 200 })).to.equal(false);
    expect(store.siweNonces.consume({ nonce: "cccccccccccccccc", now: 150 })).to.equal(false);
    expect(store.siweNonces.deleteExpired(300)).to.equal(1);
  });

  it("finds a session only before it expires", function () {
    const tokenHash = new Uint8Array(32).fill(5);
    store.sessions.insert({ tokenHash, address: OWNER, chainId: CHAIN, createdAt: 100, expiresAt: 200 });
    expect(store.sessions.findValid({ tokenHash, now: 199 })?.address).to.equal(OWNER.toLowerCase());
    expect(store.sessions.findValid({ tokenHash, now: 200 })).to.equal(undefined);
    expect(store.sessions.deleteExpired(200)).to.equal(1);
  });

  it("serves a remembered session only before it expires, and forgets it on sign-out", function () {
    const tokenHash = new Uint8Array(32).fill(6);
    store.sessions.insert({ tokenHash, address: OWNER, chainId: CHAIN, createdAt: 100, expiresAt: 200 });
    expect(store.sessions.findValid({ tokenHash, now: 150 })?.expiresAt).to.equal(200);
    // Deleted behind the repository's back: the remembered copy is what answers, still bound by its expiry.
    store.db.prepare("DELETE FROM sessions").run();
    expect(store.sessions.findValid({ tokenHash, now: 151 })?.address).to.equal(OWNER.toLowerCase());
    expect(store.sessions.findValid({ tokenHash, now: 200 })).to.equal(undefined);

    const other = new Uint8Array(32).fill(7);
    store.sessions.insert({ tokenHash: other, address: OWNER, chainId: CHAIN, createdAt: 100, expiresAt: 900 });
    expect(store.sessions.findValid({ tokenHash: other, now: 150 })).to.not.equal(undefined);
    expect(store.sessions.remove(other)).to.equal(true);
    expect(store.sessions.findValid({ tokenHash: other, now: 151 })).to.equal(undefined);
  });

  it("does not remember a session read inside a transaction that rolls back", function () {
    const tokenHash = new Uint8Array(32).fill(8);
    expect(() =>
      store.transaction(() => {
        store.sessions.insert({ tokenHash, address: OWNER, chainId: CHAIN, createdAt: 100, expiresAt: 900 });
        expect(store.sessions.findValid({ tokenHash, now: 150 })).to.not.equal(undefined);
        throw new Error("roll back");
      }),
    ).to.throw("roll back");
    expect(store.sessions.findValid({ tokenHash, now: 151 })).to.equal(undefined);
  });

  it("schedules deletions, lists the due ones, and marks them purged once", function () {
    store.deletions.schedule({ chainId: CHAIN, dataId: DATA_ID, effectiveAt: 500 });
    expect(store.deletions.due({ at: 499 })).to.deep.equal([]);
    expect(store.deletions.due({ at: 500 })).to.have.length(1);
    expect(store.deletions.markPurged({ chainId: CHAIN, dataId: DATA_ID, purgedAt: 501 })).to.equal(true);
    expect(store.deletions.markPurged({ chainId: CHAIN, dataId: DATA_ID, purgedAt: 502 })).to.equal(false);
    store.deletions.schedule({ chainId: CHAIN, dataId: DATA_ID, effectiveAt: 900 });
    expect(store.deletions.get({ chainId: CHAIN, dataId: DATA_ID })).to.include({ effectiveAt: 500, purgedAt: 501 });
  });

  it("keeps chain cursors, receipts and the audit log per chain", function () {
    store.chainCursors.set({ chainId: CHAIN, blockNumber: 10, blockTime: 1000 });
    store.chainCursors.set({ chainId: CHAIN, blockNumber: 12, blockTime: 1024 });
    expect(store.chainCursors.get(CHAIN)).to.deep.equal({ chainId: CHAIN, blockNumber: 12, blockTime: 1024 });
    expect(store.chainCursors.get(1)).to.equal(undefined);

    const receipt = { chainId: CHAIN, dataId: DATA_ID, node: OWNER, purgedAt: 5, signature: new Uint8Array(65) };
    store.receipts.insert(receipt);
    expect(() => store.receipts.insert(receipt)).to.throw(/UNIQUE constraint failed/);
    expect(store.receipts.list({ chainId: CHAIN, dataId: DATA_ID })).to.have.length(1);

    const read = { chainId: CHAIN, dataId: DATA_ID, owner: OWNER, reader: GRANTEE, nodeId: "node-1", blockNumber: 12 };
    store.auditLog.append({ ...read, readAt: 100 });
    store.auditLog.append({ ...read, readAt: 200 });
    const trail = store.auditLog.listByOwner({ chainId: CHAIN, owner: OWNER, limit: 10 });
    expect(trail.map((entry) => entry.readAt)).to.deep.equal([200, 100]);
    expect(trail[0]).to.include({ reader: GRANTEE.toLowerCase(), nodeId: "node-1" });
  });

  it("appends many audit rows in order with their own ids, across multi-row chunks, or none when one row fails", function () {
    const read = { chainId: CHAIN, dataId: DATA_ID, owner: OWNER, reader: GRANTEE, nodeId: "node-1", blockNumber: 12 };
    const first = store.auditLog.append({ ...read, readAt: 0 });
    const count = APPEND_MANY_CHUNK * 2 + 3;
    const ids = store.transaction(() =>
      store.auditLog.appendMany(Array.from({ length: count }, (_, index) => ({ ...read, readAt: index + 1 }))),
    );
    expect(ids).to.deep.equal(Array.from({ length: count }, (_, index) => first + 1 + index));
    const byId = new Map(
      (store.db.prepare("SELECT id, read_at FROM audit_log").all() as { id: number; read_at: number }[]).map((row) => [
        row.id,
        row.read_at,
      ]),
    );
    expect(ids.map((id) => byId.get(id))).to.deep.equal(Array.from({ length: count }, (_, index) => index + 1));
    expect(store.auditLog.appendMany([])).to.deep.equal([]);

    const before = byId.size;
    const rows = Array.from({ length: APPEND_MANY_CHUNK + 1 }, (_, index) => ({ ...read, readAt: 1000 + index }));
    rows[APPEND_MANY_CHUNK] = { ...read, owner: "0x1234", readAt: 2000 };
    expect(() => store.transaction(() => store.auditLog.appendMany(rows))).to.throw(/CHECK constraint failed/);
    expect((store.db.prepare("SELECT COUNT(*) AS n FROM audit_log").get() as { n: number }).n).to.equal(before);
  });

  it("rejects an address that is not 20-byte hex", function () {
    expect(() => store.records.upsert(record({ owner: "0x1234" }))).to.throw(/CHECK constraint failed/);
  });
});
