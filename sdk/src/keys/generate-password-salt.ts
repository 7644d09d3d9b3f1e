/**
 * A fresh per-user salt for password keys.
 *
 * @module
 */
import { systemRandom } from "../crypto/random.ts";

/**
 * Length of a salt from {@link generatePasswordSalt}, in bytes.
 *
 * @example
 * ```ts
 * generatePasswordSalt().length === PASSWORD_SALT_BYTES; // true
 * ```
 */
export const PASSWORD_SALT_BYTES = 32;

/**
 * 32 random bytes to use as a user's scrypt salt. Make it once per user (and again when the password changes) and
 * keep it: it is not secret. Every password owner slot records its salt, so a user holding an envelope and the
 * password can always derive the key again; keep a copy in the user's profile too, so new envelopes reuse it.
 *
 * @example
 * ```ts
 * const salt = generatePasswordSalt();
 * const keyPair = await keyPairFromPassword({ password, salt });
 * ```
 */
export function generatePasswordSalt(): Uint8Array {
  return systemRandom(PASSWORD_SALT_BYTES);
}
