/**
 * Repository of `receipts`: the node's signed statement that it purged a dataId, which the owner can fetch.
 */
import type { Database } from "./sqlite.ts";

/**
 * A deletion receipt: `signature` (65 bytes) is the node key's signature over (chain, dataId, node, purgedAt).
 *
 * @example
 * ```ts
 * receipts.insert({ chainId, dataId, node, purgedAt, signature });
 * ```
 */
export type Receipt = { chainId: number; dataId: string; node: string; purgedAt: number; signature: Uint8Array };

/**
 * Functions over `receipts`.
 *
 * @example
 * ```ts
 * const receipts = receiptsRepository(db);
 * ```
 */
export type ReceiptsRepository = {
  /** Stores a receipt; a second one for the same (chain, dataId, node) fails. */
  insert(receipt: Receipt): void;
  /** Every node's receipt for a dataId that this node holds. */
  list(key: { chainId: number; dataId: string }): Receipt[];
};

type Row = { chain_id: number; data_id: string; node: string; purged_at: number; signature: Uint8Array };

/**
 * Prepares the `receipts` statements on `db`.
 *
 * @example
 * ```ts
 * const receipts = receiptsRepository(db);
 * ```
 */
export function receiptsRepository(db: Database): ReceiptsRepository {
  const insert = db.prepare(
    "INSERT INTO receipts (chain_id, data_id, node, purged_at, signature) VALUES (?, ?, ?, ?, ?)",
  );
  const list = db.prepare(`SELECT chain_id, data_id, node, purged_at, signature FROM receipts
    WHERE chain_id = ? AND data_id = ? ORDER BY node`);
  return {
    insert(receipt) {
      insert.run(
        receipt.chainId,
        receipt.dataId.toLowerCase(),
        receipt.node.toLowerCase(),
        receipt.purgedAt,
        receipt.signature,
      );
    },
    list({ chainId, dataId }) {
      return (list.all(chainId, dataId.toLowerCase()) as Row[]).map((row) => ({
        chainId: row.chain_id,
        dataId: row.data_id,
        node: row.node,
        purgedAt: row.purged_at,
        signature: row.signature,
      }));
    },
  };
}
