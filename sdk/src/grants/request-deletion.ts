/**
 * The owner asks for one of its data to be deleted.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** What {@link requestDeletion} takes. */
export type RequestDeletionParameters = {
  /** `AccessGrants`, connected to the owner's signer. */
  accessGrants: AccessGrants;
  dataId: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link requestDeletion} returns, from the `DeletionRequested` event. */
export type RequestDeletionResult = {
  hash: string;
  owner: string;
  dataId: string;
  /** When nodes must purge the data: the later of now and the latest lock on it (seconds). */
  effectiveAt: bigint;
};

/**
 * Records the caller's wish to delete `dataId`: no new grant can be made on it, unlocked grants end at once and
 * locked ones at their lock. A second request throws `DeletionPendingError` (with `effectiveAt`).
 *
 * @example
 * ```ts
 * const { effectiveAt } = await requestDeletion({ accessGrants, dataId });
 * ```
 */
export async function requestDeletion({
  accessGrants,
  dataId,
  confirmations = 1,
}: RequestDeletionParameters): Promise<RequestDeletionResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.requestDeletion(dataId),
  });
  const [event] = requireEvents(sent, "DeletionRequested");
  return {
    hash: sent.hash,
    owner: String(event.args.getValue("owner")),
    dataId: String(event.args.getValue("dataId")),
    effectiveAt: BigInt(event.args.getValue("effectiveAt")),
  };
}
