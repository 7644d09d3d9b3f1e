/**
 * Revokes a reader: drops its slot. Needs no key, so a storage node can do it when a grant ends.
 *
 * @module
 */
import { InvalidKeyError } from "../errors.ts";
import { equalBytes, isBytes } from "./bytes.ts";
import type { Envelope } from "./envelope.ts";
import { X25519_KEY_BYTES } from "./public-key.ts";
import { toEnvelope } from "./unlock.ts";

/**
 * Returns a new envelope without the reader slot of `readerPublicKey` (unchanged if there is none). The payload and
 * the other slots are untouched and still verify: slots are tagged one by one.
 *
 * Removing the slot stops future reads from this envelope; it cannot take back a data key the reader already
 * unwrapped. To cut off a reader who may have kept it, seal the payload again under a new data key.
 *
 * @example
 * ```ts
 * const revoked = removeReader({ envelope, readerPublicKey });
 * ```
 */
export function removeReader({
  envelope,
  readerPublicKey,
}: {
  envelope: Envelope | Uint8Array;
  readerPublicKey: Uint8Array;
}): Envelope {
  const checked = toEnvelope({ envelope });
  if (!isBytes(readerPublicKey, X25519_KEY_BYTES)) {
    throw new InvalidKeyError("Invalid reader public key.", { details: "an x25519 public key is 32 bytes" });
  }
  const readerSlots = checked.readerSlots.filter((slot) => !equalBytes(slot.publicKey, readerPublicKey));
  return readerSlots.length === checked.readerSlots.length ? checked : { ...checked, readerSlots };
}
