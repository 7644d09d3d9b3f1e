/**
 * Makes a record's stored readers the set a StoreRecord signature commits to. Runs inside the caller's
 * transaction, with the record's new proof.
 */
import { keccak256 } from "ethers";

import type { ReaderLeaf } from "../../../sdk/src/storage/write-typed-data.ts";
import type { Store } from "../store/store.ts";
import type { VerifiedReaderSlot } from "./verify-reader-slots.ts";

/**
 * Stores `slots` (checked, with their bytes) unless this node dropped exactly that slot before, keeps each other
 * leaf's slot if this node holds it with exactly that hash, keeps every other leaf as a dropped reader (its hash
 * only), and takes every grantee not in `leaves` out. Whether a held slot's grant has ended is this node's own
 * view's call (its indexer drops the slot), never the sender's.
 * `leaves` holds every reader of the signed set, those of `slots` included.
 *
 * @example
 * ```ts
 * store.transaction(() => applyReaderSet(store, { chainId, dataId, leaves, slots: [verified], addedAt }));
 * ```
 */
export function applyReaderSet(
  store: Pick<Store, "readerSlots">,
  {
    chainId,
    dataId,
    leaves,
    slots,
    addedAt,
  }: {
    chainId: number;
    dataId: string;
    leaves: readonly ReaderLeaf[];
    slots: readonly VerifiedReaderSlot[];
    /** The home chain's confirmed block time, unix seconds. */
    addedAt: number;
  },
): void {
  const { readerSlots } = store;
  const key = { chainId, dataId };
  const held = new Map(readerSlots.list(key).map((slot) => [slot.grantee.toLowerCase(), slot]));
  const dropped = new Map(readerSlots.listDropped(key).map((leaf) => [leaf.grantee.toLowerCase(), leaf.slotHash]));
  const fresh = new Map(slots.map((slot) => [slot.grantee.toLowerCase(), slot]));
  const signed = new Set(leaves.map((leaf) => leaf.grantee.toLowerCase()));
  for (const grantee of [...held.keys(), ...dropped.keys()]) {
    if (!signed.has(grantee)) readerSlots.remove({ ...key, grantee });
  }
  for (const leaf of leaves) {
    const grantee = leaf.grantee.toLowerCase();
    const slot = fresh.get(grantee);
    // A key this node dropped (its grant ended) is never taken back, e.g. from a peer that had not indexed the
    // end yet; a new grant comes with a new slot (a fresh ephemeral key), which has another hash.
    if (slot !== undefined && dropped.get(grantee) !== keccak256(slot.slot)) {
      readerSlots.put({ ...key, ...slot, addedAt });
      continue;
    }
    const kept = held.get(grantee);
    if (kept !== undefined && keccak256(kept.slot) === leaf.slotHash.toLowerCase()) continue;
    if (kept !== undefined) readerSlots.remove({ ...key, grantee });
    readerSlots.putDropped({ ...key, grantee, slotHash: leaf.slotHash });
  }
}
