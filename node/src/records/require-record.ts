/**
 * The read of a record that must exist.
 */
import type { RecordLocation, StoredRecord } from "../store/records.ts";
import type { RecordsDependencies } from "./dependencies.ts";
import { RecordRequestError } from "./errors.ts";

/**
 * The stored record, or `RECORD_NOT_FOUND` (404).
 *
 * @example
 * ```ts
 * const record = requireRecord(deps, { chainId, dataId });
 * ```
 */
export function requireRecord(
  { store }: Pick<RecordsDependencies, "store">,
  key: { chainId: number; dataId: string },
): StoredRecord {
  const record = store.records.get(key);
  if (record === undefined) throw recordNotFound();
  return record;
}

/**
 * The stored record's owner and CID (what a read needs), or `RECORD_NOT_FOUND` (404).
 *
 * @example
 * ```ts
 * const { owner, cid } = requireRecordLocation(deps, { chainId, dataId });
 * ```
 */
export function requireRecordLocation(
  { store }: Pick<RecordsDependencies, "store">,
  key: { chainId: number; dataId: string },
): RecordLocation {
  const location = store.records.locate(key);
  if (location === undefined) throw recordNotFound();
  return location;
}

function recordNotFound(): RecordRequestError {
  return new RecordRequestError("No record is stored under that dataId.", {
    statusCode: 404,
    code: "RECORD_NOT_FOUND",
  });
}
