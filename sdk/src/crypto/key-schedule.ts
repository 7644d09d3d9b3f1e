/**
 * The keys derived from an envelope's data key, each bound to the header (construction in `envelope.ts`):
 * the payload key `Kp` and the slot-tag key `Kt`, both HKDF-SHA256 with distinct labels. Internal.
 *
 * @module
 */
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, equalBytes, utf8 } from "./bytes.ts";
import { SLOT_ROLE, SLOT_TAG_BYTES } from "./envelope.ts";

const PAYLOAD_LABEL = utf8("idem/envelope/v1/payload");
const SLOT_TAG_LABEL = utf8("idem/envelope/v1/slot-tag");

/**
 * `Kp = HKDF-SHA256(ikm = dataKey, salt = none, info = "idem/envelope/v1/payload" ‖ headerBytes, 32)`: the
 * secretbox key. Any change to the header changes it, so the Poly1305 check fails.
 *
 * @example
 * ```ts
 * const key = payloadKey({ dataKey, headerBytes: encodeHeader({ header }) });
 * ```
 */
export function payloadKey({ dataKey, headerBytes }: { dataKey: Uint8Array; headerBytes: Uint8Array }): Uint8Array {
  return hkdf(sha256, dataKey, undefined, concatBytes(PAYLOAD_LABEL, headerBytes), 32);
}

/**
 * `Kt = HKDF-SHA256(ikm = dataKey, salt = none, info = "idem/envelope/v1/slot-tag" ‖ headerBytes, 32)`: the key that
 * tags slots. Derive it once per envelope; the caller wipes it.
 *
 * @example
 * ```ts
 * const tagKey = slotTagKey({ dataKey, headerBytes });
 * ```
 */
export function slotTagKey({ dataKey, headerBytes }: { dataKey: Uint8Array; headerBytes: Uint8Array }): Uint8Array {
  return hkdf(sha256, dataKey, undefined, concatBytes(SLOT_TAG_LABEL, headerBytes), 32);
}

/**
 * `tag = HMAC-SHA256(Kt, role ‖ slotBody)[0..16]`.
 *
 * @example
 * ```ts
 * const tag = slotTag({ tagKey, role: "reader", slotBody: encodeReaderSlotBody({ slot }) });
 * ```
 */
export function slotTag({
  tagKey,
  role,
  slotBody,
}: {
  tagKey: Uint8Array;
  role: keyof typeof SLOT_ROLE;
  slotBody: Uint8Array;
}): Uint8Array {
  return hmac(sha256, tagKey, concatBytes(Uint8Array.of(SLOT_ROLE[role]), slotBody)).slice(0, SLOT_TAG_BYTES);
}

/**
 * Whether `tag` is the slot's tag, compared in constant time.
 *
 * @example
 * ```ts
 * if (!isSlotTagValid({ tagKey, role: "reader", slotBody, tag: slot.tag })) throw new DecryptionFailedError();
 * ```
 */
export function isSlotTagValid({
  tag,
  ...parameters
}: {
  tagKey: Uint8Array;
  role: keyof typeof SLOT_ROLE;
  slotBody: Uint8Array;
  tag: Uint8Array;
}): boolean {
  return equalBytes(slotTag(parameters), tag);
}
