/**
 * Adds or replaces one grantee's wrapped key on a stored record: the owner only, with the owner's `StoreRecord`
 * signature over the new reader set (the key must be the one the grantee registered in the KeyRegistry).
 */
import { CID } from "multiformats/cid";

import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import type { ReaderLeaf } from "../../../sdk/src/storage/write-typed-data.ts";
import { readerLeafOf } from "../../../sdk/src/storage/write-typed-data.ts";
import { commitReaderChange } from "./commit-reader-change.ts";
import type { RecordTarget, RecordsDependencies } from "./dependencies.ts";
import { RecordRequestError, badRequest } from "./errors.ts";
import { requireOwner } from "./require-owner.ts";
import { requireRecord } from "./require-record.ts";
import type { ReaderChangeProof } from "./verify-reader-change.ts";
import { verifyReaderChange } from "./verify-reader-change.ts";
import { verifyReaderSlots } from "./verify-reader-slots.ts";

/**
 * What {@link putReader} takes: the grantee's slot, the other readers the owner keeps (their leaves), and the
 * owner's signature over all of them.
 *
 * @example
 * ```ts
 * const input: PutReaderInput = { chainId, dataId, caller, grantee, slot, readers: [], writer: { writtenAt, signature } };
 * ```
 */
export type PutReaderInput = RecordTarget & {
  grantee: string;
  slot: Uint8Array;
  /** Every other reader of the new set (the grantee is not among them). */
  readers: readonly ReaderLeaf[];
  writer: ReaderChangeProof;
};

/**
 * Stores `slot` as `grantee`'s wrapped key and the owner's signature as the record's proof. It does not grant
 * anything: reads still need a live on-chain grant.
 *
 * @throws {RecordRequestError} the refusals of `requireOwner`; `RECORD_NOT_FOUND` (404); the reader-slot refusals
 *   of `verifyReaderSlots`; `DUPLICATE_READER` (400) when `readers` names the grantee; the refusals of
 *   `verifyReaderChange` and `commitReaderChange`; `BLOCK_UNAVAILABLE` (503) if the envelope is not local (its
 *   owner keys are checked).
 * @example
 * ```ts
 * await putReader(deps, { chainId, dataId, caller: session.address, grantee, slot, readers, writer });
 * ```
 */
export async function putReader(deps: RecordsDependencies, input: PutReaderInput): Promise<void> {
  const { blockStore, grants, chain, clock } = deps;
  const { chainId, dataId, caller, grantee, slot, readers, writer } = input;
  const owner = requireOwner(grants, { chainId, dataId, caller });
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
  if (readers.some((leaf) => leaf.grantee.toLowerCase() === verified.grantee.toLowerCase())) {
    throw badRequest("DUPLICATE_READER", `Grantee ${verified.grantee} is in the reader set twice.`);
  }
  const leaves = await verifyReaderChange({
    chain,
    chainId,
    record,
    owner,
    leaves: [...readers, readerLeafOf(verified)],
    writer,
    nowMs: clock(),
  });
  requireOwner(grants, { chainId, dataId, caller });
  await commitReaderChange(deps, { record, owner, leaves, slots: [verified], writer });
}
