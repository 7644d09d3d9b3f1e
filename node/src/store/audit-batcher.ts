/**
 * Group commit of `audit_log` rows. A grantee's read answers only once its audit row is durable; with
 * `synchronous = FULL` every COMMIT fsyncs the WAL, so one transaction per read costs one fsync per read. The
 * batcher queues rows and commits each batch in ONE transaction (one fsync), then resolves every row of that batch.
 *
 * A batch is committed when it reaches `maxBatch` rows, or at the latest `maxDelayMs` after its first row
 * (`maxDelayMs: 0` commits at the end of the current event-loop turn: every read that reached its audit append in
 * that turn shares the fsync, and a lone read waits for nothing). `append` resolves only after the COMMIT of the
 * batch holding its row has returned, and rejects if that commit fails (the whole batch is rolled back: no row of
 * it is written), so the caller's "durable before the answer" rule still holds row by row.
 */
import { StoreError } from "../errors.ts";
import type { AuditEntry } from "./audit-log.ts";
import type { Store } from "./store.ts";

/** Default largest batch: rows beyond it start the next batch. */
export const DEFAULT_AUDIT_BATCH_ROWS = 64;

/**
 * Default longest wait of a queued row before its batch is committed (milliseconds): 0, the end of the current
 * event-loop turn. Measured on the read-path bench (10 connections) it beats a 2 ms timer (≈ 3,600 vs ≈ 2,460
 * req/s): the reads that arrive while a COMMIT fsyncs are the next batch, so waiting longer only adds latency.
 */
export const DEFAULT_AUDIT_BATCH_DELAY_MS = 0;

/**
 * Options of {@link createAuditBatcher}.
 *
 * @example
 * ```ts
 * const options: AuditBatcherOptions = { maxBatch: 64, maxDelayMs: 0 };
 * ```
 */
export type AuditBatcherOptions = {
  /** Commit as soon as this many rows are queued; {@link DEFAULT_AUDIT_BATCH_ROWS} unless given. */
  maxBatch?: number;
  /**
   * Commit at the latest this long after the batch's first row (at most 2 is sensible);
   * {@link DEFAULT_AUDIT_BATCH_DELAY_MS} unless given. 0 commits at the end of the current event-loop turn
   * (`setImmediate`).
   */
  maxDelayMs?: number;
};

/**
 * Queues audit rows and commits them in batches.
 *
 * @example
 * ```ts
 * const audit = createAuditBatcher(store);
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

type Waiter = {
  entry: AuditEntry;
  resolve: (id: number) => void;
  reject: (error: unknown) => void;
};

/**
 * Creates a batcher over the store's `auditLog` and `transaction`.
 *
 * @throws {RangeError} for a `maxBatch` below 1 or a negative `maxDelayMs`.
 * @example
 * ```ts
 * const audit = createAuditBatcher(store, { maxBatch: 64, maxDelayMs: 0 });
 * ```
 */
export function createAuditBatcher(
  store: Pick<Store, "auditLog" | "transaction">,
  { maxBatch = DEFAULT_AUDIT_BATCH_ROWS, maxDelayMs = DEFAULT_AUDIT_BATCH_DELAY_MS }: AuditBatcherOptions = {},
): AuditBatcher {
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be ≥ 1, got ${maxBatch}`);
  if (!Number.isFinite(maxDelayMs) || maxDelayMs < 0) {
    throw new RangeError(`maxDelayMs must be ≥ 0, got ${maxDelayMs}`);
  }
  let queue: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let immediate: ReturnType<typeof setImmediate> | undefined;
  let closed = false;

  const disarm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
  };

  /** Commits the queued rows in one transaction and settles their promises; returns the failure, if any. */
  const commit = (): StoreError | undefined => {
    disarm();
    const batch = queue;
    queue = [];
    if (batch.length === 0) return undefined;
    let ids: number[];
    try {
      ids = store.transaction(() => batch.map(({ entry }) => store.auditLog.append(entry)));
    } catch (cause) {
      // The transaction rolled back: no row of the batch is written, and every reader of it gets the failure.
      const error = new StoreError("The audit rows could not be committed.", {
        details: `batch of ${batch.length} row(s)`,
        cause,
      });
      for (const waiter of batch) waiter.reject(error);
      return error;
    }
    batch.forEach((waiter, index) => waiter.resolve(ids[index]!));
    return undefined;
  };

  const arm = (): void => {
    if (timer !== undefined || immediate !== undefined) return;
    if (maxDelayMs === 0) immediate = setImmediate(() => void commit());
    else timer = setTimeout(() => void commit(), maxDelayMs);
  };

  return {
    append(entry) {
      if (closed) return Promise.reject(new StoreError("The audit batcher is closed."));
      return new Promise<number>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        // A full batch commits right after the current synchronous code (never inside a caller's transaction).
        if (queue.length >= maxBatch) {
          disarm();
          immediate = setImmediate(() => void commit());
        } else {
          arm();
        }
      });
    },
    async flush() {
      const error = commit();
      if (error !== undefined) throw error;
    },
    async close() {
      closed = true;
      await this.flush();
    },
    get pending() {
      return queue.length;
    },
  };
}
