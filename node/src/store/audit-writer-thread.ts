/**
 * Worker-thread side of {@link createAuditWriter} (`audit-writer.ts`): its own connection to the node's database
 * (WAL, `synchronous = FULL`, like the main one), which commits each batch of audit rows it is sent in one
 * transaction and answers with the rows' ids once the COMMIT (and its fsync) has returned, or with the failure.
 * The main thread keeps serving requests while this thread waits on the disk.
 *
 * Messages in: `{ type: "batch", entries }`, `{ type: "close" }`. Messages out: `{ ids }` or `{ error }`,
 * one per batch, in order.
 */
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";

import { auditLogRepository } from "./audit-log.ts";
import { DatabaseSync } from "./sqlite.ts";
import type { AuditEntry } from "./audit-log.ts";
import { DATABASE_FILE } from "./store.ts";
import { transaction } from "./transaction.ts";

/**
 * A message from the main thread.
 *
 * @example
 * ```ts
 * worker.postMessage({ type: "batch", entries } satisfies AuditWriterRequest);
 * ```
 */
export type AuditWriterRequest = { type: "batch"; entries: AuditEntry[] } | { type: "close" };

/**
 * The answer to one batch: the ids of its rows, in order, or why none was written.
 *
 * @example
 * ```ts
 * worker.on("message", (reply: AuditWriterReply) => settle(reply));
 * ```
 */
export type AuditWriterReply = { ids: number[] } | { error: string };

if (parentPort !== null) {
  const port = parentPort;
  const { dataDir } = workerData as { dataDir: string };
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
  // The same durability as the main connection: every COMMIT fsyncs the WAL.
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = 5000");
  const auditLog = auditLogRepository(db);

  port.on("message", (message: AuditWriterRequest) => {
    if (message.type === "close") {
      db.close();
      port.close();
      return;
    }
    let reply: AuditWriterReply;
    try {
      reply = { ids: transaction(db, () => auditLog.appendMany(message.entries)) };
    } catch (error) {
      reply = { error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
