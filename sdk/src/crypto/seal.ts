/**
 * Seals a payload into a new envelope.
 *
 * @module
 */
import nacl from "tweetnacl";
import { InvalidEnvelopeError } from "../errors.ts";
import { isBytes } from "./bytes.ts";
import { assertDistinctSlotKeys, encodeHeader } from "./encode.ts";
import {
  DATA_KEY_BYTES,
  ENVELOPE_VERSION,
  MAX_OWNER_SLOTS,
  MAX_PAYLOAD_BYTES,
  MAX_READER_SLOTS,
  NONCE_BYTES,
  type Envelope,
  type OwnerKey,
} from "./envelope.ts";
import { payloadKey } from "./key-schedule.ts";
import { makeOwnerSlot, makeReaderSlot } from "./make-slot.ts";
import { randomBytes, systemRandom, type RandomSource } from "./random.ts";

/**
 * What {@link seal} takes.
 *
 * @example
 * ```ts
 * const parameters: SealParameters = { payload, chainId: 1n, dataId, owners: [owner], readers: [readerKey] };
 * ```
 */
export type SealParameters = {
  /** The plaintext, up to 16 MiB. */
  payload: Uint8Array;
  /** The dataId's home chain. */
  chainId: bigint;
  /** The 32-byte dataId the envelope is stored under. */
  dataId: Uint8Array;
  /** One to sixteen owner keys, each with its origin (any derived `EncryptionKeyPair` is one). */
  owners: readonly OwnerKey[];
  /** x25519 public keys of readers, as registered in the KeyRegistry. */
  readers?: readonly Uint8Array[];
};

/**
 * Encrypts `payload` under a fresh random 32-byte data key and a fresh 24-byte nonce, binds it to
 * `{ chainId, dataId }`, and wraps the data key for every owner key and reader, each with a fresh ephemeral key.
 * Only public keys are needed. The data key is wiped before returning.
 *
 * @example
 * ```ts
 * const owner = await keyPairFromRecoveryPhrase({ phrase });
 * const envelope = seal({
 *   payload: new TextEncoder().encode(JSON.stringify(credential)),
 *   chainId: 1n,
 *   dataId,
 *   owners: [owner],
 *   readers: [registeredReaderKey],
 * });
 * const bytes = encodeEnvelope({ envelope });
 * ```
 */
export function seal(parameters: SealParameters): Envelope {
  return sealWithRandom({ ...parameters, random: systemRandom });
}

/**
 * {@link seal} with a chosen random source, in this order: data key (32), nonce (24), then one ephemeral secret key
 * (32) per owner and per reader, in the order given.
 *
 * @internal Test-only, for known-answer vectors; not exported from the SDK's index. Use {@link seal}.
 * @example
 * ```ts
 * const envelope = sealWithRandom({ payload, chainId, dataId, owners, random: queue(dataKey, nonce, eph1) });
 * ```
 */
export function sealWithRandom({
  payload,
  chainId,
  dataId,
  owners,
  readers = [],
  random,
}: SealParameters & { random: RandomSource }): Envelope {
  if (!isBytes(payload)) throw new InvalidEnvelopeError({ details: "the payload must be a Uint8Array" });
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new InvalidEnvelopeError({ details: `the payload is over ${MAX_PAYLOAD_BYTES} bytes` });
  }
  if (!Array.isArray(owners) || owners.length < 1 || owners.length > MAX_OWNER_SLOTS) {
    throw new InvalidEnvelopeError({ details: `an envelope has 1 … ${MAX_OWNER_SLOTS} owner keys` });
  }
  if (!Array.isArray(readers) || readers.length > MAX_READER_SLOTS) {
    throw new InvalidEnvelopeError({ details: `an envelope has 0 … ${MAX_READER_SLOTS} readers` });
  }
  const header = { chainId, dataId: isBytes(dataId) ? Uint8Array.from(dataId) : dataId };
  const headerBytes = encodeHeader({ header });

  const dataKey = randomBytes({ length: DATA_KEY_BYTES, source: random });
  try {
    const nonce = randomBytes({ length: NONCE_BYTES, source: random });
    const key = payloadKey({ dataKey, headerBytes });
    const ciphertext = nacl.secretbox(payload, nonce, key);
    key.fill(0);
    const ownerSlots = owners.map((owner) => makeOwnerSlot({ dataKey, headerBytes, owner, random }));
    const readerSlots = readers.map((publicKey) => makeReaderSlot({ dataKey, headerBytes, publicKey, random }));
    assertDistinctSlotKeys({ ownerSlots, readerSlots });
    return { version: ENVELOPE_VERSION, header, nonce, ownerSlots, readerSlots, ciphertext };
  } finally {
    dataKey.fill(0);
  }
}
