/**
 * The replication tables of migration 4, over the store's connection: `record_changes` (a per-node sequence number
 * per stored record, bumped by triggers on every write of `records`, gone with the record) and
 * `replication_cursors` (per peer, the last of its sequence numbers this node has dealt with).
 */
import type { Database } from "../store/sqlite.ts";

/**
 * One changed record: its sequence number on this node and its key.
 *
 * @example
 * ```ts
 * const change: RecordChange = { seq: 7, chainId: 31337, dataId: "0x…" };
 * ```
 */
export type RecordChange = { seq: number; chainId: number; dataId: string };

/**
 * Functions over the replication tables.
 *
 * @example
 * ```ts
 * const log = changeLog(store.db);
 * const changes = log.since({ after: log.cursor(peerId), limit: 100 });
 * ```
 */
export type ChangeLog = {
  /** Changes with a sequence number above `after`, oldest first, at most `limit`. */
  since(query: { after: number; limit: number }): RecordChange[];
  /** The last sequence number of `peerId` this node has dealt with (0 before the first). */
  cursor(peerId: string): number;
  /** Moves `peerId`'s cursor to `seq` (never backwards). */
  advance(peerId: string, seq: number): void;
};

/**
 * Prepares the statements on `db` (a store migrated to version 4 or later).
 *
 * @example
 * ```ts
 * const log = changeLog(store.db);
 * ```
 */
export function changeLog(db: Database): ChangeLog {
  const since = db.prepare("SELECT seq, chain_id, data_id FROM record_changes WHERE seq > ? ORDER BY seq LIMIT ?");
  const cursor = db.prepare("SELECT seq FROM replication_cursors WHERE peer_id = ?");
  const advance = db.prepare(`INSERT INTO replication_cursors (peer_id, seq) VALUES (?, ?)
    ON CONFLICT (peer_id) DO UPDATE SET seq = max(seq, excluded.seq)`);
  return {
    since({ after, limit }) {
      const rows = since.all(after, limit) as { seq: number; chain_id: number; data_id: string }[];
      return rows.map((row) => ({ seq: row.seq, chainId: row.chain_id, dataId: row.data_id }));
    },
    cursor(peerId) {
      const row = cursor.get(peerId) as { seq: number } | undefined;
      return row?.seq ?? 0;
    },
    advance(peerId, seq) {
      advance.run(peerId, seq);
    },
  };
}
