/**
 * Relay an owner's signed approval of a grant request (typically by the consumer who asked).
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import type { ApproveRequestResult } from "./approve-request.ts";
import { grantedFromEvent } from "./granted-event.ts";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** What {@link approveRequestBySig} takes; `signRequestApproval` returns all of it but `accessGrants`. */
export type ApproveRequestBySigParameters = {
  /** `AccessGrants`, connected to the relayer's signer (usually the consumer; it pays the gas). */
  accessGrants: AccessGrants;
  requestId: string;
  /** The data the owner signed for. */
  dataId: string;
  /** The grant nonce the owner signed. */
  nonce: bigint;
  /** The deadline the owner signed (seconds). */
  deadline: bigint;
  /** The owner's EIP-712 `Grant` signature over the request's terms. */
  signature: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/**
 * Approves request `requestId` with the owner's signature: the consumer is granted `dataId` on the request's terms,
 * without the owner sending a transaction. Throws as `approveRequest` does (`RequestNotOpenError`,
 * `RequestDataMismatchError`, `grant`'s errors), plus `SignatureExpiredError`, `InvalidNonceError` and
 * `InvalidSignatureError` (not the owner's signature, or not over these terms).
 *
 * @example
 * ```ts
 * const signed = await signRequestApproval({ accessGrants, signer: owner, requestId, deadline });
 * const { grantId } = await approveRequestBySig({ accessGrants: accessGrants.connect(consumer), ...signed });
 * ```
 */
export async function approveRequestBySig({
  accessGrants,
  requestId,
  dataId,
  nonce,
  deadline,
  signature,
  confirmations = 1,
}: ApproveRequestBySigParameters): Promise<ApproveRequestResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.approveRequestBySig(requestId, dataId, nonce, deadline, signature),
  });
  const [approved] = requireEvents(sent, "GrantRequestApproved");
  const [granted] = requireEvents(sent, "Granted");
  return { hash: sent.hash, requestId: String(approved.args.getValue("requestId")), ...grantedFromEvent(granted) };
}
