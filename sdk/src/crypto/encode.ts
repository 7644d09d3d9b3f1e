/**
 * Canonical encoding of envelopes, headers and slots (layout in `envelope.ts`). Encoding checks the whole object
 * first, so it never writes bytes that `decodeEnvelope` would reject.
 *
 * @module
 */
import { keyOriginProblem, type KeyOrigin } from "../keys/key-origin.ts";
import { InvalidEnvelopeError } from "../errors.ts";
import { concatBytes, equalBytes, fromHex, isBytes, u32, u64 } from "./bytes.ts";
import {
  DATA_ID_BYTES,
  ENVELOPE_MAGIC,
  ENVELOPE_VERSION,
  MAX_CHAIN_ID,
  MAX_OWNER_SLOTS,
  MAX_PAYLOAD_BYTES,
  MAX_READER_SLOTS,
  NONCE_BYTES,
  OWNER_SLOT_KIND,
  SECRETBOX_OVERHEAD_BYTES,
  SLOT_TAG_BYTES,
  WRAPPED_KEY_BYTES,
  type Envelope,
  type EnvelopeHeader,
  type OwnerSlot,
  type ReaderSlot,
  type WrappedKey,
} from "./envelope.ts";
import { X25519_KEY_BYTES } from "./public-key.ts";

function invalid(details: string): never {
  throw new InvalidEnvelopeError({ details });
}

/**
 * The 45 header bytes `H` (magic ‖ version ‖ chainId ‖ dataId) that the payload key and slot tags are bound to.
 *
 * @example
 * ```ts
 * const headerBytes = encodeHeader({ header: { chainId: 1n, dataId } }); // 45 bytes
 * ```
 */
export function encodeHeader({ header }: { header: EnvelopeHeader }): Uint8Array {
  if (typeof header?.chainId !== "bigint" || header.chainId < 1n || header.chainId > MAX_CHAIN_ID) {
    invalid("the header's chainId must be a bigint in 1 … 2^64-1");
  }
  if (!isBytes(header.dataId, DATA_ID_BYTES)) invalid("the header's dataId must be 32 bytes");
  return concatBytes(ENVELOPE_MAGIC, Uint8Array.of(ENVELOPE_VERSION), u64(header.chainId), header.dataId);
}

function encodeOrigin(origin: KeyOrigin): Uint8Array {
  const problem = keyOriginProblem(origin);
  if (problem !== undefined) invalid(`an owner slot's origin is invalid: ${problem}`);
  switch (origin.kind) {
    case "password":
      return concatBytes(
        Uint8Array.of(OWNER_SLOT_KIND.password, origin.logN, origin.r, origin.p, origin.salt.length),
        origin.salt,
      );
    case "wallet":
      return concatBytes(
        Uint8Array.of(OWNER_SLOT_KIND.wallet),
        u64(origin.chainId),
        fromHex(origin.verifyingContract, 20)!,
        u32(origin.keyVersion),
      );
    case "recovery-phrase":
      return Uint8Array.of(OWNER_SLOT_KIND["recovery-phrase"]);
  }
}

function encodeWrappedKey(slot: WrappedKey): Uint8Array {
  if (!isBytes(slot?.publicKey, X25519_KEY_BYTES)) invalid("a slot's public key must be 32 bytes");
  if (!isBytes(slot.ephemeralPublicKey, X25519_KEY_BYTES)) invalid("a slot's ephemeral public key must be 32 bytes");
  if (!isBytes(slot.wrappedKey, WRAPPED_KEY_BYTES)) invalid("a slot's wrapped key must be 48 bytes");
  return concatBytes(slot.publicKey, slot.ephemeralPublicKey, slot.wrappedKey);
}

/**
 * An owner slot's bytes without its tag: what the tag is computed over.
 *
 * @example
 * ```ts
 * const body = encodeOwnerSlotBody({ slot: { origin, publicKey, ephemeralPublicKey, wrappedKey } });
 * ```
 */
export function encodeOwnerSlotBody({ slot }: { slot: Omit<OwnerSlot, "tag"> }): Uint8Array {
  return concatBytes(encodeOrigin(slot.origin), encodeWrappedKey(slot));
}

/**
 * A reader slot's bytes without its tag (112 bytes): what the tag is computed over.
 *
 * @example
 * ```ts
 * const body = encodeReaderSlotBody({ slot: { publicKey, ephemeralPublicKey, wrappedKey } });
 * ```
 */
export function encodeReaderSlotBody({ slot }: { slot: WrappedKey }): Uint8Array {
  return encodeWrappedKey(slot);
}

function tagOf(slot: ReaderSlot): Uint8Array {
  if (!isBytes(slot.tag, SLOT_TAG_BYTES)) invalid("a slot's tag must be 16 bytes");
  return slot.tag;
}

/**
 * One reader slot, 128 bytes, exactly as it appears inside an envelope. A grant sends this to the storage nodes,
 * which keep it beside the ciphertext and drop it on revocation.
 *
 * @example
 * ```ts
 * const updated = addReader({ envelope, keyPair: owner, readerPublicKey });
 * const slotBytes = encodeReaderSlot({ slot: updated.readerSlots.at(-1)! });
 * ```
 */
export function encodeReaderSlot({ slot }: { slot: ReaderSlot }): Uint8Array {
  return concatBytes(encodeReaderSlotBody({ slot }), tagOf(slot));
}

/**
 * Throws `InvalidEnvelopeError` unless no public key has two slots.
 *
 * @example
 * ```ts
 * assertDistinctSlotKeys({ ownerSlots, readerSlots });
 * ```
 */
export function assertDistinctSlotKeys({
  ownerSlots,
  readerSlots,
}: {
  ownerSlots: readonly WrappedKey[];
  readerSlots: readonly WrappedKey[];
}): void {
  const all = [...ownerSlots, ...readerSlots];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      if (equalBytes(all[i]!.publicKey, all[j]!.publicKey)) invalid("two slots have the same public key");
    }
  }
}

/**
 * The canonical bytes of an envelope. Checks every field first and throws `InvalidEnvelopeError` on the first one
 * out of shape, so what it returns always decodes again to an equal envelope.
 *
 * @example
 * ```ts
 * const bytes = encodeEnvelope({ envelope: seal({ payload, chainId: 1n, dataId, owners: [owner] }) });
 * ```
 */
export function encodeEnvelope({ envelope }: { envelope: Envelope }): Uint8Array {
  if (envelope?.version !== ENVELOPE_VERSION) invalid(`the envelope version must be ${ENVELOPE_VERSION}`);
  const header = encodeHeader({ header: envelope.header });
  if (!isBytes(envelope.nonce, NONCE_BYTES)) invalid("the nonce must be 24 bytes");
  const { ownerSlots, readerSlots, ciphertext } = envelope;
  if (!Array.isArray(ownerSlots) || ownerSlots.length < 1 || ownerSlots.length > MAX_OWNER_SLOTS) {
    invalid(`an envelope has 1 … ${MAX_OWNER_SLOTS} owner slots`);
  }
  if (!Array.isArray(readerSlots) || readerSlots.length > MAX_READER_SLOTS) {
    invalid(`an envelope has 0 … ${MAX_READER_SLOTS} reader slots`);
  }
  if (
    !isBytes(ciphertext) ||
    ciphertext.length < SECRETBOX_OVERHEAD_BYTES ||
    ciphertext.length > MAX_PAYLOAD_BYTES + SECRETBOX_OVERHEAD_BYTES
  ) {
    invalid("the ciphertext must be 16 … 16 MiB + 16 bytes");
  }
  const owners = ownerSlots.map((slot) => concatBytes(encodeOwnerSlotBody({ slot }), tagOf(slot)));
  const readers = readerSlots.map((slot) => encodeReaderSlot({ slot }));
  assertDistinctSlotKeys({ ownerSlots, readerSlots });
  const readerCount = new Uint8Array(2);
  new DataView(readerCount.buffer).setUint16(0, readerSlots.length);
  return concatBytes(
    header,
    envelope.nonce,
    Uint8Array.of(ownerSlots.length),
    ...owners,
    readerCount,
    ...readers,
    u32(ciphertext.length),
    ciphertext,
  );
}
