/**
 * Checks reader slots before they are stored: each decodes as one 128-byte slot, no grantee or public key appears
 * twice (nor as one of the envelope's owner keys), and each slot's public key is the key the grantee registered in
 * the chain's KeyRegistry. Nothing is written here.
 */
import { equalBytes } from "../../../sdk/src/crypto/bytes.ts";
import { decodeReaderSlot } from "../../../sdk/src/crypto/decode.ts";
import type { ReaderSlot } from "../../../sdk/src/crypto/envelope.ts";
import type { ChainGateway } from "../chain/types.ts";
import type { ReaderSlotInput } from "./dependencies.ts";
import { badRequest } from "./errors.ts";
import { parseAddress } from "./parse-address.ts";

/**
 * A checked reader slot, ready for `reader_slots`: grantee checksummed, the slot's public key extracted.
 *
 * @example
 * ```ts
 * const [checked] = await verifyReaderSlots({ chain, chainId, readers, ownerKeys });
 * checked.readerPublicKey.length; // 32
 * ```
 */
export type VerifiedReaderSlot = { grantee: string; readerPublicKey: Uint8Array; slot: Uint8Array };

/**
 * Verifies `readers` (see the module doc). KeyRegistry reads go out in parallel, one per grantee.
 *
 * @throws {RecordRequestError} `INVALID_ADDRESS`, `INVALID_READER_SLOT`, `DUPLICATE_READER` or
 *   `READER_KEY_NOT_REGISTERED` (all 400);
 *   `ChainUnavailableError` (503) when the KeyRegistry cannot be read.
 * @example
 * ```ts
 * const slots = await verifyReaderSlots({ chain, chainId: 31337, readers: [{ grantee, slot }], ownerKeys: [] });
 * ```
 */
export async function verifyReaderSlots({
  chain,
  chainId,
  readers,
  ownerKeys,
}: {
  chain: ChainGateway;
  chainId: number;
  readers: readonly ReaderSlotInput[];
  /** Public keys of the envelope's owner slots: a reader slot may not reuse one. */
  ownerKeys: readonly Uint8Array[];
}): Promise<VerifiedReaderSlot[]> {
  const decoded: { grantee: string; slot: ReaderSlot; bytes: Uint8Array }[] = [];
  const seen = new Set<string>();
  for (const { grantee, slot: bytes } of readers) {
    const address = parseAddress(grantee, "readers[].grantee");
    if (seen.has(address)) throw badRequest("DUPLICATE_READER", `Grantee ${address} has more than one slot.`);
    seen.add(address);
    let slot: ReaderSlot;
    try {
      slot = decodeReaderSlot({ bytes });
    } catch {
      throw badRequest("INVALID_READER_SLOT", `The slot for ${address} is not a 128-byte reader slot.`);
    }
    const taken = [...ownerKeys, ...decoded.map((entry) => entry.slot.publicKey)];
    if (taken.some((key) => equalBytes(key, slot.publicKey))) {
      throw badRequest("INVALID_READER_SLOT", `The slot for ${address} reuses a public key another slot has.`);
    }
    decoded.push({ grantee: address, slot, bytes });
  }
  const registered = await Promise.all(decoded.map(({ grantee }) => chain.encryptionKeyOf(chainId, grantee)));
  return decoded.map(({ grantee, slot, bytes }, index) => {
    const key = registered[index];
    if (key === undefined || !equalBytes(key, slot.publicKey)) {
      throw badRequest(
        "READER_KEY_NOT_REGISTERED",
        `The slot for ${grantee} is not wrapped for the key ${grantee} registered in the KeyRegistry.`,
      );
    }
    return { grantee, readerPublicKey: slot.publicKey, slot: Uint8Array.from(bytes) };
  });
}
