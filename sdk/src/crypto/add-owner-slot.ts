/**
 * Adds an owner slot (another way for the owner to open the envelope: a password, a wallet, a recovery phrase).
 *
 * @module
 */
import { InvalidEnvelopeError, InvalidKeyError } from "../errors.ts";
import type { EncryptionKeyPair } from "../keys/key-pair.ts";
import { equalBytes } from "./bytes.ts";
import { MAX_OWNER_SLOTS, type Envelope, type OwnerKey } from "./envelope.ts";
import { makeOwnerSlot } from "./make-slot.ts";
import { systemRandom, type RandomSource } from "./random.ts";
import { toEnvelope, unlock } from "./unlock.ts";

/**
 * What {@link addOwnerSlot} takes.
 *
 * @example
 * ```ts
 * const parameters: AddOwnerSlotParameters = { envelope, keyPair: walletKey, owner: recoveryKey };
 * ```
 */
export type AddOwnerSlotParameters = {
  /** The envelope, decoded or as bytes. */
  envelope: Envelope | Uint8Array;
  /** A key pair that already has an owner slot. */
  keyPair: EncryptionKeyPair;
  /** The new owner key: its public key and origin (an `EncryptionKeyPair` from a derivation function is one). */
  owner: OwnerKey;
};

/**
 * Returns a new envelope with an owner slot for `owner`, appended last. `keyPair` must open an existing owner slot
 * (else `DecryptionFailedError`). If `owner`'s key already has an owner slot the envelope is returned unchanged; if
 * it has a reader slot, remove that first (`InvalidKeyError`).
 *
 * @example
 * ```ts
 * const phrase = generateRecoveryPhrase();
 * const recovery = await keyPairFromRecoveryPhrase({ phrase });
 * const updated = addOwnerSlot({ envelope, keyPair: walletKey, owner: recovery });
 * ```
 */
export function addOwnerSlot(parameters: AddOwnerSlotParameters): Envelope {
  return addOwnerSlotWithRandom({ ...parameters, random: systemRandom });
}

/**
 * {@link addOwnerSlot} with a chosen random source (one ephemeral secret key, 32 bytes).
 *
 * @internal Test-only, for known-answer vectors; not exported from the SDK's index. Use {@link addOwnerSlot}.
 * @example
 * ```ts
 * const updated = addOwnerSlotWithRandom({ envelope, keyPair, owner, random: queue(ephemeralSecretKey) });
 * ```
 */
export function addOwnerSlotWithRandom({
  envelope,
  keyPair,
  owner,
  random,
}: AddOwnerSlotParameters & { random: RandomSource }): Envelope {
  const checked = toEnvelope({ envelope });
  const { dataKey, headerBytes } = unlock({ envelope: checked, keyPair, role: "owner" });
  try {
    const publicKey = owner?.publicKey;
    if (publicKey instanceof Uint8Array) {
      if (checked.ownerSlots.some((slot) => equalBytes(slot.publicKey, publicKey))) return checked;
      if (checked.readerSlots.some((slot) => equalBytes(slot.publicKey, publicKey))) {
        throw new InvalidKeyError("This key already has a reader slot.", {
          details: "remove its reader slot with removeReader before adding it as an owner",
        });
      }
    }
    if (checked.ownerSlots.length >= MAX_OWNER_SLOTS) {
      throw new InvalidEnvelopeError({ details: `an envelope has at most ${MAX_OWNER_SLOTS} owner slots` });
    }
    const slot = makeOwnerSlot({ dataKey, headerBytes, owner, random });
    return { ...checked, ownerSlots: [...checked.ownerSlots, slot] };
  } finally {
    dataKey.fill(0);
  }
}
