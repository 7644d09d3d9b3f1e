/**
 * Session tokens and SIWE nonces: random, from the OS CSPRNG. A session token is a bearer secret: the node keeps
 * only its SHA-256.
 */
import { createHash, randomBytes } from "node:crypto";

/** A token's textual form: 32 random bytes in unpadded base64url (43 characters). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A fresh session token.
 *
 * @example
 * ```ts
 * const token = newSessionToken(); // "q2Xf…" (43 characters)
 * ```
 */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * SHA-256 of a token's UTF-8 bytes: what the `sessions` table stores and looks up.
 *
 * @example
 * ```ts
 * store.sessions.findValid({ tokenHash: hashSessionToken(token), now });
 * ```
 */
export function hashSessionToken(token: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}

/**
 * A fresh SIWE nonce: 16 random bytes as 32 hex characters (EIP-4361 wants at least 8 alphanumerics).
 *
 * @example
 * ```ts
 * const nonce = newSiweNonce();
 * ```
 */
export function newSiweNonce(): string {
  return randomBytes(16).toString("hex");
}
