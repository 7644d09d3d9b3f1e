/**
 * The readers of a fetched envelope as a reader-change signature commits to them.
 *
 * @module
 */
import { encodeReaderSlot } from "../crypto/encode.ts";
import type { Envelope } from "../crypto/envelope.ts";
import type { ReaderLeaf } from "./write-typed-data.ts";
import { readerLeafOf } from "./write-typed-data.ts";

/**
 * The leaf of each reader slot of `envelope` (as the owner gets it from `getEnvelope`), paired with `grantees` in
 * order: what `putReaderSlot` and `removeReaderSlot` take as the readers to keep.
 *
 * @example
 * ```ts
 * const { cid, envelope, grantees } = await getEnvelope({ sessions, chainId, dataId });
 * const readers = readerLeavesOf({ envelope, grantees }).filter((leaf) => leaf.grantee !== grantee);
 * ```
 */
export function readerLeavesOf({
  envelope,
  grantees,
}: {
  envelope: Pick<Envelope, "readerSlots">;
  grantees: readonly string[];
}): ReaderLeaf[] {
  return envelope.readerSlots.map((slot, index) =>
    readerLeafOf({ grantee: grantees[index] ?? "", slot: encodeReaderSlot({ slot }) }),
  );
}
