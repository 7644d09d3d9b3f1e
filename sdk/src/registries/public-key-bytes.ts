/**
 * Internal: x25519 public keys as the SDK takes them (bytes or 0x hex) and as the `KeyRegistry` stores them
 * (`bytes32`).
 *
 * @module
 */
import { fromHex, isBytes, toHex } from "../crypto/bytes.ts";
import { X25519_KEY_BYTES, assertPublicKey } from "../crypto/public-key.ts";
import { InvalidKeyError } from "../errors.ts";

/** An x25519 public key: 32 bytes, or their `0x`-prefixed hex. */
export type PublicKeyInput = Uint8Array | string;

/**
 * The 32 bytes of `publicKey`, checked to be safe to encrypt to (not a point of small order). Throws
 * `InvalidKeyError` otherwise.
 *
 * @example
 * ```ts
 * const bytes = publicKeyBytes({ publicKey: "0x8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a" });
 * ```
 */
export function publicKeyBytes({ publicKey, what }: { publicKey: PublicKeyInput; what?: string }): Uint8Array {
  const bytes = typeof publicKey === "string" ? fromHex(publicKey, X25519_KEY_BYTES) : publicKey;
  if (!isBytes(bytes, X25519_KEY_BYTES)) {
    throw new InvalidKeyError(`Invalid ${what ?? "public key"}.`, {
      details: "an x25519 public key is 32 bytes: a Uint8Array, or 0x followed by 64 hex digits",
    });
  }
  assertPublicKey({ publicKey: bytes, what });
  return Uint8Array.from(bytes);
}

/**
 * The `bytes32` the registry stores for `publicKey` (lower-case hex).
 *
 * @example
 * ```ts
 * await keyRegistry.setEncryptionKey(publicKeyHex(keyPair.publicKey));
 * ```
 */
export function publicKeyHex(publicKey: Uint8Array): `0x${string}` {
  return toHex(publicKey);
}
