/**
 * The scrypt cost parameters of password-derived keys, and the range the SDK accepts.
 *
 * @module
 */
import { InvalidKeyError } from "../errors.ts";

/**
 * scrypt cost parameters: N = 2^logN (CPU and memory), r (block size), p (parallelism). The output is always 32
 * bytes. Memory is 128 · r · N bytes.
 *
 * @example
 * ```ts
 * const parameters: ScryptParameters = { logN: 17, r: 8, p: 1 };
 * ```
 */
export type ScryptParameters = { readonly logN: number; readonly r: number; readonly p: number };

/**
 * The parameters every new password key uses: N = 2^17, r = 8, p = 1, 32-byte output. That is 128 MiB of memory
 * and roughly 0.3–1 s in JavaScript (Node or a browser), the OWASP-recommended floor for scrypt (N=2^17, r=8, p=1).
 *
 * @example
 * ```ts
 * const keyPair = await keyPairFromPassword({ password, salt, scrypt: SCRYPT_PARAMETERS });
 * ```
 */
export const SCRYPT_PARAMETERS: ScryptParameters = Object.freeze({ logN: 17, r: 8, p: 1 });

/**
 * The range accepted when deriving (and when an envelope's password slot names its parameters): logN 17–20,
 * r 8–16, p 1–4, and at most 1 GiB of memory. The floor keeps a tampered slot from talking a client into a weak
 * derivation; the ceiling keeps it from exhausting a browser's memory.
 *
 * @example
 * ```ts
 * SCRYPT_LIMITS.maxMemoryBytes; // 1073741824
 * ```
 */
export const SCRYPT_LIMITS = Object.freeze({
  minLogN: 17,
  maxLogN: 20,
  minR: 8,
  maxR: 16,
  minP: 1,
  maxP: 4,
  maxMemoryBytes: 2 ** 30,
});

/**
 * Whether `parameters` are integers within {@link SCRYPT_LIMITS}.
 *
 * @example
 * ```ts
 * isValidScryptParameters({ logN: 17, r: 8, p: 1 }); // true
 * isValidScryptParameters({ logN: 10, r: 8, p: 1 }); // false: too weak
 * ```
 */
export function isValidScryptParameters(parameters: ScryptParameters): boolean {
  const { logN, r, p } = parameters;
  const inRange = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  return (
    inRange(logN, SCRYPT_LIMITS.minLogN, SCRYPT_LIMITS.maxLogN) &&
    inRange(r, SCRYPT_LIMITS.minR, SCRYPT_LIMITS.maxR) &&
    inRange(p, SCRYPT_LIMITS.minP, SCRYPT_LIMITS.maxP) &&
    128 * r * 2 ** logN <= SCRYPT_LIMITS.maxMemoryBytes
  );
}

/**
 * Throws `InvalidKeyError` unless `parameters` are within {@link SCRYPT_LIMITS}.
 *
 * @example
 * ```ts
 * assertScryptParameters(SCRYPT_PARAMETERS);
 * ```
 */
export function assertScryptParameters(parameters: ScryptParameters): void {
  if (!isValidScryptParameters(parameters)) {
    throw new InvalidKeyError("The scrypt parameters are out of range.", {
      details: "logN must be 17–20, r 8–16, p 1–4, and 128·r·2^logN at most 1 GiB",
    });
  }
}
