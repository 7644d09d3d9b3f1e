/**
 * The owner's audit trail: which grantee read which of its dataIds, when, at which confirmed block, on which node.
 */
import { getAddress } from "ethers";

import type { RecordsDependencies } from "./dependencies.ts";

/** Most rows one call returns. */
export const MAX_AUDIT_ROWS = 1000;

/**
 * Rows scanned when filtering by dataId: the store lists an owner's reads newest first, so a dataId filter looks
 * at the owner's latest this-many reads.
 */
const DATA_ID_SCAN_ROWS = 10_000;

/**
 * One logged read. `readAt` is unix seconds (this node's clock); `blockNumber` the confirmed block the grant was
 * evaluated at.
 *
 * @example
 * ```ts
 * const entry: AuditTrailEntry = { chainId: 31337, dataId: "0x…", reader: "0x7099…", nodeId: "0x…", blockNumber: 12, readAt: 1700000000 };
 * ```
 */
export type AuditTrailEntry = {
  chainId: number;
  dataId: string;
  reader: string;
  nodeId: string;
  blockNumber: number;
  readAt: number;
};

/**
 * The reads of `owner`'s data on `chainId`, newest first, at most `limit`; only `dataId`'s when given (among the
 * owner's latest 10 000 reads).
 *
 * @example
 * ```ts
 * const trail = listAudit(deps, { chainId: 31337, owner: session.address, dataId, limit: 100 });
 * ```
 */
export function listAudit(
  { store }: Pick<RecordsDependencies, "store">,
  { chainId, owner, dataId, limit }: { chainId: number; owner: string; dataId?: string | undefined; limit: number },
): AuditTrailEntry[] {
  const capped = Math.min(limit, MAX_AUDIT_ROWS);
  const rows = store.auditLog.listByOwner({ chainId, owner, limit: dataId === undefined ? capped : DATA_ID_SCAN_ROWS });
  return rows
    .filter((row) => dataId === undefined || row.dataId === dataId.toLowerCase())
    .slice(0, capped)
    .map((row) => ({
      chainId: row.chainId,
      dataId: row.dataId,
      reader: getAddress(row.reader),
      nodeId: row.nodeId,
      blockNumber: row.blockNumber,
      readAt: row.readAt,
    }));
}
