/**
 * Repository of `sessions`: sessions opened by Sign-In with Ethereum. Only the SHA-256 of a token is stored, so a
 * copy of the database opens no session.
 *
 * Every authenticated request looks its session up, so sessions read from the table are also held in memory, by
 * token hash, with their expiry: a remembered session is served only while `now < expiresAt`, exactly as the
 * query would, and `remove` (sign-out) and `deleteExpired` forget it before touching the table. Only committed rows
 * are remembered (never one read inside an open transaction, which could still roll back), and the node's process
 * is the only writer of its database, so memory and table cannot disagree on a live session.
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

/** Most sessions held in memory; past that the oldest remembered one is forgotten (it is still in the table). */
export const SESSION_MEMORY_ENTRIES = 10_000;

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
  const remembered = new Map<string, Session>();
  const keyOf = (tokenHash: Uint8Array): string =>
    Buffer.from(tokenHash.buffer, tokenHash.byteOffset, tokenHash.byteLength).toString("base64");
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
      const key = keyOf(tokenHash);
      const known = remembered.get(key);
      if (known !== undefined) {
        if (now < known.expiresAt) return { ...known };
        remembered.delete(key);
        return undefined;
      }
      const row = findValid.get(tokenHash, now) as Row | undefined;
      if (row === undefined) return undefined;
      const session: Session = {
        tokenHash: row.token_hash,
        address: row.address,
        chainId: row.chain_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      };
      if (!db.isTransaction) {
        if (remembered.size >= SESSION_MEMORY_ENTRIES) remembered.delete(remembered.keys().next().value!);
        remembered.set(key, session);
      }
      return { ...session };
    },
    remove(tokenHash) {
      remembered.delete(keyOf(tokenHash));
      return remove.run(tokenHash).changes > 0;
    },
    deleteExpired(now) {
      for (const [key, session] of remembered) if (session.expiresAt <= now) remembered.delete(key);
      return Number(deleteExpired.run(now).changes);
    },
  };
}
