/**
 * The one source of randomness for data keys, nonces, ephemeral keys, salts and recovery phrases.
 *
 * Every function that needs randomness takes a `RandomSource` only through an `…WithRandom` variant exported from
 * its own module and marked `@internal`; the SDK's index exports none of them, so application code always gets
 * {@link systemRandom}. The variants exist for one reason: known-answer tests, which must fix the data key, the
 * nonce and each ephemeral key to pin the envelope bytes. Never pass anything but `systemRandom` outside a test.
 *
 * @module
 */
import { InvalidKeyError } from "../errors.ts";

/**
 * Returns `length` fresh random bytes.
 *
 * @example
 * ```ts
 * const source: RandomSource = (length) => crypto.getRandomValues(new Uint8Array(length));
 * ```
 */
export type RandomSource = (length: number) => Uint8Array;

/** `crypto.getRandomValues` fills at most 65 536 bytes per call. */
const GET_RANDOM_VALUES_LIMIT = 65_536;

/**
 * Cryptographically secure random bytes from the platform's CSPRNG (`crypto.getRandomValues`, the same in Node and
 * browsers).
 *
 * @example
 * ```ts
 * const dataKey = systemRandom(32);
 * ```
 */
export const systemRandom: RandomSource = (length) => {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += GET_RANDOM_VALUES_LIMIT) {
    globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + GET_RANDOM_VALUES_LIMIT)));
  }
  return out;
};

/**
 * `length` bytes from `source`, checked to be a `Uint8Array` of that length (a misbehaving source fails loudly
 * instead of yielding a short key).
 *
 * @example
 * ```ts
 * const nonce = randomBytes({ length: 24 });
 * ```
 */
export function randomBytes({ length, source = systemRandom }: { length: number; source?: RandomSource }): Uint8Array {
  const bytes = source(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new InvalidKeyError("The random source returned the wrong number of bytes.");
  }
  return bytes;
}
