/**
 * The audit row of a grantee's read: reader, node id, the home chain's confirmed block number, time.
 */
import { unixSeconds } from "../clock.ts";
import type { AuditEntry } from "../store/audit-log.ts";
import type { RecordTarget, RecordsDependencies } from "./dependencies.ts";

/**
 * Appends the audit row of `caller`'s read of the record `owner` holds, and resolves once the row is durable (the
 * COMMIT of its batch has returned, or the synchronous append without a batcher). The answer waits for it.
 *
 * @example
 * ```ts
 * await auditRead(deps, { chainId, dataId, caller: session.address, owner: record.owner });
 * ```
 */
export async function auditRead(
  { store, grants, clock, nodeId, auditBatcher }: RecordsDependencies,
  { chainId, dataId, caller, owner }: RecordTarget & { owner: string },
): Promise<void> {
  const entry: AuditEntry = {
    chainId,
    dataId,
    owner,
    reader: caller,
    nodeId,
    readAt: unixSeconds(clock),
    blockNumber: grants.confirmedBlock(chainId).blockNumber,
  };
  if (auditBatcher === undefined) store.auditLog.append(entry);
  else await auditBatcher.append(entry);
}
