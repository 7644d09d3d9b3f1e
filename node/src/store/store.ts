/**
 * The node's metadata store: one SQLite file in the data directory, opened with WAL, `synchronous = FULL` and
 * foreign keys on, migrated to the newest schema, with one repository per table.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { StoreError } from "../errors.ts";
import { auditLogRepository } from "./audit-log.ts";
import type { AuditLogRepository } from "./audit-log.ts";
import { chainCursorsRepository } from "./chain-cursors.ts";
import type { ChainCursorsRepository } from "./chain-cursors.ts";
import { deletionsRepository } from "./deletions.ts";
import type { DeletionsRepository } from "./deletions.ts";
import { createGeneration } from "./generation.ts";
import { migrate } from "./migrations.ts";
import { readerSlotsRepository } from "./reader-slots.ts";
import type { ReaderSlotsRepository } from "./reader-slots.ts";
import { receiptsRepository } from "./receipts.ts";
import type { ReceiptsRepository } from "./receipts.ts";
import { recordsRepository } from "./records.ts";
import type { RecordsRepository } from "./records.ts";
import { sessionsRepository } from "./sessions.ts";
import type { SessionsRepository } from "./sessions.ts";
import { siweNoncesRepository } from "./siwe-nonces.ts";
import type { SiweNoncesRepository } from "./siwe-nonces.ts";
import { DatabaseSync } from "./sqlite.ts";
import type { Database } from "./sqlite.ts";
import { transaction } from "./transaction.ts";

/** File name of the metadata database inside the data directory. */
export const DATABASE_FILE = "metadata.sqlite";

/**
 * The open store. Repository writes outside `transaction` are single statements (atomic and durable on their own);
 * anything that writes more than one row goes through `transaction`.
 *
 * @example
 * ```ts
 * const store = openStore({ dataDir });
 * store.transaction(() => {
 *   store.records.upsert(record);
 *   store.readerSlots.put(slot);
 * });
 * store.close();
 * ```
 */
export type Store = {
  readonly records: RecordsRepository;
  readonly readerSlots: ReaderSlotsRepository;
  readonly auditLog: AuditLogRepository;
  readonly deletions: DeletionsRepository;
  readonly receipts: ReceiptsRepository;
  readonly chainCursors: ChainCursorsRepository;
  readonly siweNonces: SiweNoncesRepository;
  readonly sessions: SessionsRepository;
  /** Runs `work` in `BEGIN IMMEDIATE … COMMIT` (ROLLBACK on error) and returns once the commit is durable. */
  transaction<T>(work: () => T extends PromiseLike<unknown> ? never : T): T;
  /**
   * The write generation of `records` and `reader_slots`: it moves on every write of either, so a value derived
   * from them is current while it stays the same. `undefined` while a transaction is open (what is read then may
   * still roll back, so nothing read then may be kept).
   */
  servedGeneration(): number | undefined;
  /** Whether the database answers a trivial query (for `/health`). */
  ping(): boolean;
  /** Closes the database; the store is unusable afterwards. */
  close(): void;
  /** The underlying connection, for tests and migrations only. */
  readonly db: Database;
};

/**
 * Opens (creating if needed) the store in `dataDir`.
 *
 * @throws {StoreError} when the directory or database cannot be opened, or the schema cannot be migrated.
 * @example
 * ```ts
 * const store = openStore({ dataDir: "/var/lib/idem-node" });
 * ```
 */
export function openStore({ dataDir }: { dataDir: string }): Store {
  let db: Database;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = new DatabaseSync(join(dataDir, DATABASE_FILE));
  } catch (cause) {
    throw new StoreError("The metadata store cannot be opened.", { details: `data directory ${dataDir}`, cause });
  }
  try {
    db.exec("PRAGMA journal_mode = WAL");
    // FULL: in WAL mode, every COMMIT fsyncs the WAL, so a committed write survives a power loss.
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA busy_timeout = 5000");
    migrate(db);
  } catch (cause) {
    db.close();
    if (cause instanceof StoreError) throw cause;
    throw new StoreError("The metadata store cannot be prepared.", { cause });
  }
  const ping = db.prepare("SELECT 1 AS ok");
  const served = createGeneration();
  return {
    records: recordsRepository(db, served),
    readerSlots: readerSlotsRepository(db, served),
    auditLog: auditLogRepository(db),
    deletions: deletionsRepository(db),
    receipts: receiptsRepository(db),
    chainCursors: chainCursorsRepository(db),
    siweNonces: siweNoncesRepository(db),
    sessions: sessionsRepository(db),
    transaction: (work) => transaction(db, work),
    servedGeneration: () => (db.isTransaction ? undefined : served.value),
    ping() {
      try {
        return (ping.get() as { ok: number } | undefined)?.ok === 1;
      } catch {
        return false;
      }
    },
    close() {
      if (db.isOpen) db.close();
    },
    db,
  };
}
