/**
 * Builds tagged owner and reader slots. Internal: `seal`, `addReader` and `addOwnerSlot` call it.
 *
 * @module
 */
import { InvalidKeyError } from "../errors.ts";
import { assertKeyOrigin, copyKeyOrigin } from "../keys/key-origin.ts";
import { encodeOwnerSlotBody, encodeReaderSlotBody } from "./encode.ts";
import type { OwnerKey, OwnerSlot, ReaderSlot } from "./envelope.ts";
import { slotTag, slotTagKey } from "./key-schedule.ts";
import type { RandomSource } from "./random.ts";
import { wrapDataKey } from "./wrap.ts";

/**
 * A reader slot for `publicKey`: the data key wrapped with a fresh ephemeral key, and its tag.
 *
 * @example
 * ```ts
 * const slot = makeReaderSlot({ dataKey, headerBytes, publicKey, random: systemRandom });
 * ```
 */
export function makeReaderSlot({
  dataKey,
  headerBytes,
  publicKey,
  random,
}: {
  dataKey: Uint8Array;
  headerBytes: Uint8Array;
  publicKey: Uint8Array;
  random: RandomSource;
}): ReaderSlot {
  const wrapped = wrapDataKey({ dataKey, publicKey, random });
  const tagKey = slotTagKey({ dataKey, headerBytes });
  const tag = slotTag({ tagKey, role: "reader", slotBody: encodeReaderSlotBody({ slot: wrapped }) });
  tagKey.fill(0);
  return { ...wrapped, tag };
}

/**
 * An owner slot for `owner` (its public key and origin): the data key wrapped with a fresh ephemeral key, and its
 * tag. Throws `InvalidKeyError` if the owner key has no origin (a key nobody can derive again makes a poor owner
 * slot: use a reader slot for it).
 *
 * @example
 * ```ts
 * const slot = makeOwnerSlot({ dataKey, headerBytes, owner: passwordKeyPair, random: systemRandom });
 * ```
 */
export function makeOwnerSlot({
  dataKey,
  headerBytes,
  owner,
  random,
}: {
  dataKey: Uint8Array;
  headerBytes: Uint8Array;
  owner: OwnerKey;
  random: RandomSource;
}): OwnerSlot {
  if (owner?.origin === undefined) {
    throw new InvalidKeyError("An owner key needs an origin.", {
      details: "derive owner keys with keyPairFromPassword, keyPairFromWalletSignature or keyPairFromRecoveryPhrase",
    });
  }
  assertKeyOrigin(owner.origin);
  const origin = copyKeyOrigin(owner.origin);
  const wrapped = wrapDataKey({ dataKey, publicKey: owner.publicKey, random });
  const body = { origin, ...wrapped };
  const tagKey = slotTagKey({ dataKey, headerBytes });
  const tag = slotTag({ tagKey, role: "owner", slotBody: encodeOwnerSlotBody({ slot: body }) });
  tagKey.fill(0);
  return { ...body, tag };
}
