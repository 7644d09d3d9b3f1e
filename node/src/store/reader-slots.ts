/**
 * Repository of a record's readers: `reader_slots`, the data key wrapped for one grantee's registered x25519 key
 * (~100 bytes each), and `dropped_readers`, the leaf (keccak256 of the slot) of each grantee whose slot the node
 * dropped when its grant ended. Together they are the reader set the record's StoreRecord signature commits to
 * (see `sdk/src/storage/write-typed-data.ts`). Both belong to a record and are deleted with it.
 */
import { getBytes, hexlify, keccak256 } from "ethers";

import type { ReaderLeaf } from "../../../sdk/src/storage/write-typed-data.ts";
import { createGeneration } from "./generation.ts";
import type { Generation } from "./generation.ts";
import type { Database } from "./sqlite.ts";
import { transaction } from "./transaction.ts";

/**
 * One grantee's wrapped data key.
 *
 * @example
 * ```ts
 * const slot: ReaderSlot = { chainId, dataId, grantee, readerPublicKey, slot, addedAt: blockTime };
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
  /**
   * The home chain's confirmed block time (unix seconds) when the slot was stored: a grant expiring after it drops
   * the slot. 0 unless given (any expiry drops it).
   */
  addedAt?: number;
};

/** A record's key. */
type Key = { chainId: number; dataId: string };
/** One grantee of a record. */
type GranteeKey = Key & { grantee: string };

/**
 * Functions over `reader_slots` and `dropped_readers`.
 *
 * @example
 * ```ts
 * const slots = readerSlotsRepository(db);
 * slots.put(slot);
 * ```
 */
export type ReaderSlotsRepository = {
  /** Inserts or replaces the grantee's slot (and forgets a dropped leaf of it). Fails if the record does not exist. */
  put(slot: ReaderSlot): void;
  /** The grantee's slot, if any. */
  get(key: GranteeKey): ReaderSlot | undefined;
  /** Every slot of a record, by grantee. */
  list(key: Key): ReaderSlot[];
  /** The leaves of the record's dropped readers, by grantee (grantees lowercase, hashes `0x` hex). */
  listDropped(key: Key): ReaderLeaf[];
  /** Records the leaf of a reader whose slot this node does not hold. Fails if the record does not exist. */
  putDropped(leaf: GranteeKey & { slotHash: string }): void;
  /** Takes the grantee out of the reader set (slot and dropped leaf); returns whether either was there. */
  remove(key: GranteeKey): boolean;
  /**
   * Drops the slot of each grantee whose grant in the node's view of `chainId` has ended at `blockTime` (unix
   * seconds): expired after the slot was stored, or unlocked while the owner's deletion request is pending. The
   * leaf stays. Returns the readers dropped.
   */
  dropEnded(query: { chainId: number; blockTime: number }): GranteeKey[];
};

type Row = {
  chain_id: number;
  data_id: string;
  grantee: string;
  reader_public_key: Uint8Array;
  slot: Uint8Array;
  added_at: number;
};

const fromRow = (row: Row): ReaderSlot => ({
  chainId: row.chain_id,
  dataId: row.data_id,
  grantee: row.grantee,
  readerPublicKey: row.reader_public_key,
  slot: row.slot,
  addedAt: row.added_at,
});

const COLUMNS = "chain_id, data_id, grantee, reader_public_key, slot, added_at";

/**
 * Prepares the statements on `db`. Every write of a slot (not of a dropped leaf, which no read serves) advances
 * `generation`.
 *
 * @example
 * ```ts
 * const slots = readerSlotsRepository(db);
 * ```
 */
export function readerSlotsRepository(
  db: Database,
  generation: Generation = createGeneration(),
): ReaderSlotsRepository {
  const put = db.prepare(`INSERT INTO reader_slots (${COLUMNS}, slot_hash) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (chain_id, data_id, grantee) DO UPDATE SET reader_public_key = excluded.reader_public_key,
      slot = excluded.slot, added_at = excluded.added_at, slot_hash = excluded.slot_hash`);
  const get = db.prepare(`SELECT ${COLUMNS} FROM reader_slots WHERE chain_id = ? AND data_id = ? AND grantee = ?`);
  const list = db.prepare(`SELECT ${COLUMNS} FROM reader_slots WHERE chain_id = ? AND data_id = ? ORDER BY grantee`);
  const remove = db.prepare("DELETE FROM reader_slots WHERE chain_id = ? AND data_id = ? AND grantee = ?");
  const listDropped = db.prepare(
    "SELECT grantee, slot_hash FROM dropped_readers WHERE chain_id = ? AND data_id = ? ORDER BY grantee",
  );
  const putDropped = db.prepare(`INSERT INTO dropped_readers (chain_id, data_id, grantee, slot_hash)
    VALUES (?, ?, ?, ?) ON CONFLICT (chain_id, data_id, grantee) DO UPDATE SET slot_hash = excluded.slot_hash`);
  const removeDropped = db.prepare("DELETE FROM dropped_readers WHERE chain_id = ? AND data_id = ? AND grantee = ?");
  // Grant addresses are checksummed in the view, record and slot addresses lowercase.
  const ended = db.prepare(`SELECT s.data_id, s.grantee, s.slot_hash FROM reader_slots s
    JOIN records r ON r.chain_id = s.chain_id AND r.data_id = s.data_id
    JOIN view_grants g ON g.chain_id = s.chain_id AND g.data_id = s.data_id
      AND lower(g.owner) = r.owner AND lower(g.grantee) = s.grantee
    WHERE s.chain_id = ? AND s.slot_hash IS NOT NULL AND (
      (g.expires_at != 0 AND g.expires_at <= ? AND g.expires_at > s.added_at)
      OR (g.locked_until <= ? AND EXISTS (SELECT 1 FROM view_deletions d
        WHERE d.chain_id = s.chain_id AND d.data_id = s.data_id)))`);

  // Inside the caller's transaction when there is one (transactions do not nest), else in one of its own.
  const atomically = <T>(work: () => T extends PromiseLike<unknown> ? never : T): T =>
    db.isTransaction ? work() : transaction(db, work);
  const lower = ({ chainId, dataId, grantee }: GranteeKey): [number, string, string] => [
    chainId,
    dataId.toLowerCase(),
    grantee.toLowerCase(),
  ];
  return {
    put(slot) {
      generation.advance();
      const key = lower(slot);
      atomically(() => {
        removeDropped.run(...key);
        put.run(...key, slot.readerPublicKey, slot.slot, slot.addedAt ?? 0, getBytes(keccak256(slot.slot)));
      });
    },
    get(key) {
      const row = get.get(...lower(key)) as Row | undefined;
      return row === undefined ? undefined : fromRow(row);
    },
    list({ chainId, dataId }) {
      return (list.all(chainId, dataId.toLowerCase()) as Row[]).map(fromRow);
    },
    listDropped({ chainId, dataId }) {
      const rows = listDropped.all(chainId, dataId.toLowerCase()) as { grantee: string; slot_hash: Uint8Array }[];
      return rows.map((row) => ({ grantee: row.grantee, slotHash: hexlify(row.slot_hash) }));
    },
    putDropped(leaf) {
      putDropped.run(...lower(leaf), getBytes(leaf.slotHash));
    },
    remove(key) {
      generation.advance();
      return atomically(() => {
        const slot = remove.run(...lower(key)).changes > 0;
        const leaf = removeDropped.run(...lower(key)).changes > 0;
        return slot || leaf;
      });
    },
    dropEnded({ chainId, blockTime }) {
      generation.advance();
      return atomically(() => {
        const rows = ended.all(chainId, blockTime, blockTime) as {
          data_id: string;
          grantee: string;
          slot_hash: Uint8Array;
        }[];
        return rows.map((row) => {
          const key = { chainId, dataId: row.data_id, grantee: row.grantee };
          putDropped.run(...lower(key), row.slot_hash);
          remove.run(...lower(key));
          return key;
        });
      });
    },
  };
}
