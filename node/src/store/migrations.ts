/**
 * The metadata store's schema, as an ordered list of migrations recorded in `schema_migrations`. A migration is
 * never edited once shipped; a change is a new entry at the end.
 *
 * Conventions: STRICT tables; times are unix seconds (wall clock for node events, block time for chain events);
 * addresses are lowercase `0x` hex; dataIds lowercase 32-byte `0x` hex; every record is keyed by its home chain.
 */
import { StoreError } from "../errors.ts";
import type { Database } from "./sqlite.ts";
import { transaction } from "./transaction.ts";

const ADDRESS = (column: string): string =>
  `CHECK (length(${column}) = 42 AND ${column} GLOB '0x*' AND ${column} = lower(${column}))`;
/** An address column that may be NULL (columns added to existing rows). */
const NULLABLE_ADDRESS = (column: string): string =>
  `CHECK (${column} IS NULL OR (length(${column}) = 42 AND ${column} GLOB '0x*' AND ${column} = lower(${column})))`;
const DATA_ID = "CHECK (length(data_id) = 66 AND data_id GLOB '0x*' AND data_id = lower(data_id))";
/** An address as the SDK's grant view holds it: checksummed, so only its shape is checked. */
const VIEW_ADDRESS = (column: string): string => `CHECK (length(${column}) = 42 AND ${column} GLOB '0x*')`;
/** A 32-byte hash, lowercase `0x` hex. */
const HASH = (column: string): string =>
  `CHECK (length(${column}) = 66 AND ${column} GLOB '0x*' AND ${column} = lower(${column}))`;

/**
 * Every migration, in order. `version` is its position, from 1.
 *
 * @example
 * ```ts
 * MIGRATIONS.at(-1)?.version; // the current schema version
 * ```
 */
export const MIGRATIONS: readonly { readonly version: number; readonly name: string; readonly sql: string }[] = [
  {
    version: 1,
    name: "initial schema",
    sql: `
      CREATE TABLE records (
        chain_id INTEGER NOT NULL CHECK (chain_id > 0),
        data_id TEXT NOT NULL ${DATA_ID},
        owner TEXT NOT NULL ${ADDRESS("owner")},
        cid TEXT NOT NULL CHECK (length(cid) > 0),
        envelope_header BLOB NOT NULL,
        envelope_nonce BLOB NOT NULL,
        owner_slots BLOB NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL CHECK (updated_at >= created_at),
        PRIMARY KEY (chain_id, data_id)
      ) STRICT;
      CREATE INDEX records_by_owner ON records (chain_id, owner);

      CREATE TABLE reader_slots (
        chain_id INTEGER NOT NULL,
        data_id TEXT NOT NULL,
        grantee TEXT NOT NULL ${ADDRESS("grantee")},
        reader_public_key BLOB NOT NULL CHECK (length(reader_public_key) = 32),
        slot BLOB NOT NULL CHECK (length(slot) > 0),
        PRIMARY KEY (chain_id, data_id, grantee),
        FOREIGN KEY (chain_id, data_id) REFERENCES records (chain_id, data_id) ON DELETE CASCADE
      ) STRICT;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chain_id INTEGER NOT NULL,
        data_id TEXT NOT NULL ${DATA_ID},
        owner TEXT NOT NULL ${ADDRESS("owner")},
        reader TEXT NOT NULL ${ADDRESS("reader")},
        node_id TEXT NOT NULL,
        read_at INTEGER NOT NULL,
        block_number INTEGER NOT NULL CHECK (block_number >= 0)
      ) STRICT;
      CREATE INDEX audit_log_by_owner ON audit_log (chain_id, owner, read_at);

      CREATE TABLE deletions (
        chain_id INTEGER NOT NULL,
        data_id TEXT NOT NULL ${DATA_ID},
        effective_at INTEGER NOT NULL,
        purged_at INTEGER,
        PRIMARY KEY (chain_id, data_id)
      ) STRICT;
      CREATE INDEX deletions_pending ON deletions (effective_at) WHERE purged_at IS NULL;

      CREATE TABLE receipts (
        chain_id INTEGER NOT NULL,
        data_id TEXT NOT NULL ${DATA_ID},
        node TEXT NOT NULL ${ADDRESS("node")},
        purged_at INTEGER NOT NULL,
        signature BLOB NOT NULL CHECK (length(signature) = 65),
        PRIMARY KEY (chain_id, data_id, node)
      ) STRICT;

      CREATE TABLE chain_cursors (
        chain_id INTEGER PRIMARY KEY CHECK (chain_id > 0),
        block_number INTEGER NOT NULL CHECK (block_number >= 0),
        block_time INTEGER NOT NULL CHECK (block_time >= 0)
      ) STRICT;

      CREATE TABLE siwe_nonces (
        nonce TEXT PRIMARY KEY CHECK (length(nonce) >= 8),
        issued_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL CHECK (expires_at > issued_at),
        used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
      ) STRICT;
      CREATE INDEX siwe_nonces_by_expiry ON siwe_nonces (expires_at);

      CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
        address TEXT NOT NULL ${ADDRESS("address")},
        chain_id INTEGER NOT NULL CHECK (chain_id > 0),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL CHECK (expires_at > created_at)
      ) STRICT;
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);
    `,
  },
  {
    version: 2,
    name: "grant view",
    // The SDK grant view's records (sdk/src/chain/store.ts), one table each, every key led by the chain id.
    // Addresses are stored as the SDK gives them (checksummed, compared as given), unlike the node's own tables:
    // the view answers with exactly the records it was handed. The view's cursor is `chain_cursors` plus the
    // block hash the follower needs to notice a reorg; a row without a hash is not a view cursor.
    sql: `
      CREATE TABLE view_anchors (
        chain_id INTEGER NOT NULL CHECK (chain_id > 0),
        data_id TEXT NOT NULL ${DATA_ID},
        owner TEXT NOT NULL ${VIEW_ADDRESS("owner")},
        issuer TEXT NOT NULL ${VIEW_ADDRESS("issuer")},
        schema_id TEXT NOT NULL ${HASH("schema_id")},
        issuer_revoked INTEGER NOT NULL CHECK (issuer_revoked IN (0, 1)),
        anchored_at_block INTEGER NOT NULL CHECK (anchored_at_block >= 0),
        PRIMARY KEY (chain_id, data_id)
      ) STRICT;

      CREATE TABLE view_grants (
        chain_id INTEGER NOT NULL CHECK (chain_id > 0),
        owner TEXT NOT NULL ${VIEW_ADDRESS("owner")},
        grantee TEXT NOT NULL ${VIEW_ADDRESS("grantee")},
        data_id TEXT NOT NULL ${DATA_ID},
        locked_until INTEGER NOT NULL CHECK (locked_until >= 0),
        expires_at INTEGER NOT NULL CHECK (expires_at >= 0),
        purpose TEXT NOT NULL ${HASH("purpose")},
        granted_at_block INTEGER NOT NULL CHECK (granted_at_block >= 0),
        updated_at_block INTEGER NOT NULL CHECK (updated_at_block >= granted_at_block),
        PRIMARY KEY (chain_id, owner, grantee, data_id)
      ) STRICT;
      CREATE INDEX view_grants_by_data ON view_grants (chain_id, data_id);

      CREATE TABLE view_deletions (
        chain_id INTEGER NOT NULL CHECK (chain_id > 0),
        data_id TEXT NOT NULL ${DATA_ID},
        owner TEXT NOT NULL ${VIEW_ADDRESS("owner")},
        effective_at INTEGER NOT NULL CHECK (effective_at >= 0),
        requested_at_block INTEGER NOT NULL CHECK (requested_at_block >= 0),
        PRIMARY KEY (chain_id, data_id)
      ) STRICT;
      CREATE INDEX view_deletions_by_time ON view_deletions (chain_id, effective_at);

      ALTER TABLE chain_cursors ADD COLUMN block_hash TEXT
        CHECK (block_hash IS NULL OR (length(block_hash) = 66 AND block_hash GLOB '0x*' AND block_hash = lower(block_hash)));
    `,
  },
  {
    version: 3,
    name: "write proofs",
    // What a peer needs to re-verify a write without trusting the node that relays it: the writer (the owner, or
    // an issuer), its EIP-712 StoreRecord signature and `written_at` (unix milliseconds, the writer's clock: it
    // orders writes), and, for an issuer's write, the owner's WritePermission. All NULL on rows written before
    // this migration (and on unsigned owner writes): those carry no proof and cannot be replicated verifiably.
    sql: `
      ALTER TABLE records ADD COLUMN writer TEXT ${NULLABLE_ADDRESS("writer")};
      ALTER TABLE records ADD COLUMN written_at INTEGER CHECK (written_at IS NULL OR written_at >= 0);
      ALTER TABLE records ADD COLUMN writer_signature BLOB
        CHECK (writer_signature IS NULL OR length(writer_signature) > 0);
      ALTER TABLE records ADD COLUMN permission_issuer TEXT ${NULLABLE_ADDRESS("permission_issuer")};
      ALTER TABLE records ADD COLUMN permission_expires_at INTEGER
        CHECK (permission_expires_at IS NULL OR permission_expires_at >= 0);
      ALTER TABLE records ADD COLUMN permission_signature BLOB
        CHECK (permission_signature IS NULL OR length(permission_signature) > 0);
    `,
  },
  {
    version: 4,
    name: "replication change log and peer cursors",
    // `record_changes` gives every stored record a per-node sequence number that grows each time the record is
    // written (triggers, so every writer of `records` is covered; delete-then-insert, since an outer upsert's conflict
    // policy would override a trigger's `INSERT OR REPLACE`); a peer catching up asks for changes after the
    // last sequence number it saw from this node. A deleted record leaves no row behind. `replication_cursors`
    // holds, per peer id, the last of that peer's sequence numbers this node has dealt with.
    sql: `
      CREATE TABLE record_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        chain_id INTEGER NOT NULL,
        data_id TEXT NOT NULL,
        UNIQUE (chain_id, data_id)
      ) STRICT;
      INSERT INTO record_changes (chain_id, data_id) SELECT chain_id, data_id FROM records ORDER BY updated_at, data_id;
      CREATE TRIGGER record_changes_on_insert AFTER INSERT ON records BEGIN
        DELETE FROM record_changes WHERE chain_id = new.chain_id AND data_id = new.data_id;
        INSERT INTO record_changes (chain_id, data_id) VALUES (new.chain_id, new.data_id);
      END;
      CREATE TRIGGER record_changes_on_update AFTER UPDATE ON records BEGIN
        DELETE FROM record_changes WHERE chain_id = new.chain_id AND data_id = new.data_id;
        INSERT INTO record_changes (chain_id, data_id) VALUES (new.chain_id, new.data_id);
      END;
      CREATE TRIGGER record_changes_on_delete AFTER DELETE ON records BEGIN
        DELETE FROM record_changes WHERE chain_id = old.chain_id AND data_id = old.data_id;
      END;

      CREATE TABLE replication_cursors (
        peer_id TEXT PRIMARY KEY CHECK (length(peer_id) > 0),
        seq INTEGER NOT NULL CHECK (seq >= 0)
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: "dropped reader slots",
    // A record's signed reader set is its live `reader_slots` plus `dropped_readers`: when a grant ends (revoked,
    // expired, wiped by a deletion request) the node deletes the grantee's wrapped key and keeps only its leaf,
    // keccak256 of the slot (`slot_hash`), which is what the writer's StoreRecord signature commits to, so peers
    // still re-verify the proof. `added_at` is the home chain's confirmed block time when the slot was stored: an
    // expiry is a drop only if it came after the slot (a slot re-added for a re-grant the node has not indexed yet
    // stays). Rows from before this migration have no leaf; such a record's proof predates leaf hashing anyway.
    // The trigger drops the slot in the same transaction as the indexer applies a `Revoked` event, for the owner
    // the node has on record.
    sql: `
      ALTER TABLE reader_slots ADD COLUMN slot_hash BLOB CHECK (slot_hash IS NULL OR length(slot_hash) = 32);
      ALTER TABLE reader_slots ADD COLUMN added_at INTEGER NOT NULL DEFAULT 0 CHECK (added_at >= 0);

      CREATE TABLE dropped_readers (
        chain_id INTEGER NOT NULL,
        data_id TEXT NOT NULL,
        grantee TEXT NOT NULL ${ADDRESS("grantee")},
        slot_hash BLOB NOT NULL CHECK (length(slot_hash) = 32),
        PRIMARY KEY (chain_id, data_id, grantee),
        FOREIGN KEY (chain_id, data_id) REFERENCES records (chain_id, data_id) ON DELETE CASCADE
      ) STRICT;

      CREATE TRIGGER reader_slots_drop_on_revoke AFTER DELETE ON view_grants BEGIN
        INSERT OR REPLACE INTO dropped_readers (chain_id, data_id, grantee, slot_hash)
          SELECT s.chain_id, s.data_id, s.grantee, s.slot_hash FROM reader_slots s
            JOIN records r ON r.chain_id = s.chain_id AND r.data_id = s.data_id
          WHERE s.chain_id = old.chain_id AND s.data_id = old.data_id AND s.grantee = lower(old.grantee)
            AND r.owner = lower(old.owner) AND s.slot_hash IS NOT NULL;
        DELETE FROM reader_slots
          WHERE chain_id = old.chain_id AND data_id = old.data_id AND grantee = lower(old.grantee)
            AND EXISTS (SELECT 1 FROM records r
              WHERE r.chain_id = old.chain_id AND r.data_id = old.data_id AND r.owner = lower(old.owner));
      END;
    `,
  },
];

/**
 * Brings `db` to the newest schema: applies each migration not yet recorded, each in its own transaction.
 *
 * @throws {StoreError} when the database is newer than this code, or a migration fails (nothing of it remains).
 * @example
 * ```ts
 * migrate(db);
 * ```
 */
export function migrate(db: Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const row = db.prepare("SELECT coalesce(max(version), 0) AS version FROM schema_migrations").get() as {
    version: number;
  };
  const latest = MIGRATIONS.length;
  if (row.version > latest) {
    throw new StoreError("The metadata store is newer than this node.", {
      details: `schema version ${row.version}, this node knows up to ${latest}`,
    });
  }
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  for (const migration of MIGRATIONS.slice(row.version)) {
    transaction(db, () => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Math.floor(Date.now() / 1000));
    });
  }
}
