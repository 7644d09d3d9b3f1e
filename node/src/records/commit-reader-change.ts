/**
 * Commits a verified reader change: the new reader set and the owner's proof in one transaction, then replicates
 * the record as it now stands (the proof travels with the slots it signs, and with the leaves of dropped ones).
 */
import type { ReaderLeaf } from "../../../sdk/src/storage/write-typed-data.ts";
import { unixSeconds } from "../clock.ts";
import type { StoredRecord } from "../store/records.ts";
import { applyReaderSet } from "./apply-reader-set.ts";
import type { RecordsDependencies } from "./dependencies.ts";
import { RecordRequestError } from "./errors.ts";
import { requireFresh } from "./require-fresh.ts";
import { requireRecord } from "./require-record.ts";
import type { ReaderChangeProof } from "./verify-reader-change.ts";
import type { VerifiedReaderSlot } from "./verify-reader-slots.ts";

/**
 * Stores the reader set `leaves` (with the new `slots`) and the owner's `writer` proof as the record's proof, if
 * the record is still the one verified (same CID, no newer proof meanwhile); then calls `deps.onStored`.
 *
 * @throws {RecordRequestError} `RECORD_NOT_FOUND` (404), `RECORD_CHANGED` (409) when the envelope was replaced
 *   meanwhile, `STALE_WRITE` (409) when a newer change landed meanwhile.
 * @example
 * ```ts
 * await commitReaderChange(deps, { record, owner, leaves, slots: [verified], writer });
 * ```
 */
export async function commitReaderChange(
  deps: RecordsDependencies,
  {
    record,
    owner,
    leaves,
    slots,
    writer,
  }: {
    /** The record as verified. */
    record: StoredRecord;
    owner: string;
    leaves: readonly ReaderLeaf[];
    slots: readonly VerifiedReaderSlot[];
    writer: ReaderChangeProof;
  },
): Promise<void> {
  const { store, grants, clock } = deps;
  const { chainId, dataId } = record;
  const proof = { writer: owner.toLowerCase(), writtenAt: writer.writtenAt, signature: writer.signature };
  const addedAt = grants.confirmedBlock(chainId).blockTimestamp;
  const now = unixSeconds(clock);
  store.transaction(() => {
    // The record may have been replaced (new data key), changed or purged while the chain was read.
    const current = requireRecord(deps, { chainId, dataId });
    if (current.cid !== record.cid) {
      throw new RecordRequestError("The record changed meanwhile; wrap the key for the new envelope.", {
        statusCode: 409,
        code: "RECORD_CHANGED",
      });
    }
    requireFresh(current, writer);
    applyReaderSet(store, { chainId, dataId, leaves, slots, addedAt });
    const { proof: _replaced, ...rest } = current;
    store.records.upsert({ ...rest, updatedAt: Math.max(now, current.updatedAt), proof });
  });
  if (deps.onStored === undefined) return;
  const key = { chainId, dataId };
  await deps
    .onStored({
      chainId,
      dataId,
      cid: record.cid,
      owner,
      proof,
      readers: store.readerSlots.list(key).map(({ grantee, slot }) => ({ grantee, slot })),
      droppedReaders: store.readerSlots.listDropped(key),
    })
    .catch(() => 0);
}
