/**
 * The owner approves a consumer's grant request.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import type { GrantResult } from "./grant.ts";
import { grantedFromEvent } from "./granted-event.ts";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** What {@link approveRequest} takes. */
export type ApproveRequestParameters = {
  /** `AccessGrants`, connected to the owner's signer. */
  accessGrants: AccessGrants;
  /** From `requestGrant` (or the `GrantRequested` event). */
  requestId: string;
  /** The data to grant: the one the request named, or any of the owner's if it named none. */
  dataId: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link approveRequest} returns: the grant made, and the request it approves. */
export type ApproveRequestResult = GrantResult & { requestId: string };

/**
 * Grants what request `requestId` asked for, on `dataId` (grantee = the consumer). Throws `RequestNotOpenError`,
 * `NotRequestPartyError` (not the request's owner), `RequestDataMismatchError`, and `grant`'s errors.
 *
 * @example
 * ```ts
 * const { grantId } = await approveRequest({ accessGrants: accessGrants.connect(owner), requestId, dataId });
 * ```
 */
export async function approveRequest({
  accessGrants,
  requestId,
  dataId,
  confirmations = 1,
}: ApproveRequestParameters): Promise<ApproveRequestResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.approveRequest(requestId, dataId),
  });
  const [approved] = requireEvents(sent, "GrantRequestApproved");
  const [granted] = requireEvents(sent, "Granted");
  return { hash: sent.hash, requestId: String(approved.args.getValue("requestId")), ...grantedFromEvent(granted) };
}
