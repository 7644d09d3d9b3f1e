/**
 * The write-side gate: the caller is the dataId's on-chain owner in the node's confirmed view, and no deletion was
 * requested.
 */
import type { GrantAccess } from "./grant-access.ts";
import { RecordRequestError } from "./errors.ts";

/**
 * Returns the owner (checksummed) if `caller` may write `dataId` on `chainId`; throws otherwise:
 * `DATA_NOT_ANCHORED` (409) if the confirmed view does not know the dataId yet, `NOT_OWNER` (403) if someone else
 * owns it, `DELETION_PENDING` (409) once deletion was requested (unless `allowDeletionPending`). With `issuer` (the
 * issuer an owner's write permission names; the caller must verify the permission itself), the caller must be that
 * issuer instead: `PERMISSION_ISSUER_MISMATCH` (403) otherwise.
 *
 * @example
 * ```ts
 * const owner = requireOwner(grants, { chainId, dataId, caller: session.address });
 * ```
 */
export function requireOwner(
  grants: GrantAccess,
  {
    chainId,
    dataId,
    caller,
    issuer,
    allowDeletionPending = false,
  }: {
    chainId: number;
    dataId: string;
    caller: string;
    /** The issuer a write permission names, when the caller writes with one. */
    issuer?: string;
    /** Let the owner through even once deletion was requested (for changes that only narrow access). */
    allowDeletionPending?: boolean;
  },
): string {
  const owner = grants.ownerOf(chainId, dataId);
  if (owner === undefined) {
    throw new RecordRequestError("The dataId is not anchored on that chain (as far as this node has confirmed).", {
      statusCode: 409,
      code: "DATA_NOT_ANCHORED",
    });
  }
  if (issuer !== undefined && issuer.toLowerCase() !== caller.toLowerCase()) {
    throw new RecordRequestError("The write permission names another issuer than the caller.", {
      statusCode: 403,
      code: "PERMISSION_ISSUER_MISMATCH",
    });
  }
  if (issuer === undefined && owner.toLowerCase() !== caller.toLowerCase()) {
    throw new RecordRequestError("Only the data's owner may change it.", { statusCode: 403, code: "NOT_OWNER" });
  }
  if (!allowDeletionPending && grants.isDeletionPending(chainId, dataId)) {
    throw new RecordRequestError("The owner requested deletion of this data; it takes no more writes.", {
      statusCode: 409,
      code: "DELETION_PENDING",
    });
  }
  return owner;
}
