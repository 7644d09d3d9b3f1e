/**
 * The replication change log (migration 4): every write of a record gives it a new per-node sequence number, a
 * deleted record leaves no change behind, and peer cursors only move forward.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { changeLog } from "../../../node/src/replication/change-log.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";

const OWNER = "0x00000000000000000000000000000000000000a1";
const dataId = (n: number): string => `0x${n.toString(16).padStart(64, "0")}`;

describe("replication change log (record_changes, replication_cursors)", function () {
  let dir: string;
  let store: Store;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), "idem-change-log-"));
    store = openStore({ dataDir: dir });
  });

  afterEach(function () {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (id: string): void =>
    store.records.upsert({
      chainId: 31337,
      dataId: id,
      owner: OWNER,
      cid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      envelopeHeader: new Uint8Array([1]),
      envelopeNonce: new Uint8Array(24),
      ownerSlots: new Uint8Array(48),
      size: 10,
      createdAt: 1,
      updatedAt: 1,
    });

  it("orders records by their last write and forgets deleted ones", function () {
    const log = changeLog(store.db);
    write(dataId(1));
    write(dataId(2));
    write(dataId(1)); // rewritten: moves after 2
    const changes = log.since({ after: 0, limit: 10 });
    expect(changes.map((change) => change.dataId)).to.deep.equal([dataId(2), dataId(1)]);
    expect(changes[0]!.seq).to.be.lessThan(changes[1]!.seq);
    expect(log.since({ after: changes[0]!.seq, limit: 10 }).map((change) => change.dataId)).to.deep.equal([dataId(1)]);
    store.records.remove({ chainId: 31337, dataId: dataId(1) });
    expect(log.since({ after: 0, limit: 10 }).map((change) => change.dataId)).to.deep.equal([dataId(2)]);
    const left = store.db.prepare("SELECT count(*) AS n FROM record_changes WHERE data_id = ?").get(dataId(1));
    expect(left).to.deep.equal({ n: 0 });
  });

  it("keeps a cursor per peer that never moves back", function () {
    const log = changeLog(store.db);
    expect(log.cursor("peer-a")).to.equal(0);
    log.advance("peer-a", 5);
    log.advance("peer-a", 3);
    log.advance("peer-b", 1);
    expect(log.cursor("peer-a")).to.equal(5);
    expect(log.cursor("peer-b")).to.equal(1);
  });
});
