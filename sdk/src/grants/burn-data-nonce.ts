/**
 * The owner voids its unused deletion signatures for one dataId.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** What {@link burnDataNonce} takes. */
export type BurnDataNonceParameters = {
  /** `AccessGrants`, connected to the owner's signer. */
  accessGrants: AccessGrants;
  dataId: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link burnDataNonce} returns, from the `DataNonceBurned` event. */
export type BurnDataNonceResult = {
  hash: string;
  owner: string;
  dataId: string;
  /** The new nonce: the one the next `requestDeletionBySig` on this dataId must carry. */
  nonce: bigint;
};

/**
 * Advances the deletion nonce of the caller's `dataId`, so every `RequestDeletion` signature made for the old
 * nonce and not yet relayed becomes void. Throws `UnknownDataError` / `NotDataOwnerError` unless `dataId` is
 * anchored to the caller.
 *
 * @example
 * ```ts
 * const { nonce } = await burnDataNonce({ accessGrants: accessGrants.connect(owner), dataId });
 * ```
 */
export async function burnDataNonce({
  accessGrants,
  dataId,
  confirmations = 1,
}: BurnDataNonceParameters): Promise<BurnDataNonceResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.burnDataNonce(dataId),
  });
  const [event] = requireEvents(sent, "DataNonceBurned");
  return {
    hash: sent.hash,
    owner: String(event.args.getValue("owner")),
    dataId: String(event.args.getValue("dataId")),
    nonce: BigInt(event.args.getValue("nonce")),
  };
}
