/**
 * Drops one grantee's wrapped key from a stored record (the owner only). Idempotent.
 */
import type { RecordTarget, RecordsDependencies } from "./dependencies.ts";
import { requireOwner } from "./require-owner.ts";
import { requireRecord } from "./require-record.ts";

/**
 * Removes `grantee`'s slot; removing a slot that is not there is not an error. Allowed while a deletion is
 * pending too: dropping a key only ever narrows access.
 *
 * @throws {RecordRequestError} `DATA_NOT_ANCHORED` (409), `NOT_OWNER` (403), `RECORD_NOT_FOUND` (404).
 * @example
 * ```ts
 * const removed = removeReader(deps, { chainId, dataId, caller: session.address, grantee });
 * ```
 */
export function removeReader(
  { store, grants }: Pick<RecordsDependencies, "store" | "grants">,
  { chainId, dataId, caller, grantee }: RecordTarget & { grantee: string },
): boolean {
  requireOwner(grants, { chainId, dataId, caller, allowDeletionPending: true });
  requireRecord({ store }, { chainId, dataId });
  return store.readerSlots.remove({ chainId, dataId, grantee });
}
