/**
 * Revoke one of the caller's grants.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { revokedFromEvent, type RevokedEvent } from "./granted-event.ts";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** What {@link revoke} takes. */
export type RevokeParameters = {
  /** `AccessGrants`, connected to the owner's signer. */
  accessGrants: AccessGrants;
  grantee: string;
  dataId: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link revoke} returns: the hash and the revoke as the `Revoked` event reports it. */
export type RevokeResult = RevokedEvent & { hash: string };

/**
 * Ends the caller's grant of `dataId` to `grantee`. A locked grant throws `GrantLockedError` (with `lockedUntil`);
 * no live grant throws `GrantNotFoundError`.
 *
 * @example
 * ```ts
 * try {
 *   await revoke({ accessGrants, grantee, dataId });
 * } catch (error) {
 *   if (error instanceof GrantLockedError) console.log(`locked until ${error.lockedUntil}`);
 * }
 * ```
 */
export async function revoke({
  accessGrants,
  grantee,
  dataId,
  confirmations = 1,
}: RevokeParameters): Promise<RevokeResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.revoke(grantee, dataId),
  });
  const [revoked] = requireEvents(sent, "Revoked");
  return { hash: sent.hash, ...revokedFromEvent(revoked) };
}
