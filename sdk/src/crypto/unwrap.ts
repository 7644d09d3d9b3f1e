/**
 * Unwraps a data key with the recipient's key pair. Internal: `open` and the slot operations call it.
 *
 * @module
 */
import { DecryptionFailedError } from "../errors.ts";
import { openBoxWithKeyPair, type EncryptionKeyPair } from "../keys/key-pair.ts";
import { DATA_KEY_BYTES, type WrappedKey } from "./envelope.ts";
import { sealedBoxNonce } from "./sealed-box-nonce.ts";

/**
 * Opens a wrapped data key (a sealed box) with `keyPair`. The nonce is computed from the key pair's own public key,
 * not from the slot's, so a slot relabelled with another key does not open. Throws `DecryptionFailedError` on any
 * failure.
 *
 * @example
 * ```ts
 * const dataKey = unwrapDataKey({ wrapped: slot, keyPair });
 * ```
 */
export function unwrapDataKey({ wrapped, keyPair }: { wrapped: WrappedKey; keyPair: EncryptionKeyPair }): Uint8Array {
  const nonce = sealedBoxNonce({
    ephemeralPublicKey: wrapped.ephemeralPublicKey,
    recipientPublicKey: keyPair.publicKey,
  });
  const dataKey = openBoxWithKeyPair({
    keyPair,
    ciphertext: wrapped.wrappedKey,
    nonce,
    peerPublicKey: wrapped.ephemeralPublicKey,
  });
  if (dataKey === null || dataKey.length !== DATA_KEY_BYTES) throw new DecryptionFailedError();
  return dataKey;
}
