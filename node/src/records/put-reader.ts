/**
 * Adds or replaces one grantee's wrapped key on a stored record (the owner only; the key must be the one the
 * grantee registered in the KeyRegistry).
 */
import { CID } from "multiformats/cid";

import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import type { RecordTarget, RecordsDependencies } from "./dependencies.ts";
import { RecordRequestError } from "./errors.ts";
import { requireOwner } from "./require-owner.ts";
import { requireRecord } from "./require-record.ts";
import { verifyReaderSlots } from "./verify-reader-slots.ts";

/**
 * Stores `slot` as `grantee`'s wrapped key for the record. It does not grant anything: reads still need a live
 * on-chain grant.
 *
 * @throws {RecordRequestError} the refusals of `requireOwner`; `RECORD_NOT_FOUND` (404); the reader-slot refusals
 *   of `verifyReaderSlots`; `BLOCK_UNAVAILABLE` (503) if the envelope is not local (its owner keys are checked).
 * @example
 * ```ts
 * await putReader(deps, { chainId, dataId, caller: session.address, grantee, slot });
 * ```
 */
export async function putReader(
  deps: RecordsDependencies,
  { chainId, dataId, caller, grantee, slot }: RecordTarget & { grantee: string; slot: Uint8Array },
): Promise<void> {
  const { store, blockStore, grants, chain } = deps;
  requireOwner(grants, { chainId, dataId, caller });
  const record = requireRecord(deps, { chainId, dataId });
  const cid = CID.parse(record.cid);
  if (!(await blockStore.has(cid))) {
    throw new RecordRequestError("The data is not available on this node right now; try another node.", {
      statusCode: 503,
      code: "BLOCK_UNAVAILABLE",
    });
  }
  // The stored envelope was checked when written; decoding it again gives its owner keys, which a reader slot
  // may not reuse.
  const envelope = decodeEnvelope({ bytes: await blockStore.get(cid) });
  const [verified] = await verifyReaderSlots({
    chain,
    chainId,
    readers: [{ grantee, slot }],
    ownerKeys: envelope.ownerSlots.map((ownerSlot) => ownerSlot.publicKey),
  });
  if (verified === undefined) throw new Error("verifyReaderSlots returned no slot for one reader");
  requireOwner(grants, { chainId, dataId, caller });
  store.transaction(() => {
    // The record may have been replaced (new data key) or purged while the chain was read.
    const current = requireRecord(deps, { chainId, dataId });
    if (current.cid !== record.cid) {
      throw new RecordRequestError("The record changed meanwhile; wrap the key for the new envelope.", {
        statusCode: 409,
        code: "RECORD_CHANGED",
      });
    }
    store.readerSlots.put({ chainId, dataId, ...verified });
  });
}
