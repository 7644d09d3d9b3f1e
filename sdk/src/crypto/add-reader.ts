/**
 * Grants a reader: adds one reader slot (128 bytes) without touching the payload.
 *
 * @module
 */
import { InvalidEnvelopeError } from "../errors.ts";
import type { EncryptionKeyPair } from "../keys/key-pair.ts";
import { equalBytes } from "./bytes.ts";
import { MAX_READER_SLOTS, type Envelope } from "./envelope.ts";
import { makeReaderSlot } from "./make-slot.ts";
import { assertPublicKey } from "./public-key.ts";
import { systemRandom, type RandomSource } from "./random.ts";
import { toEnvelope, unlock } from "./unlock.ts";

/**
 * What {@link addReader} takes.
 *
 * @example
 * ```ts
 * const parameters: AddReaderParameters = { envelope, keyPair: owner, readerPublicKey };
 * ```
 */
export type AddReaderParameters = {
  /** The envelope, decoded or as bytes. */
  envelope: Envelope | Uint8Array;
  /** An owner's key pair: only owner slots may add readers. */
  keyPair: EncryptionKeyPair;
  /** The reader's x25519 public key, as registered to the grantee's address in the KeyRegistry. */
  readerPublicKey: Uint8Array;
};

/**
 * Returns a new envelope with a reader slot for `readerPublicKey`, appended last, its data key wrapped with a fresh
 * ephemeral key. The owner's key unlocks the data key (and checks every slot) first; a key that is not an owner's
 * gets `DecryptionFailedError`. If the key already has a slot, the envelope is returned unchanged.
 *
 * Wrap only for the key the KeyRegistry holds for the grantee: never for a key a front-end hands you.
 *
 * @example
 * ```ts
 * const readerPublicKey = getBytes(await keyRegistry.encryptionKeyOf(grantee));
 * const granted = addReader({ envelope, keyPair: owner, readerPublicKey });
 * const slotBytes = encodeReaderSlot({ slot: granted.readerSlots.at(-1)! }); // what the nodes need
 * ```
 */
export function addReader(parameters: AddReaderParameters): Envelope {
  return addReaderWithRandom({ ...parameters, random: systemRandom });
}

/**
 * {@link addReader} with a chosen random source (one ephemeral secret key, 32 bytes).
 *
 * @internal Test-only, for known-answer vectors; not exported from the SDK's index. Use {@link addReader}.
 * @example
 * ```ts
 * const granted = addReaderWithRandom({ envelope, keyPair, readerPublicKey, random: queue(ephemeralSecretKey) });
 * ```
 */
export function addReaderWithRandom({
  envelope,
  keyPair,
  readerPublicKey,
  random,
}: AddReaderParameters & { random: RandomSource }): Envelope {
  const checked = toEnvelope({ envelope });
  assertPublicKey({ publicKey: readerPublicKey, what: "reader public key" });
  const { dataKey, headerBytes } = unlock({ envelope: checked, keyPair, role: "owner" });
  try {
    const slots = [...checked.ownerSlots, ...checked.readerSlots];
    if (slots.some((slot) => equalBytes(slot.publicKey, readerPublicKey))) return checked;
    if (checked.readerSlots.length >= MAX_READER_SLOTS) {
      throw new InvalidEnvelopeError({ details: `an envelope has at most ${MAX_READER_SLOTS} reader slots` });
    }
    const slot = makeReaderSlot({ dataKey, headerBytes, publicKey: readerPublicKey, random });
    return { ...checked, readerSlots: [...checked.readerSlots, slot] };
  } finally {
    dataKey.fill(0);
  }
}
