/**
 * Repository of `chain_cursors`: per chain, the last block the indexer has applied and that block's time. It is
 * written in the same transaction as the events of that block, so a restart resumes exactly there.
 */
import type { Database } from "./sqlite.ts";

/**
 * Where the indexer of one chain stands.
 *
 * @example
 * ```ts
 * cursors.set({ chainId: 31337, blockNumber: 120, blockTime: 1700000000 });
 * ```
 */
export type ChainCursor = { chainId: number; blockNumber: number; blockTime: number };

/**
 * Functions over `chain_cursors`.
 *
 * @example
 * ```ts
 * const cursors = chainCursorsRepository(db);
 * ```
 */
export type ChainCursorsRepository = {
  /** The chain's cursor, if the indexer has run. */
  get(chainId: number): ChainCursor | undefined;
  /** Sets the chain's cursor. */
  set(cursor: ChainCursor): void;
};

type Row = { chain_id: number; block_number: number; block_time: number };

/**
 * Prepares the `chain_cursors` statements on `db`.
 *
 * @example
 * ```ts
 * const cursors = chainCursorsRepository(db);
 * ```
 */
export function chainCursorsRepository(db: Database): ChainCursorsRepository {
  const get = db.prepare("SELECT chain_id, block_number, block_time FROM chain_cursors WHERE chain_id = ?");
  const set = db.prepare(`INSERT INTO chain_cursors (chain_id, block_number, block_time) VALUES (?, ?, ?)
    ON CONFLICT (chain_id) DO UPDATE SET block_number = excluded.block_number, block_time = excluded.block_time`);
  return {
    get(chainId) {
      const row = get.get(chainId) as Row | undefined;
      return row === undefined
        ? undefined
        : { chainId: row.chain_id, blockNumber: row.block_number, blockTime: row.block_time };
    },
    set({ chainId, blockNumber, blockTime }) {
      set.run(chainId, blockNumber, blockTime);
    },
  };
}
