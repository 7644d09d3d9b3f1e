/**
 * The nonce of a sealed box, as libsodium's `crypto_box_seal` computes it. Internal.
 *
 * @module
 */
import { blake2b } from "@noble/hashes/blake2.js";
import { concatBytes } from "./bytes.ts";

/**
 * `BLAKE2b-192(ephemeralPublicKey ‖ recipientPublicKey)`: the 24-byte nonce of a wrap. The ephemeral key is fresh
 * for every wrap, so the nonce never repeats under one box key; deriving it saves storing 24 bytes per slot and
 * ties the box to both public keys.
 *
 * @example
 * ```ts
 * const nonce = sealedBoxNonce({ ephemeralPublicKey, recipientPublicKey });
 * ```
 */
export function sealedBoxNonce({
  ephemeralPublicKey,
  recipientPublicKey,
}: {
  ephemeralPublicKey: Uint8Array;
  recipientPublicKey: Uint8Array;
}): Uint8Array {
  return blake2b(concatBytes(ephemeralPublicKey, recipientPublicKey), { dkLen: 24 });
}
