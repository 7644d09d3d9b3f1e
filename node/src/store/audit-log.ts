/**
 * Repository of `audit_log`: one row per read by a grantee, which the owner can list.
 */
import type { Database } from "./sqlite.ts";

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
  /** An owner's reads on one chain, newest first, at most `limit`. */
  listByOwner(query: { chainId: number; owner: string; limit: number }): (AuditEntry & { id: number })[];
};

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
  const append = db.prepare(`INSERT INTO audit_log (chain_id, data_id, owner, reader, node_id, read_at, block_number)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const listByOwner = db.prepare(`SELECT id, chain_id, data_id, owner, reader, node_id, read_at, block_number
    FROM audit_log WHERE chain_id = ? AND owner = ? ORDER BY read_at DESC, id DESC LIMIT ?`);
  return {
    append(entry) {
      const result = append.run(
        entry.chainId,
        entry.dataId.toLowerCase(),
        entry.owner.toLowerCase(),
        entry.reader.toLowerCase(),
        entry.nodeId,
        entry.readAt,
        entry.blockNumber,
      );
      return Number(result.lastInsertRowid);
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
