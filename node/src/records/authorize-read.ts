/**
 * Who may read a record: its owner on record, or a grantee whose grant is live in the node's indexed view of the
 * record's home chain at its confirmed block time.
 */
import type { RecordTarget, RecordsDependencies } from "./dependencies.ts";
import { RecordRequestError } from "./errors.ts";

/**
 * Checks that `caller` may read the record `owner` holds on record (lowercase), and says how it is let in. The
 * grant is read from the node's view on every call: nothing here is remembered.
 *
 * @throws {RecordRequestError} `NOT_GRANTED` (403); `CHAIN_NOT_SYNCED` (503) from the grant view.
 * @example
 * ```ts
 * const role = authorizeRead(deps, { chainId, dataId, caller: session.address, owner: record.owner });
 * ```
 */
export function authorizeRead(
  { grants }: Pick<RecordsDependencies, "grants">,
  { chainId, dataId, caller, owner }: RecordTarget & { owner: string },
): "owner" | "grantee" {
  if (owner === caller.toLowerCase()) return "owner";
  if (!grants.isGranted(chainId, owner, caller, dataId)) {
    throw new RecordRequestError("The caller is neither the owner nor a live grantee of this data.", {
      statusCode: 403,
      code: "NOT_GRANTED",
    });
  }
  return "grantee";
}
