/**
 * Repository of `siwe_nonces`: nonces the node issued for Sign-In with Ethereum. A nonce is used at most once:
 * `consume` marks it used only if it is still unused and unexpired, in one statement.
 */
import type { Database } from "./sqlite.ts";

/**
 * One issued nonce.
 *
 * @example
 * ```ts
 * nonces.insert({ nonce, issuedAt: now, expiresAt: now + 300 });
 * ```
 */
export type SiweNonce = { nonce: string; issuedAt: number; expiresAt: number; used: boolean };

/**
 * Functions over `siwe_nonces`.
 *
 * @example
 * ```ts
 * const nonces = siweNoncesRepository(db);
 * ```
 */
export type SiweNoncesRepository = {
  /** Stores a freshly issued nonce. */
  insert(nonce: { nonce: string; issuedAt: number; expiresAt: number }): void;
  /** The nonce, if this node issued it (and has not yet swept it). */
  get(nonce: string): SiweNonce | undefined;
  /** Marks the nonce used if it is unused and `now < expiresAt`; returns whether it did. */
  consume(query: { nonce: string; now: number }): boolean;
  /** Deletes nonces that expired before `now`; returns how many. */
  deleteExpired(now: number): number;
};

type Row = { nonce: string; issued_at: number; expires_at: number; used: number };

/**
 * Prepares the `siwe_nonces` statements on `db`.
 *
 * @example
 * ```ts
 * const nonces = siweNoncesRepository(db);
 * ```
 */
export function siweNoncesRepository(db: Database): SiweNoncesRepository {
  const insert = db.prepare("INSERT INTO siwe_nonces (nonce, issued_at, expires_at) VALUES (?, ?, ?)");
  const get = db.prepare("SELECT nonce, issued_at, expires_at, used FROM siwe_nonces WHERE nonce = ?");
  const consume = db.prepare("UPDATE siwe_nonces SET used = 1 WHERE nonce = ? AND used = 0 AND expires_at > ?");
  const deleteExpired = db.prepare("DELETE FROM siwe_nonces WHERE expires_at <= ?");
  return {
    insert({ nonce, issuedAt, expiresAt }) {
      insert.run(nonce, issuedAt, expiresAt);
    },
    get(nonce) {
      const row = get.get(nonce) as Row | undefined;
      return row === undefined
        ? undefined
        : { nonce: row.nonce, issuedAt: row.issued_at, expiresAt: row.expires_at, used: row.used === 1 };
    },
    consume({ nonce, now }) {
      return consume.run(nonce, now).changes === 1;
    },
    deleteExpired(now) {
      return Number(deleteExpired.run(now).changes);
    },
  };
}
