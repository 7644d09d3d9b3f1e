/**
 * Repository of `sessions`: sessions opened by Sign-In with Ethereum. Only the SHA-256 of a token is stored, so a
 * copy of the database opens no session.
 */
import type { Database } from "./sqlite.ts";

/**
 * One session. `address` is lowercase hex.
 *
 * @example
 * ```ts
 * sessions.insert({ tokenHash, address, chainId, createdAt: now, expiresAt: now + 3600 });
 * ```
 */
export type Session = {
  tokenHash: Uint8Array;
  address: string;
  chainId: number;
  createdAt: number;
  expiresAt: number;
};

/**
 * Functions over `sessions`.
 *
 * @example
 * ```ts
 * const sessions = sessionsRepository(db);
 * ```
 */
export type SessionsRepository = {
  /** Stores a new session. */
  insert(session: Session): void;
  /** The session with this token hash, if it exists and `now < expiresAt`. */
  findValid(query: { tokenHash: Uint8Array; now: number }): Session | undefined;
  /** Deletes the session; returns whether one was deleted. */
  remove(tokenHash: Uint8Array): boolean;
  /** Deletes sessions that expired before `now`; returns how many. */
  deleteExpired(now: number): number;
};

type Row = { token_hash: Uint8Array; address: string; chain_id: number; created_at: number; expires_at: number };

/**
 * Prepares the `sessions` statements on `db`.
 *
 * @example
 * ```ts
 * const sessions = sessionsRepository(db);
 * ```
 */
export function sessionsRepository(db: Database): SessionsRepository {
  const insert = db.prepare(
    "INSERT INTO sessions (token_hash, address, chain_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
  );
  const findValid = db.prepare(`SELECT token_hash, address, chain_id, created_at, expires_at FROM sessions
    WHERE token_hash = ? AND expires_at > ?`);
  const remove = db.prepare("DELETE FROM sessions WHERE token_hash = ?");
  const deleteExpired = db.prepare("DELETE FROM sessions WHERE expires_at <= ?");
  return {
    insert(session) {
      insert.run(
        session.tokenHash,
        session.address.toLowerCase(),
        session.chainId,
        session.createdAt,
        session.expiresAt,
      );
    },
    findValid({ tokenHash, now }) {
      const row = findValid.get(tokenHash, now) as Row | undefined;
      return row === undefined
        ? undefined
        : {
            tokenHash: row.token_hash,
            address: row.address,
            chainId: row.chain_id,
            createdAt: row.created_at,
            expiresAt: row.expires_at,
          };
    },
    remove(tokenHash) {
      return remove.run(tokenHash).changes > 0;
    },
    deleteExpired(now) {
      return Number(deleteExpired.run(now).changes);
    },
  };
}
