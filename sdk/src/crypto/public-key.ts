/**
 * Validation of x25519 public keys before anything is encrypted to them.
 *
 * @module
 */
import { InvalidKeyError } from "../errors.ts";
import { isBytes } from "./bytes.ts";

/**
 * Length of an x25519 public or secret key, in bytes.
 *
 * @example
 * ```ts
 * if (publicKey.length !== X25519_KEY_BYTES) throw new Error("not an x25519 key");
 * ```
 */
export const X25519_KEY_BYTES = 32;

/**
 * The u-coordinates (little-endian, top bit cleared) of the points of order 1, 2, 4 and 8 on Curve25519, and their
 * non-canonical encodings u + p. Diffie-Hellman with any of them gives the all-zero shared secret whatever the
 * other side's secret, so a data key "wrapped" to one would be readable by everyone. The list is libsodium's
 * (`has_small_order` in crypto_scalarmult/curve25519/ref10/x25519_ref10.c); a test checks each entry gives zero.
 */
const SMALL_ORDER_POINTS: readonly Uint8Array[] = [
  "0000000000000000000000000000000000000000000000000000000000000000", // 0 (order 4)
  "0100000000000000000000000000000000000000000000000000000000000000", // 1 (order 1)
  "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
  "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p - 1 (order 2)
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p = 0 (order 4)
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p + 1 = 1 (order 1)
].map((hex) => Uint8Array.from(hex.match(/../g)!, (byte) => Number.parseInt(byte, 16)));

/**
 * Whether `publicKey` encodes a point of small order (X25519 ignores the top bit, so it is masked here too).
 * Public data only, so the comparison need not be constant-time.
 *
 * @example
 * ```ts
 * isSmallOrderPoint(new Uint8Array(32)); // true
 * ```
 */
export function isSmallOrderPoint(publicKey: Uint8Array): boolean {
  return SMALL_ORDER_POINTS.some((point) =>
    point.every((byte, i) => (i === 31 ? (publicKey[i]! & 0x7f) === byte : publicKey[i] === byte)),
  );
}

/**
 * Throws `InvalidKeyError` unless `publicKey` is a 32-byte x25519 public key safe to encrypt to (not of small order).
 *
 * @example
 * ```ts
 * assertPublicKey({ publicKey: readerPublicKey });
 * ```
 */
export function assertPublicKey({ publicKey, what = "public key" }: { publicKey: unknown; what?: string }): void {
  if (!isBytes(publicKey, X25519_KEY_BYTES)) {
    throw new InvalidKeyError(`Invalid ${what}.`, { details: `an x25519 ${what} is a 32-byte Uint8Array` });
  }
  if (isSmallOrderPoint(publicKey)) {
    throw new InvalidKeyError(`Invalid ${what}.`, {
      details: `the ${what} is a point of small order: anyone could decrypt what is encrypted to it`,
    });
  }
}
