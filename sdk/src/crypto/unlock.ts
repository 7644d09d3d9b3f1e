/**
 * Recovers an envelope's data key with one key pair and checks every slot's tag. Internal: `open` and the slot
 * operations start here.
 *
 * @module
 */
import { DecryptionFailedError, InvalidKeyError } from "../errors.ts";
import { EncryptionKeyPair } from "../keys/key-pair.ts";
import { equalBytes } from "./bytes.ts";
import { decodeEnvelope } from "./decode.ts";
import { encodeEnvelope, encodeHeader, encodeOwnerSlotBody, encodeReaderSlotBody } from "./encode.ts";
import type { Envelope } from "./envelope.ts";
import { isSlotTagValid, slotTagKey } from "./key-schedule.ts";
import { unwrapDataKey } from "./unwrap.ts";

/**
 * The envelope as an object whose every field is in shape: bytes are decoded, an object is checked by encoding it.
 * Throws `InvalidEnvelopeError` (structural, public) otherwise.
 *
 * @example
 * ```ts
 * const checked = toEnvelope({ envelope: bytesOrObject });
 * ```
 */
export function toEnvelope({ envelope }: { envelope: Envelope | Uint8Array }): Envelope {
  if (envelope instanceof Uint8Array) return decodeEnvelope({ bytes: envelope });
  encodeEnvelope({ envelope });
  return envelope;
}

/**
 * Finds the slot for `keyPair` (an owner slot, or with `role: "any"` also a reader slot), unwraps the data key,
 * then checks the tag of every slot in the envelope. Any failure, including "no slot for this key", is one
 * `DecryptionFailedError`. The caller wipes the returned key when done.
 *
 * @example
 * ```ts
 * const { dataKey, headerBytes } = unlock({ envelope, keyPair, role: "owner" });
 * ```
 */
export function unlock({
  envelope,
  keyPair,
  role,
}: {
  envelope: Envelope;
  keyPair: EncryptionKeyPair;
  role: "owner" | "any";
}): { dataKey: Uint8Array; headerBytes: Uint8Array } {
  if (!(keyPair instanceof EncryptionKeyPair)) {
    throw new InvalidKeyError("Invalid key pair.", { details: "expected an EncryptionKeyPair" });
  }
  const publicKey = keyPair.publicKey;
  const slots = role === "owner" ? envelope.ownerSlots : [...envelope.ownerSlots, ...envelope.readerSlots];
  const slot = slots.find((candidate) => equalBytes(candidate.publicKey, publicKey));
  if (slot === undefined) throw new DecryptionFailedError();
  const dataKey = unwrapDataKey({ wrapped: slot, keyPair });
  const headerBytes = encodeHeader({ header: envelope.header });
  const tagKey = slotTagKey({ dataKey, headerBytes });
  const tagsValid =
    envelope.ownerSlots.every((owner) =>
      isSlotTagValid({ tagKey, role: "owner", slotBody: encodeOwnerSlotBody({ slot: owner }), tag: owner.tag }),
    ) &&
    envelope.readerSlots.every((reader) =>
      isSlotTagValid({ tagKey, role: "reader", slotBody: encodeReaderSlotBody({ slot: reader }), tag: reader.tag }),
    );
  tagKey.fill(0);
  if (!tagsValid) {
    dataKey.fill(0);
    throw new DecryptionFailedError();
  }
  return { dataKey, headerBytes };
}
