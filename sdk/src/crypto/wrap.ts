/**
 * Wraps a data key for one recipient. Internal: `seal`, `addReader` and `addOwnerSlot` call it.
 *
 * @module
 */
import nacl from "tweetnacl";
import { InvalidKeyError } from "../errors.ts";
import { isBytes } from "./bytes.ts";
import { DATA_KEY_BYTES, type WrappedKey } from "./envelope.ts";
import { assertPublicKey, X25519_KEY_BYTES } from "./public-key.ts";
import { randomBytes, systemRandom, type RandomSource } from "./random.ts";
import { sealedBoxNonce } from "./sealed-box-nonce.ts";

/**
 * Seals `dataKey` to `publicKey` as a libsodium sealed box (`crypto_box_seal`): a fresh ephemeral x25519 key pair
 * for this wrap alone, the nonce `BLAKE2b-192(ephemeralPk ‖ publicKey)`, and `nacl.box` of the key (48 bytes).
 * The ephemeral secret key is wiped before returning. Rejects public keys of small order, to which a wrap would
 * be readable by anyone.
 *
 * @param random Test-only: fixes the ephemeral key for known-answer vectors. Leave it out.
 * @example
 * ```ts
 * const { ephemeralPublicKey, wrappedKey } = wrapDataKey({ dataKey, publicKey: readerPublicKey });
 * ```
 */
export function wrapDataKey({
  dataKey,
  publicKey,
  random = systemRandom,
}: {
  dataKey: Uint8Array;
  publicKey: Uint8Array;
  random?: RandomSource;
}): WrappedKey {
  if (!isBytes(dataKey, DATA_KEY_BYTES)) throw new InvalidKeyError("Invalid data key.", { details: "32 bytes" });
  assertPublicKey({ publicKey });
  const ephemeralSecretKey = randomBytes({ length: X25519_KEY_BYTES, source: random });
  try {
    const ephemeralPublicKey = nacl.scalarMult.base(ephemeralSecretKey);
    const nonce = sealedBoxNonce({ ephemeralPublicKey, recipientPublicKey: publicKey });
    const wrappedKey = nacl.box(dataKey, nonce, publicKey, ephemeralSecretKey);
    return { publicKey: Uint8Array.from(publicKey), ephemeralPublicKey, wrappedKey };
  } finally {
    ephemeralSecretKey.fill(0);
  }
}
