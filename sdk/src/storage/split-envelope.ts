/**
 * Convert between the SDK's {@link Envelope} (reader slots inside) and the node's wire form (the envelope with no
 * reader slots, each slot apart under the grantee's address). The node stores the slot-less envelope as one
 * content-addressed block and each slot in its own row, so that one grantee's slot can be added or removed without
 * rewriting the block, and a grantee is served only its own slot.
 *
 * @module
 */
import { getAddress, isAddress } from "ethers";

import { toHex } from "../crypto/bytes.ts";
import { decodeEnvelope, decodeReaderSlot } from "../crypto/decode.ts";
import { encodeEnvelope, encodeReaderSlot } from "../crypto/encode.ts";
import type { Envelope, ReaderSlot } from "../crypto/envelope.ts";
import { InvalidEnvelopeError } from "../errors.ts";
import { InvalidStorageParametersError } from "./data-errors.ts";
import { fromBase64, toBase64 } from "./data-target.ts";

/**
 * Which grantee (an address) each reader public key belongs to: keys are the x25519 public keys as `0x` hex (any
 * case), values the addresses that registered them in the KeyRegistry. Entries for keys the envelope has no slot
 * for are ignored.
 *
 * @example
 * ```ts
 * const readers: ReaderGrantees = new Map([[hexlify(granteeKey.publicKey), grantee.address]]);
 * ```
 */
export type ReaderGrantees = ReadonlyMap<string, string>;

/**
 * One grantee's reader slot on the wire: its address and the 128-byte slot as standard base64.
 *
 * @example
 * ```ts
 * const reader: WireReader = { grantee: "0x7099…", slot: "q83v…==" };
 * ```
 */
export type WireReader = { grantee: string; slot: string };

/**
 * An envelope as the node's data API carries it: the encoded envelope with zero reader slots (base64), and the
 * readers' slots apart.
 *
 * @example
 * ```ts
 * const wire: WireEnvelope = splitEnvelope({ envelope, readers });
 * ```
 */
export type WireEnvelope = { envelope: string; readers: WireReader[] };

/**
 * What {@link splitEnvelope} takes.
 *
 * @example
 * ```ts
 * const parameters: SplitEnvelopeParameters = { envelope, readers: new Map([[hexlify(key.publicKey), grantee]]) };
 * ```
 */
export type SplitEnvelopeParameters = {
  /** The envelope, e.g. from `seal` or `addReader`. */
  envelope: Envelope;
  /** The grantee of each reader slot's public key; required when the envelope has reader slots. */
  readers?: ReaderGrantees;
};

/**
 * Splits an envelope into the node's wire form: the same envelope encoded with zero reader slots, and one
 * `{ grantee, slot }` per reader slot, in the envelope's order.
 *
 * @throws {InvalidStorageParametersError} when a reader slot's key has no grantee in `readers`, a grantee is not an
 * address, or two slots name the same grantee.
 * @example
 * ```ts
 * const envelope = seal({ payload, chainId: 1n, dataId, owners: [ownerKey], readers: [granteeKey.publicKey] });
 * const wire = splitEnvelope({ envelope, readers: new Map([[hexlify(granteeKey.publicKey), grantee]]) });
 * // wire = { envelope: "SURFTQ…", readers: [{ grantee: "0x7099…", slot: "q83v…==" }] }
 * ```
 */
export function splitEnvelope({ envelope, readers = new Map() }: SplitEnvelopeParameters): WireEnvelope {
  const byKey = new Map<string, string>();
  for (const [publicKey, grantee] of readers) byKey.set(publicKey.toLowerCase(), grantee);
  const seen = new Set<string>();
  const wireReaders = envelope.readerSlots.map((slot) => {
    const key = toHex(slot.publicKey).toLowerCase();
    const grantee = byKey.get(key);
    if (grantee === undefined) {
      throw new InvalidStorageParametersError({ details: `no grantee is named for the reader key ${key}` });
    }
    if (!isAddress(grantee)) {
      throw new InvalidStorageParametersError({ details: `the grantee of the reader key ${key} is not an address` });
    }
    const address = getAddress(grantee);
    if (seen.has(address)) throw new InvalidStorageParametersError({ details: `${address} is named for two keys` });
    seen.add(address);
    return { grantee: address, slot: toBase64(encodeReaderSlot({ slot })) };
  });
  return { envelope: toBase64(encodeEnvelope({ envelope: { ...envelope, readerSlots: [] } })), readers: wireReaders };
}

/**
 * Joins the node's wire form back into an {@link Envelope} with the readers' slots inside, ready for `open`.
 *
 * @throws {InvalidEnvelopeError} when the envelope or a slot is not valid base64 or does not decode, or the
 * envelope already carries reader slots (the wire form never does).
 * @example
 * ```ts
 * const envelope = joinEnvelope({ envelope: body.envelope, readers: body.readers });
 * const payload = open({ envelope, keyPair: granteeKey, chainId: 1n, dataId: getBytes(dataId) });
 * ```
 */
export function joinEnvelope({ envelope, readers }: WireEnvelope): Envelope {
  const bytes = fromBase64(envelope);
  if (bytes === undefined) throw new InvalidEnvelopeError({ details: "the envelope is not standard base64" });
  const decoded = decodeEnvelope({ bytes });
  if (decoded.readerSlots.length > 0) {
    throw new InvalidEnvelopeError({ details: "the wire envelope carries reader slots inside" });
  }
  const readerSlots: ReaderSlot[] = readers.map(({ grantee, slot }) => {
    const slotBytes = fromBase64(slot);
    if (slotBytes === undefined) {
      throw new InvalidEnvelopeError({ details: `the slot of ${grantee} is not standard base64` });
    }
    return decodeReaderSlot({ bytes: slotBytes });
  });
  return { ...decoded, readerSlots };
}
