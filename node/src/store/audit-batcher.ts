/**
 * The group-commit interface of `audit_log` rows. A grantee's read answers only once its audit row is durable; with
 * `synchronous = FULL` every COMMIT fsyncs the WAL, so rows are queued and committed in batches (one fsync per
 * batch), and each `append` resolves only after the COMMIT of the batch holding its row has returned.
 */
import type { AuditEntry } from "./audit-log.ts";

/**
 * Queues audit rows and commits them in batches (group commit): what the read path appends a grantee's audit row
 * through. `createAuditWriter` (audit-writer.ts) implements it on a worker thread.
 *
 * @example
 * ```ts
 * const audit: AuditBatcher = createAuditWriter({ dataDir });
 * const id = await audit.append({ chainId, dataId, owner, reader, nodeId, readAt, blockNumber }); // durable now
 * await audit.close();
 * store.close();
 * ```
 */
export type AuditBatcher = {
  /** Queues one row; resolves to its id once the batch holding it has committed durably, rejects if it failed. */
  append(entry: AuditEntry): Promise<number>;
  /** Commits whatever is queued now (no-op when nothing is). Resolves once it is durable, rejects if it failed. */
  flush(): Promise<void>;
  /** Commits what is queued and refuses every later `append` (with a `StoreError`). Call before `store.close()`. */
  close(): Promise<void>;
  /** Rows queued and not yet committed. */
  readonly pending: number;
};
