/**
 * Drops one grantee's wrapped key from a stored record: the owner only, with the owner's `StoreRecord` signature
 * over the readers that remain.
 */
import type { ReaderLeaf } from "../../../sdk/src/storage/write-typed-data.ts";
import { commitReaderChange } from "./commit-reader-change.ts";
import type { RecordTarget, RecordsDependencies } from "./dependencies.ts";
import { badRequest } from "./errors.ts";
import { parseAddress } from "./parse-address.ts";
import { requireOwner } from "./require-owner.ts";
import { requireRecord } from "./require-record.ts";
import type { ReaderChangeProof } from "./verify-reader-change.ts";
import { verifyReaderChange } from "./verify-reader-change.ts";

/**
 * What {@link removeReader} takes: the grantee that goes, the readers that remain (their leaves), and the owner's
 * signature over them.
 *
 * @example
 * ```ts
 * const input: RemoveReaderInput = { chainId, dataId, caller, grantee, readers: [], writer: { writtenAt, signature } };
 * ```
 */
export type RemoveReaderInput = RecordTarget & {
  grantee: string;
  /** Every reader of the new set (the grantee is not among them). */
  readers: readonly ReaderLeaf[];
  writer: ReaderChangeProof;
};

/**
 * Makes the record's readers exactly `readers` (so `grantee`'s slot goes, if it was there) and stores the owner's
 * signature as the record's proof. Allowed while a deletion is pending too: dropping a key only ever narrows
 * access.
 *
 * @throws {RecordRequestError} `DATA_NOT_ANCHORED` (409), `NOT_OWNER` (403), `RECORD_NOT_FOUND` (404),
 *   `DUPLICATE_READER` (400) when `readers` names the grantee; the refusals of `verifyReaderChange` and
 *   `commitReaderChange`.
 * @example
 * ```ts
 * await removeReader(deps, { chainId, dataId, caller: session.address, grantee, readers, writer });
 * ```
 */
export async function removeReader(deps: RecordsDependencies, input: RemoveReaderInput): Promise<void> {
  const { grants, chain, clock } = deps;
  const { chainId, dataId, caller, readers, writer } = input;
  const grantee = parseAddress(input.grantee, "grantee");
  const owner = requireOwner(grants, { chainId, dataId, caller, allowDeletionPending: true });
  const record = requireRecord(deps, { chainId, dataId });
  if (readers.some((leaf) => leaf.grantee.toLowerCase() === grantee.toLowerCase())) {
    throw badRequest("DUPLICATE_READER", `Grantee ${grantee} cannot be removed and kept at once.`);
  }
  const leaves = await verifyReaderChange({ chain, chainId, record, owner, leaves: readers, writer, nowMs: clock() });
  requireOwner(grants, { chainId, dataId, caller, allowDeletionPending: true });
  await commitReaderChange(deps, { record, owner, leaves, slots: [], writer });
}
