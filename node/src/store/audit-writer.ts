/**
 * Group commit of `audit_log` rows (an {@link AuditBatcher}) on a worker thread. A grantee's read answers only once
 * its audit row is durable (the COMMIT of its batch, `synchronous = FULL`, has returned), and the COMMIT and its
 * fsync run on another thread with its own connection, so the event loop keeps serving requests while the disk
 * syncs (measured on the read-path bench: a synchronous COMMIT on the event loop stalled every request behind it). One batch is in flight at a time: rows appended meanwhile are the next batch, sent as soon
 * as the current one is durable, so the batch size follows the load and no timer is needed.
 */
import { Worker } from "node:worker_threads";

import { StoreError } from "../errors.ts";
import type { AuditBatcher } from "./audit-batcher.ts";
import type { AuditEntry } from "./audit-log.ts";
import type { AuditWriterReply, AuditWriterRequest } from "./audit-writer-thread.ts";

type Waiter = {
  entry: AuditEntry;
  resolve: (id: number) => void;
  reject: (error: unknown) => void;
};

/**
 * Starts the writer thread on the store in `dataDir`, which `openStore` must have opened (and migrated) first.
 * `close()` it before `store.close()`.
 *
 * @example
 * ```ts
 * const store = openStore({ dataDir });
 * const audit = createAuditWriter({ dataDir });
 * const id = await audit.append({ chainId, dataId, owner, reader, nodeId, readAt, blockNumber }); // durable now
 * await audit.close();
 * store.close();
 * ```
 */
export function createAuditWriter({ dataDir }: { dataDir: string }): AuditBatcher {
  const worker = new Worker(new URL("./audit-writer-thread.ts", import.meta.url), { workerData: { dataDir } });
  // Only a batch in flight keeps the process alive (see `send`).
  worker.unref();
  let queue: Waiter[] = [];
  let inFlight: Waiter[] | undefined;
  let scheduled = false;
  let closed = false;
  let failure: StoreError | undefined;
  let idle: (() => void)[] = [];
  let exited: Promise<void> | undefined;

  const settleIdle = (): void => {
    if (queue.length > 0 || inFlight !== undefined) return;
    const waiting = idle;
    idle = [];
    for (const resolve of waiting) resolve();
  };

  const send = (): void => {
    scheduled = false;
    if (inFlight !== undefined || queue.length === 0) return;
    if (failure !== undefined) {
      for (const waiter of queue.splice(0)) waiter.reject(failure);
      settleIdle();
      return;
    }
    inFlight = queue;
    queue = [];
    worker.ref();
    const request: AuditWriterRequest = { type: "batch", entries: inFlight.map(({ entry }) => entry) };
    worker.postMessage(request);
  };

  const fail = (error: StoreError): void => {
    failure ??= error;
    const batch = inFlight ?? [];
    inFlight = undefined;
    for (const waiter of [...batch, ...queue.splice(0)]) waiter.reject(failure);
    settleIdle();
  };

  worker.on("message", (reply: AuditWriterReply) => {
    const batch = inFlight;
    inFlight = undefined;
    worker.unref();
    // One batch is in flight at a time, so a reply is always the in-flight batch's.
    if (batch === undefined) return;
    if ("error" in reply) {
      // The transaction rolled back: no row of the batch is written, and every reader of it gets the failure.
      const error = new StoreError("The audit rows could not be committed.", {
        details: `batch of ${batch.length} row(s): ${reply.error}`,
      });
      for (const waiter of batch) waiter.reject(error);
    } else {
      batch.forEach((waiter, index) => waiter.resolve(reply.ids[index]!));
    }
    send();
    settleIdle();
  });
  worker.on("error", (cause) => fail(new StoreError("The audit writer thread failed.", { cause })));
  worker.on("exit", () => fail(new StoreError("The audit writer thread has stopped.")));

  const flush = (): Promise<void> => {
    send();
    if (queue.length === 0 && inFlight === undefined) return Promise.resolve();
    return new Promise<void>((resolve) => idle.push(resolve));
  };

  return {
    append(entry) {
      if (closed) return Promise.reject(new StoreError("The audit batcher is closed."));
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise<number>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        // Rows appended in this event-loop turn go together (or with the rows queued behind a batch in flight).
        if (!scheduled && inFlight === undefined) {
          scheduled = true;
          setImmediate(send);
        }
      });
    },
    async flush() {
      await flush();
      if (failure !== undefined) throw failure;
    },
    async close() {
      closed = true;
      await flush();
      exited ??= new Promise<void>((resolve) => {
        worker.once("exit", () => resolve());
        const request: AuditWriterRequest = { type: "close" };
        worker.postMessage(request);
      });
      await exited;
    },
    get pending() {
      return queue.length + (inFlight?.length ?? 0);
    },
  };
}
