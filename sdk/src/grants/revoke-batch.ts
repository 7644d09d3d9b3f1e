/**
 * Several revokes in one transaction, all or nothing.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { IdemError } from "../errors.ts";
import { revokedFromEvent, type RevokedEvent } from "./granted-event.ts";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** One entry of {@link revokeBatch}: a grant of the caller's to end. */
export type RevokeBatchEntry = {
  grantee: string;
  dataId: string;
};

/** What {@link revokeBatch} takes. */
export type RevokeBatchParameters = {
  /** `AccessGrants`, connected to the owner's signer. */
  accessGrants: AccessGrants;
  /** At least one entry. */
  revokes: readonly RevokeBatchEntry[];
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link revokeBatch} returns: the hash and one decoded `Revoked` event per entry, in order. */
export type RevokeBatchResult = { hash: string; revokes: RevokedEvent[] };

/**
 * Ends every listed grant of the caller in one transaction; if any entry fails, none is revoked (the failing
 * entry's revert is mapped as in `revoke`: `GrantLockedError`, `GrantNotFoundError`). An empty list throws
 * `IdemError` before sending.
 *
 * @example
 * ```ts
 * const { revokes } = await revokeBatch({
 *   accessGrants,
 *   revokes: [
 *     { grantee: bank, dataId: kycId },
 *     { grantee: insurer, dataId: kycId },
 *   ],
 * });
 * ```
 */
export async function revokeBatch({
  accessGrants,
  revokes,
  confirmations = 1,
}: RevokeBatchParameters): Promise<RevokeBatchResult> {
  if (revokes.length === 0) throw new IdemError("A batch must hold at least one revoke.");
  const params = revokes.map(({ grantee, dataId }) => ({ grantee, dataId }));
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.revokeBatch(params),
  });
  return { hash: sent.hash, revokes: requireEvents(sent, "Revoked").map(revokedFromEvent) };
}
