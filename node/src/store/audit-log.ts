/**
 * Repository of `audit_log`: one row per read by a grantee, which the owner can list.
 */
import type { Database, Statement } from "./sqlite.ts";

/**
 * One logged read. `blockNumber` is the node's confirmed block the grant was evaluated at.
 *
 * @example
 * ```ts
 * audit.append({ chainId, dataId, owner, reader, nodeId, readAt, blockNumber });
 * ```
 */
export type AuditEntry = {
  chainId: number;
  dataId: string;
  owner: string;
  reader: string;
  nodeId: string;
  readAt: number;
  blockNumber: number;
};

/**
 * Functions over `audit_log`.
 *
 * @example
 * ```ts
 * const audit = auditLogRepository(db);
 * ```
 */
export type AuditLogRepository = {
  /** Appends one read; returns its id. */
  append(entry: AuditEntry): number;
  /**
   * Appends reads in order, in multi-row INSERTs of up to {@link APPEND_MANY_CHUNK} rows (one statement step per
   * chunk instead of per row: the group commit's batches go through here); returns their ids, in order. Call it
   * inside a transaction: a failing row then leaves none written.
   */
  appendMany(entries: readonly AuditEntry[]): number[];
  /** An owner's reads on one chain, newest first, at most `limit`. */
  listByOwner(query: { chainId: number; owner: string; limit: number }): (AuditEntry & { id: number })[];
};

/** Rows per multi-row INSERT of `appendMany` (7 parameters each, far below SQLite's parameter limit). */
export const APPEND_MANY_CHUNK = 64;

const COLUMNS = "INSERT INTO audit_log (chain_id, data_id, owner, reader, node_id, read_at, block_number) VALUES ";

type Row = {
  id: number;
  chain_id: number;
  data_id: string;
  owner: string;
  reader: string;
  node_id: string;
  read_at: number;
  block_number: number;
};

/**
 * Prepares the `audit_log` statements on `db`.
 *
 * @example
 * ```ts
 * const audit = auditLogRepository(db);
 * ```
 */
export function auditLogRepository(db: Database): AuditLogRepository {
  const append = db.prepare(`${COLUMNS}(?, ?, ?, ?, ?, ?, ?)`);
  // Prepared on first use, one per chunk size (at most APPEND_MANY_CHUNK of them).
  const appendChunk: Statement[] = [];
  const chunkStatement = (rows: number): Statement =>
    (appendChunk[rows] ??= db.prepare(
      COLUMNS + Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?, ?)").join(", "),
    ));
  const parameters = (entry: AuditEntry) =>
    [
      entry.chainId,
      entry.dataId.toLowerCase(),
      entry.owner.toLowerCase(),
      entry.reader.toLowerCase(),
      entry.nodeId,
      entry.readAt,
      entry.blockNumber,
    ] as const;
  const listByOwner = db.prepare(`SELECT id, chain_id, data_id, owner, reader, node_id, read_at, block_number
    FROM audit_log WHERE chain_id = ? AND owner = ? ORDER BY read_at DESC, id DESC LIMIT ?`);
  return {
    append(entry) {
      return Number(append.run(...parameters(entry)).lastInsertRowid);
    },
    appendMany(entries) {
      const ids: number[] = [];
      for (let start = 0; start < entries.length; start += APPEND_MANY_CHUNK) {
        const chunk = entries.slice(start, start + APPEND_MANY_CHUNK);
        const last = Number(chunkStatement(chunk.length).run(...chunk.flatMap(parameters)).lastInsertRowid);
        // One statement inserts its rows in order with consecutive ids (AUTOINCREMENT, no explicit id): the last
        // row's id is `last`.
        for (let index = 0; index < chunk.length; index += 1) ids.push(last - chunk.length + 1 + index);
      }
      return ids;
    },
    listByOwner({ chainId, owner, limit }) {
      return (listByOwner.all(chainId, owner.toLowerCase(), limit) as Row[]).map((row) => ({
        id: row.id,
        chainId: row.chain_id,
        dataId: row.data_id,
        owner: row.owner,
        reader: row.reader,
        nodeId: row.node_id,
        readAt: row.read_at,
        blockNumber: row.block_number,
      }));
    },
  };
}
