/**
 * Removes an owner slot, never the last one.
 *
 * @module
 */
import { InvalidKeyError, LastOwnerSlotError } from "../errors.ts";
import type { EncryptionKeyPair } from "../keys/key-pair.ts";
import { equalBytes, isBytes } from "./bytes.ts";
import type { Envelope } from "./envelope.ts";
import { X25519_KEY_BYTES } from "./public-key.ts";
import { toEnvelope, unlock } from "./unlock.ts";

/**
 * What {@link removeOwnerSlot} takes.
 *
 * @example
 * ```ts
 * const parameters: RemoveOwnerSlotParameters = { envelope, keyPair: recoveryKey, publicKey: oldKey };
 * ```
 */
export type RemoveOwnerSlotParameters = {
  /** The envelope, decoded or as bytes. */
  envelope: Envelope | Uint8Array;
  /** A key pair with an owner slot (it may be the one removed, as long as another remains). */
  keyPair: EncryptionKeyPair;
  /** The public key whose owner slot goes. */
  publicKey: Uint8Array;
};

/**
 * Returns a new envelope without the owner slot of `publicKey` (unchanged if there is none). `keyPair` must open an
 * owner slot (else `DecryptionFailedError`), which also checks every slot before anything is changed. Throws
 * `LastOwnerSlotError` rather than leave the envelope with no owner.
 *
 * A removed slot only stops future opens of this copy of the envelope: anyone who kept the old bytes and the old
 * key can still open them. After a compromised password, seal the payload again.
 *
 * @example
 * ```ts
 * const updated = removeOwnerSlot({ envelope, keyPair: recoveryKey, publicKey: oldPasswordKey.publicKey });
 * ```
 */
export function removeOwnerSlot({ envelope, keyPair, publicKey }: RemoveOwnerSlotParameters): Envelope {
  const checked = toEnvelope({ envelope });
  if (!isBytes(publicKey, X25519_KEY_BYTES)) {
    throw new InvalidKeyError("Invalid public key.", { details: "an x25519 public key is 32 bytes" });
  }
  unlock({ envelope: checked, keyPair, role: "owner" }).dataKey.fill(0);
  const ownerSlots = checked.ownerSlots.filter((slot) => !equalBytes(slot.publicKey, publicKey));
  if (ownerSlots.length === checked.ownerSlots.length) return checked;
  if (ownerSlots.length === 0) throw new LastOwnerSlotError();
  return { ...checked, ownerSlots };
}
