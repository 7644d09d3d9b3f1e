/**
 * Orders signed writes of one record: each write (a full write, or the owner's reader change) must be newer than
 * the proof stored.
 */
import type { StoredRecord } from "../store/records.ts";
import { RecordRequestError } from "./errors.ts";

/**
 * Refuses a write that is not newer than the stored one (`STALE_WRITE`, 409): a replayed or reordered write, e.g.
 * an old signed write or reader change resent after the owner made a newer one.
 *
 * @throws {RecordRequestError} `STALE_WRITE` (409).
 * @example
 * ```ts
 * requireFresh(store.records.get({ chainId, dataId }), { writtenAt });
 * ```
 */
export function requireFresh(existing: StoredRecord | undefined, { writtenAt }: { writtenAt: number }): void {
  const stored = existing?.proof?.writtenAt;
  if (stored === undefined) return;
  if (writtenAt <= stored) {
    throw new RecordRequestError("A newer write of this record is already stored.", {
      statusCode: 409,
      code: "STALE_WRITE",
      details: `stored writtenAt ${stored}`,
    });
  }
}
