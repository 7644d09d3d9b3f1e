/**
 * The SDK's {@link GrantViewStore} over the node's metadata store: the grant view of every followed chain lives in
 * `view_anchors`, `view_grants`, `view_deletions` and `chain_cursors` (migration 2), so a restarted node resumes
 * from its cursor instead of rescanning the chain.
 *
 * Every statement is prepared once; reads are one indexed lookup, so the read path (`isGranted`) costs one
 * SQLite point query and no network.
 */
import type {
  AnchorRecord,
  ChainCursor,
  DataKey,
  DeletionRecord,
  GrantKey,
  GrantRecord,
  GrantViewStore,
} from "../../../sdk/src/chain/store.ts";
import type { Database, Statement } from "./sqlite.ts";
import type { Store } from "./store.ts";
import { transaction } from "./transaction.ts";

type AnchorRow = {
  chain_id: bigint;
  data_id: string;
  owner: string;
  issuer: string;
  schema_id: string;
  issuer_revoked: bigint;
  anchored_at_block: bigint;
};

type GrantRow = {
  chain_id: bigint;
  owner: string;
  grantee: string;
  data_id: string;
  locked_until: bigint;
  expires_at: bigint;
  purpose: string;
  granted_at_block: bigint;
  updated_at_block: bigint;
};

type DeletionRow = {
  chain_id: bigint;
  data_id: string;
  owner: string;
  effective_at: bigint;
  requested_at_block: bigint;
};

type CursorRow = { chain_id: bigint; block_number: bigint; block_time: bigint; block_hash: string | null };

const GRANT_COLUMNS =
  "chain_id, owner, grantee, data_id, locked_until, expires_at, purpose, granted_at_block, updated_at_block";
const DELETION_COLUMNS = "chain_id, data_id, owner, effective_at, requested_at_block";

const anchorFromRow = (row: AnchorRow): AnchorRecord => ({
  chainId: row.chain_id,
  dataId: row.data_id,
  owner: row.owner,
  issuer: row.issuer,
  schema: row.schema_id,
  issuerRevoked: row.issuer_revoked === 1n,
  anchoredAtBlock: row.anchored_at_block,
});

const grantFromRow = (row: GrantRow): GrantRecord => ({
  chainId: row.chain_id,
  owner: row.owner,
  grantee: row.grantee,
  dataId: row.data_id,
  lockedUntil: row.locked_until,
  expiresAt: row.expires_at,
  purpose: row.purpose,
  grantedAtBlock: row.granted_at_block,
  updatedAtBlock: row.updated_at_block,
});

const deletionFromRow = (row: DeletionRow): DeletionRecord => ({
  chainId: row.chain_id,
  dataId: row.data_id,
  owner: row.owner,
  effectiveAt: row.effective_at,
  requestedAtBlock: row.requested_at_block,
});

/**
 * A {@link GrantViewStore} in the node's SQLite database. `transaction(fn)` is the node's `BEGIN IMMEDIATE …
 * COMMIT` (durable when it returns); called inside a running transaction it becomes a SAVEPOINT, so a failed inner
 * `fn` still undoes exactly its own writes.
 *
 * Integers (chain ids, blocks, times) are SQLite INTEGERs read back as bigint: every value the contract can emit
 * (blocks, `uint48` times) fits in 63 bits.
 *
 * @example
 * ```ts
 * const store = openStore({ dataDir });
 * const reader = new GrantReader({ chains, store: new SqliteGrantViewStore({ store }) });
 * ```
 */
export class SqliteGrantViewStore implements GrantViewStore {
  readonly #db: Database;
  readonly #getAnchor: Statement;
  readonly #putAnchor: Statement;
  readonly #getGrant: Statement;
  readonly #putGrant: Statement;
  readonly #deleteGrant: Statement;
  readonly #getDeletion: Statement;
  readonly #putDeletion: Statement;
  readonly #listDeletions: Statement;
  readonly #listGrantsByOwner: Statement;
  readonly #listGrantsByData: Statement;
  readonly #getCursor: Statement;
  readonly #putCursor: Statement;
  #savepoints = 0;

  /**
   * Prepares every statement on the store's connection (migrated to version 2 or later by `openStore`).
   *
   * @example
   * ```ts
   * const viewStore = new SqliteGrantViewStore({ store: openStore({ dataDir }) });
   * ```
   */
  constructor({ store }: { store: Pick<Store, "db"> }) {
    const db = store.db;
    this.#db = db;
    const reading = (sql: string): Statement => {
      const statement = db.prepare(sql);
      statement.setReadBigInts(true);
      return statement;
    };
    this.#getAnchor = reading(`SELECT chain_id, data_id, owner, issuer, schema_id, issuer_revoked, anchored_at_block
      FROM view_anchors WHERE chain_id = ? AND data_id = ?`);
    this.#putAnchor = db.prepare(`INSERT INTO view_anchors
      (chain_id, data_id, owner, issuer, schema_id, issuer_revoked, anchored_at_block) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (chain_id, data_id) DO UPDATE SET owner = excluded.owner, issuer = excluded.issuer,
        schema_id = excluded.schema_id, issuer_revoked = excluded.issuer_revoked,
        anchored_at_block = excluded.anchored_at_block`);
    this.#getGrant = reading(`SELECT ${GRANT_COLUMNS} FROM view_grants
      WHERE chain_id = ? AND owner = ? AND grantee = ? AND data_id = ?`);
    this.#putGrant = db.prepare(`INSERT INTO view_grants (${GRANT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (chain_id, owner, grantee, data_id) DO UPDATE SET locked_until = excluded.locked_until,
        expires_at = excluded.expires_at, purpose = excluded.purpose, granted_at_block = excluded.granted_at_block,
        updated_at_block = excluded.updated_at_block`);
    this.#deleteGrant = db.prepare(
      "DELETE FROM view_grants WHERE chain_id = ? AND owner = ? AND grantee = ? AND data_id = ?",
    );
    this.#getDeletion = reading(`SELECT ${DELETION_COLUMNS} FROM view_deletions WHERE chain_id = ? AND data_id = ?`);
    this.#putDeletion = db.prepare(`INSERT INTO view_deletions (${DELETION_COLUMNS}) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (chain_id, data_id) DO UPDATE SET owner = excluded.owner, effective_at = excluded.effective_at,
        requested_at_block = excluded.requested_at_block`);
    this.#listDeletions = reading(`SELECT ${DELETION_COLUMNS} FROM view_deletions WHERE chain_id = ?`);
    this.#listGrantsByOwner = reading(`SELECT ${GRANT_COLUMNS} FROM view_grants WHERE chain_id = ? AND owner = ?`);
    this.#listGrantsByData = reading(`SELECT ${GRANT_COLUMNS} FROM view_grants WHERE chain_id = ? AND data_id = ?`);
    this.#getCursor = reading(
      "SELECT chain_id, block_number, block_time, block_hash FROM chain_cursors WHERE chain_id = ?",
    );
    this.#putCursor = db.prepare(`INSERT INTO chain_cursors (chain_id, block_number, block_time, block_hash)
      VALUES (?, ?, ?, ?) ON CONFLICT (chain_id) DO UPDATE SET block_number = excluded.block_number,
        block_time = excluded.block_time, block_hash = excluded.block_hash`);
  }

  /** See {@link GrantViewStore.getAnchor}. */
  getAnchor({ chainId, dataId }: DataKey): AnchorRecord | undefined {
    const row = this.#getAnchor.get(chainId, dataId) as AnchorRow | undefined;
    return row === undefined ? undefined : anchorFromRow(row);
  }

  /** See {@link GrantViewStore.putAnchor}. */
  putAnchor(record: AnchorRecord): void {
    this.#putAnchor.run(
      record.chainId,
      record.dataId,
      record.owner,
      record.issuer,
      record.schema,
      record.issuerRevoked ? 1 : 0,
      record.anchoredAtBlock,
    );
  }

  /** See {@link GrantViewStore.getGrant}. */
  getGrant({ chainId, owner, grantee, dataId }: GrantKey): GrantRecord | undefined {
    const row = this.#getGrant.get(chainId, owner, grantee, dataId) as GrantRow | undefined;
    return row === undefined ? undefined : grantFromRow(row);
  }

  /** See {@link GrantViewStore.putGrant}. */
  putGrant(record: GrantRecord): void {
    this.#putGrant.run(
      record.chainId,
      record.owner,
      record.grantee,
      record.dataId,
      record.lockedUntil,
      record.expiresAt,
      record.purpose,
      record.grantedAtBlock,
      record.updatedAtBlock,
    );
  }

  /** See {@link GrantViewStore.deleteGrant}. */
  deleteGrant({ chainId, owner, grantee, dataId }: GrantKey): void {
    this.#deleteGrant.run(chainId, owner, grantee, dataId);
  }

  /** See {@link GrantViewStore.getDeletion}. */
  getDeletion({ chainId, dataId }: DataKey): DeletionRecord | undefined {
    const row = this.#getDeletion.get(chainId, dataId) as DeletionRow | undefined;
    return row === undefined ? undefined : deletionFromRow(row);
  }

  /** See {@link GrantViewStore.putDeletion}. */
  putDeletion(record: DeletionRecord): void {
    this.#putDeletion.run(record.chainId, record.dataId, record.owner, record.effectiveAt, record.requestedAtBlock);
  }

  /** See {@link GrantViewStore.listDeletions}. */
  listDeletions({ chainId }: { chainId: bigint }): DeletionRecord[] {
    return (this.#listDeletions.all(chainId) as DeletionRow[]).map(deletionFromRow);
  }

  /** See {@link GrantViewStore.listGrantsByOwner}. */
  listGrantsByOwner({ chainId, owner }: { chainId: bigint; owner: string }): GrantRecord[] {
    return (this.#listGrantsByOwner.all(chainId, owner) as GrantRow[]).map(grantFromRow);
  }

  /** See {@link GrantViewStore.listGrantsByData}. */
  listGrantsByData({ chainId, dataId }: DataKey): GrantRecord[] {
    return (this.#listGrantsByData.all(chainId, dataId) as GrantRow[]).map(grantFromRow);
  }

  /** See {@link GrantViewStore.getCursor}. A `chain_cursors` row without a block hash is not a view cursor. */
  getCursor({ chainId }: { chainId: bigint }): ChainCursor | undefined {
    const row = this.#getCursor.get(chainId) as CursorRow | undefined;
    if (row === undefined || row.block_hash === null) return undefined;
    return {
      chainId: row.chain_id,
      blockNumber: row.block_number,
      blockTimestamp: row.block_time,
      blockHash: row.block_hash,
    };
  }

  /** See {@link GrantViewStore.putCursor}. */
  putCursor(cursor: ChainCursor): void {
    this.#putCursor.run(cursor.chainId, cursor.blockNumber, cursor.blockTimestamp, cursor.blockHash.toLowerCase());
  }

  /**
   * Runs `fn` in `BEGIN IMMEDIATE … COMMIT` (ROLLBACK and rethrow on error); inside a running transaction, in a
   * SAVEPOINT. `fn` must be synchronous.
   *
   * @example
   * ```ts
   * viewStore.transaction(() => {
   *   viewStore.putGrant(grant);
   *   viewStore.putCursor(cursor);
   * });
   * ```
   */
  transaction<T>(fn: () => T): T {
    const db = this.#db;
    if (!db.isTransaction) return transaction(db, fn as () => T extends PromiseLike<unknown> ? never : T);
    const name = `grant_view_${++this.#savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = fn();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
      throw error;
    } finally {
      this.#savepoints -= 1;
    }
  }
}
