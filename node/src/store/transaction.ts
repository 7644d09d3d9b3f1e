/**
 * The one way the node writes more than one row: `BEGIN IMMEDIATE … COMMIT`, `ROLLBACK` on any error.
 *
 * `BEGIN IMMEDIATE` takes the write lock up front, so two writers never deadlock upgrading a read lock. With
 * `synchronous = FULL` in WAL mode, `COMMIT` returns after the WAL is fsynced: when `transaction` returns, the
 * write is durable, and only then does a route answer.
 */
import { StoreError } from "../errors.ts";
import type { Database } from "./sqlite.ts";

/**
 * Runs `work` in a write transaction and returns its result after COMMIT. `work` must be synchronous: nothing else
 * runs on the connection until it returns, so a transaction never interleaves with another request's.
 *
 * @throws whatever `work` throws, after ROLLBACK; {@link StoreError} when called inside another transaction.
 * @example
 * ```ts
 * transaction(db, () => {
 *   nonces.markUsed({ nonce, now });
 *   sessions.insert(session);
 * });
 * ```
 */
export function transaction<T>(db: Database, work: () => T extends PromiseLike<unknown> ? never : T): T {
  if (db.isTransaction) {
    throw new StoreError("Nested transactions are not supported.", {
      details: "compose repository calls inside one transaction instead",
    });
  }
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}
