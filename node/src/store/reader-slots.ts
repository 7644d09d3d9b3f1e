/**
 * Repository of `reader_slots`: the data key wrapped for one grantee's registered x25519 key (~100 bytes each).
 * A slot belongs to a record and is deleted with it.
 */
import type { Database } from "./sqlite.ts";

/**
 * One grantee's wrapped data key.
 *
 * @example
 * ```ts
 * const slot: ReaderSlot = { chainId, dataId, grantee, readerPublicKey, slot };
 * ```
 */
export type ReaderSlot = {
  chainId: number;
  dataId: string;
  grantee: string;
  /** The grantee's x25519 public key, as registered on-chain (32 bytes). */
  readerPublicKey: Uint8Array;
  /** The wrapped data key. */
  slot: Uint8Array;
};

/**
 * Functions over `reader_slots`.
 *
 * @example
 * ```ts
 * const slots = readerSlotsRepository(db);
 * slots.put(slot);
 * ```
 */
export type ReaderSlotsRepository = {
  /** Inserts or replaces the grantee's slot. Fails if the record does not exist. */
  put(slot: ReaderSlot): void;
  /** The grantee's slot, if any. */
  get(key: { chainId: number; dataId: string; grantee: string }): ReaderSlot | undefined;
  /** Every slot of a record, by grantee. */
  list(key: { chainId: number; dataId: string }): ReaderSlot[];
  /** Deletes the grantee's slot; returns whether one was deleted. */
  remove(key: { chainId: number; dataId: string; grantee: string }): boolean;
};

type Row = { chain_id: number; data_id: string; grantee: string; reader_public_key: Uint8Array; slot: Uint8Array };

const fromRow = (row: Row): ReaderSlot => ({
  chainId: row.chain_id,
  dataId: row.data_id,
  grantee: row.grantee,
  readerPublicKey: row.reader_public_key,
  slot: row.slot,
});

const COLUMNS = "chain_id, data_id, grantee, reader_public_key, slot";

/**
 * Prepares the `reader_slots` statements on `db`.
 *
 * @example
 * ```ts
 * const slots = readerSlotsRepository(db);
 * ```
 */
export function readerSlotsRepository(db: Database): ReaderSlotsRepository {
  const put = db.prepare(`INSERT INTO reader_slots (${COLUMNS}) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (chain_id, data_id, grantee) DO UPDATE SET
      reader_public_key = excluded.reader_public_key, slot = excluded.slot`);
  const get = db.prepare(`SELECT ${COLUMNS} FROM reader_slots WHERE chain_id = ? AND data_id = ? AND grantee = ?`);
  const list = db.prepare(`SELECT ${COLUMNS} FROM reader_slots WHERE chain_id = ? AND data_id = ? ORDER BY grantee`);
  const remove = db.prepare("DELETE FROM reader_slots WHERE chain_id = ? AND data_id = ? AND grantee = ?");
  return {
    put(slot) {
      put.run(slot.chainId, slot.dataId.toLowerCase(), slot.grantee.toLowerCase(), slot.readerPublicKey, slot.slot);
    },
    get({ chainId, dataId, grantee }) {
      const row = get.get(chainId, dataId.toLowerCase(), grantee.toLowerCase()) as Row | undefined;
      return row === undefined ? undefined : fromRow(row);
    },
    list({ chainId, dataId }) {
      return (list.all(chainId, dataId.toLowerCase()) as Row[]).map(fromRow);
    },
    remove({ chainId, dataId, grantee }) {
      return remove.run(chainId, dataId.toLowerCase(), grantee.toLowerCase()).changes > 0;
    },
  };
}
