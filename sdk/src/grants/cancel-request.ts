/**
 * The consumer withdraws its open grant request.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** What {@link cancelRequest} takes. */
export type CancelRequestParameters = {
  /** `AccessGrants`, connected to the consumer's signer. */
  accessGrants: AccessGrants;
  requestId: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link cancelRequest} returns, from the `GrantRequestCancelled` event. */
export type CancelRequestResult = { hash: string; requestId: string };

/**
 * Cancels the caller's open request `requestId`. Throws `RequestNotOpenError` (with its status) unless it is open,
 * and `NotRequestPartyError` when the caller is not the consumer who made it.
 *
 * @example
 * ```ts
 * await cancelRequest({ accessGrants: accessGrants.connect(consumer), requestId });
 * ```
 */
export async function cancelRequest({
  accessGrants,
  requestId,
  confirmations = 1,
}: CancelRequestParameters): Promise<CancelRequestResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.cancelRequest(requestId),
  });
  const [event] = requireEvents(sent, "GrantRequestCancelled");
  return { hash: sent.hash, requestId: String(event.args.getValue("requestId")) };
}
