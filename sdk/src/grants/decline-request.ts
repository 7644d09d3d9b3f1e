/**
 * The owner turns down a consumer's grant request.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** What {@link declineRequest} takes. */
export type DeclineRequestParameters = {
  /** `AccessGrants`, connected to the owner's signer. */
  accessGrants: AccessGrants;
  requestId: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link declineRequest} returns, from the `GrantRequestDeclined` event. */
export type DeclineRequestResult = { hash: string; requestId: string };

/**
 * Declines open request `requestId`, addressed to the caller. Throws `RequestNotOpenError` (with its status) unless
 * it is open, and `NotRequestPartyError` when the caller is not the owner asked.
 *
 * @example
 * ```ts
 * await declineRequest({ accessGrants: accessGrants.connect(owner), requestId });
 * ```
 */
export async function declineRequest({
  accessGrants,
  requestId,
  confirmations = 1,
}: DeclineRequestParameters): Promise<DeclineRequestResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.declineRequest(requestId),
  });
  const [event] = requireEvents(sent, "GrantRequestDeclined");
  return { hash: sent.hash, requestId: String(event.args.getValue("requestId")) };
}
