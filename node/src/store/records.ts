/**
 * Repository of `records`: one row per stored envelope, keyed by (home chain, dataId). The payload's blocks live
 * in the blockstore under `cid`; this row keeps what a read needs besides them (header, nonce, owner slots).
 */
import { createGeneration } from "./generation.ts";
import type { Generation } from "./generation.ts";
import type { Database } from "./sqlite.ts";

/**
 * One stored envelope's metadata. Addresses and dataIds are lowercase hex.
 *
 * @example
 * ```ts
 * const record: StoredRecord = { chainId: 31337, dataId, owner, cid, envelopeHeader, envelopeNonce, ownerSlots,
 *   size: 1234, createdAt: 1700000000, updatedAt: 1700000000 };
 * ```
 */
export type StoredRecord = {
  chainId: number;
  dataId: string;
  owner: string;
  cid: string;
  envelopeHeader: Uint8Array;
  envelopeNonce: Uint8Array;
  ownerSlots: Uint8Array;
  size: number;
  createdAt: number;
  updatedAt: number;
  /** The write's proof; absent on records stored before writes were signed (they cannot be replicated). */
  proof?: WriteProof;
};

/**
 * What proves a write to a peer (see `sdk/src/storage/write-typed-data.ts`): the writer and its EIP-712
 * `StoreRecord` signature with `writtenAt` (unix milliseconds), and for an issuer's write the owner's
 * `WritePermission` (`expiresAt` in unix seconds). Addresses lowercase; signatures as the signers gave them.
 *
 * @example
 * ```ts
 * const proof: WriteProof = { writer: owner, writtenAt: 1_900_000_000_000, signature };
 * ```
 */
export type WriteProof = {
  writer: string;
  writtenAt: number;
  signature: Uint8Array;
  permission?: { issuer: string; expiresAt: number; signature: Uint8Array };
};

/** A record's key. */
export type RecordKey = { chainId: number; dataId: string };

/**
 * What a read needs of a record besides its blocks: who owns it and where the envelope is.
 *
 * @example
 * ```ts
 * const { owner, cid }: RecordLocation = records.locate({ chainId, dataId })!;
 * ```
 */
export type RecordLocation = { owner: string; cid: string };

/**
 * Functions over `records`, each one statement, prepared once.
 *
 * @example
 * ```ts
 * const records = recordsRepository(db);
 * records.upsert(record);
 * records.get({ chainId, dataId });
 * ```
 */
export type RecordsRepository = {
  /** Inserts the record, or replaces all but `created_at` of an existing one (the proof with the rest). */
  upsert(record: StoredRecord): void;
  /** The record, if stored. */
  get(key: RecordKey): StoredRecord | undefined;
  /** The record's owner and CID, if stored: two columns, none of the blobs `get` copies out. */
  locate(key: RecordKey): RecordLocation | undefined;
  /** An owner's records on one chain, oldest first. */
  listByOwner(query: { chainId: number; owner: string }): StoredRecord[];
  /** Deletes the record (its reader slots go with it); returns whether one was deleted. */
  remove(key: RecordKey): boolean;
};

type Row = {
  chain_id: number;
  data_id: string;
  owner: string;
  cid: string;
  envelope_header: Uint8Array;
  envelope_nonce: Uint8Array;
  owner_slots: Uint8Array;
  size: number;
  created_at: number;
  updated_at: number;
  writer: string | null;
  written_at: number | null;
  writer_signature: Uint8Array | null;
  permission_issuer: string | null;
  permission_expires_at: number | null;
  permission_signature: Uint8Array | null;
};

const COLUMNS =
  "chain_id, data_id, owner, cid, envelope_header, envelope_nonce, owner_slots, size, created_at, updated_at, " +
  "writer, written_at, writer_signature, permission_issuer, permission_expires_at, permission_signature";

const proofOf = (row: Row): WriteProof | undefined => {
  if (row.writer === null || row.written_at === null || row.writer_signature === null) return undefined;
  const permission =
    row.permission_issuer === null || row.permission_expires_at === null || row.permission_signature === null
      ? undefined
      : { issuer: row.permission_issuer, expiresAt: row.permission_expires_at, signature: row.permission_signature };
  return {
    writer: row.writer,
    writtenAt: row.written_at,
    signature: row.writer_signature,
    ...(permission === undefined ? {} : { permission }),
  };
};

const fromRow = (row: Row): StoredRecord => ({
  chainId: row.chain_id,
  dataId: row.data_id,
  owner: row.owner,
  cid: row.cid,
  envelopeHeader: row.envelope_header,
  envelopeNonce: row.envelope_nonce,
  ownerSlots: row.owner_slots,
  size: row.size,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  ...(proofOf(row) === undefined ? {} : { proof: proofOf(row)! }),
});

/**
 * Prepares the `records` statements on `db`. Every write advances `generation`.
 *
 * @example
 * ```ts
 * const records = recordsRepository(db);
 * ```
 */
export function recordsRepository(db: Database, generation: Generation = createGeneration()): RecordsRepository {
  const upsert = db.prepare(`INSERT INTO records (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (chain_id, data_id) DO UPDATE SET owner = excluded.owner, cid = excluded.cid,
      envelope_header = excluded.envelope_header, envelope_nonce = excluded.envelope_nonce,
      owner_slots = excluded.owner_slots, size = excluded.size, updated_at = excluded.updated_at,
      writer = excluded.writer, written_at = excluded.written_at, writer_signature = excluded.writer_signature,
      permission_issuer = excluded.permission_issuer, permission_expires_at = excluded.permission_expires_at,
      permission_signature = excluded.permission_signature`);
  const get = db.prepare(`SELECT ${COLUMNS} FROM records WHERE chain_id = ? AND data_id = ?`);
  const locate = db.prepare("SELECT owner, cid FROM records WHERE chain_id = ? AND data_id = ?");
  const listByOwner = db.prepare(
    `SELECT ${COLUMNS} FROM records WHERE chain_id = ? AND owner = ? ORDER BY created_at, data_id`,
  );
  const remove = db.prepare("DELETE FROM records WHERE chain_id = ? AND data_id = ?");
  return {
    upsert(record) {
      generation.advance();
      upsert.run(
        record.chainId,
        record.dataId.toLowerCase(),
        record.owner.toLowerCase(),
        record.cid,
        record.envelopeHeader,
        record.envelopeNonce,
        record.ownerSlots,
        record.size,
        record.createdAt,
        record.updatedAt,
        record.proof?.writer.toLowerCase() ?? null,
        record.proof?.writtenAt ?? null,
        record.proof?.signature ?? null,
        record.proof?.permission?.issuer.toLowerCase() ?? null,
        record.proof?.permission?.expiresAt ?? null,
        record.proof?.permission?.signature ?? null,
      );
    },
    get({ chainId, dataId }) {
      const row = get.get(chainId, dataId.toLowerCase()) as Row | undefined;
      return row === undefined ? undefined : fromRow(row);
    },
    locate({ chainId, dataId }) {
      const row = locate.get(chainId, dataId.toLowerCase()) as RecordLocation | undefined;
      return row === undefined ? undefined : { owner: row.owner, cid: row.cid };
    },
    listByOwner({ chainId, owner }) {
      return (listByOwner.all(chainId, owner.toLowerCase()) as Row[]).map(fromRow);
    },
    remove({ chainId, dataId }) {
      generation.advance();
      return remove.run(chainId, dataId.toLowerCase()).changes > 0;
    },
  };
}
