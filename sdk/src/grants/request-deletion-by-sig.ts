/**
 * Relay an owner's signed `RequestDeletion` authorization.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import type { RequestDeletionResult } from "./request-deletion.ts";
import { requireEvents, sendTransaction } from "./send-transaction.ts";
import type { DeletionMessage } from "./typed-data.ts";

/** What {@link requestDeletionBySig} takes. */
export type RequestDeletionBySigParameters = {
  /** `AccessGrants`, connected to the relayer's signer (anyone; it pays the gas). */
  accessGrants: AccessGrants;
  /** The message the owner signed (from `signDeletion`). */
  authorization: DeletionMessage;
  /** The owner's signature. */
  signature: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/**
 * Submits a signed deletion request on the owner's behalf. Throws as `requestDeletion` does
 * (`DeletionPendingError`, `UnknownDataError`, `NotDataOwnerError`), plus `SignatureExpiredError`,
 * `InvalidNonceError` (used, burned or stale signature) and `InvalidSignatureError`.
 *
 * @example
 * ```ts
 * const signed = await signDeletion({ accessGrants, signer: owner, dataId, deadline });
 * const { effectiveAt } = await requestDeletionBySig({ accessGrants: accessGrants.connect(relayer), ...signed });
 * ```
 */
export async function requestDeletionBySig({
  accessGrants,
  authorization,
  signature,
  confirmations = 1,
}: RequestDeletionBySigParameters): Promise<RequestDeletionResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.requestDeletionBySig(authorization, signature),
  });
  const [event] = requireEvents(sent, "DeletionRequested");
  return {
    hash: sent.hash,
    owner: String(event.args.getValue("owner")),
    dataId: String(event.args.getValue("dataId")),
    effectiveAt: BigInt(event.args.getValue("effectiveAt")),
  };
}
