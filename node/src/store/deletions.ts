/**
 * Repository of `deletions`: the deletion schedule, from the chain's `requestDeletion` events. A row outlives the
 * record it deletes (`purged_at` says when it was carried out), so a node that was down knows what to purge.
 */
import type { Database } from "./sqlite.ts";

/**
 * One scheduled deletion. `effectiveAt` is the contract's effective time (block time, unix seconds).
 *
 * @example
 * ```ts
 * deletions.schedule({ chainId, dataId, effectiveAt });
 * ```
 */
export type Deletion = { chainId: number; dataId: string; effectiveAt: number; purgedAt: number | null };

/**
 * Functions over `deletions`.
 *
 * @example
 * ```ts
 * const deletions = deletionsRepository(db);
 * ```
 */
export type DeletionsRepository = {
  /** Records (or moves) the effective time of a pending deletion; a purged one is left as it is. */
  schedule(deletion: { chainId: number; dataId: string; effectiveAt: number }): void;
  /** The deletion of a dataId, if scheduled. */
  get(key: { chainId: number; dataId: string }): Deletion | undefined;
  /** Pending deletions whose effective time is at or before `at`, oldest first. */
  due(query: { at: number }): Deletion[];
  /** Marks a deletion carried out; returns whether a pending one was marked. */
  markPurged(key: { chainId: number; dataId: string; purgedAt: number }): boolean;
};

type Row = { chain_id: number; data_id: string; effective_at: number; purged_at: number | null };

const fromRow = (row: Row): Deletion => ({
  chainId: row.chain_id,
  dataId: row.data_id,
  effectiveAt: row.effective_at,
  purgedAt: row.purged_at,
});

/**
 * Prepares the `deletions` statements on `db`.
 *
 * @example
 * ```ts
 * const deletions = deletionsRepository(db);
 * ```
 */
export function deletionsRepository(db: Database): DeletionsRepository {
  const schedule = db.prepare(`INSERT INTO deletions (chain_id, data_id, effective_at) VALUES (?, ?, ?)
    ON CONFLICT (chain_id, data_id) DO UPDATE SET effective_at = excluded.effective_at WHERE purged_at IS NULL`);
  const get = db.prepare(
    "SELECT chain_id, data_id, effective_at, purged_at FROM deletions WHERE chain_id = ? AND data_id = ?",
  );
  const due = db.prepare(`SELECT chain_id, data_id, effective_at, purged_at FROM deletions
    WHERE purged_at IS NULL AND effective_at <= ? ORDER BY effective_at, chain_id, data_id`);
  const markPurged = db.prepare(
    "UPDATE deletions SET purged_at = ? WHERE chain_id = ? AND data_id = ? AND purged_at IS NULL",
  );
  return {
    schedule({ chainId, dataId, effectiveAt }) {
      schedule.run(chainId, dataId.toLowerCase(), effectiveAt);
    },
    get({ chainId, dataId }) {
      const row = get.get(chainId, dataId.toLowerCase()) as Row | undefined;
      return row === undefined ? undefined : fromRow(row);
    },
    due({ at }) {
      return (due.all(at) as Row[]).map(fromRow);
    },
    markPurged({ chainId, dataId, purgedAt }) {
      return markPurged.run(purgedAt, chainId, dataId.toLowerCase()).changes > 0;
    },
  };
}
