/**
 * The owner voids its unused grant and revoke signatures for one grant.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { grantId } from "./grant-id.ts";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** What {@link burnGrantNonce} takes. */
export type BurnGrantNonceParameters = {
  /** `AccessGrants`, connected to the owner's signer. */
  accessGrants: AccessGrants;
  grantee: string;
  dataId: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link burnGrantNonce} returns, from the `GrantNonceBurned` event. */
export type BurnGrantNonceResult = {
  hash: string;
  /** `keccak256(abi.encode(owner, grantee, dataId))`, see `grantId`. */
  grantId: string;
  owner: string;
  grantee: string;
  dataId: string;
  /** The new nonce: the one the next `grantBySig` / `revokeBySig` on this grant must carry. */
  nonce: bigint;
};

/**
 * Advances the nonce of the caller's grant (caller, `grantee`, `dataId`), so every `Grant` or `Revoke` signature
 * made for the old nonce and not yet relayed becomes void (relaying one throws `InvalidNonceError`). Works whether
 * or not the grant exists.
 *
 * @example
 * ```ts
 * // the owner signed a grant, then changed its mind before it was relayed:
 * const { nonce } = await burnGrantNonce({ accessGrants: accessGrants.connect(owner), grantee, dataId });
 * ```
 */
export async function burnGrantNonce({
  accessGrants,
  grantee,
  dataId,
  confirmations = 1,
}: BurnGrantNonceParameters): Promise<BurnGrantNonceResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.burnGrantNonce(grantee, dataId),
  });
  const [event] = requireEvents(sent, "GrantNonceBurned");
  const owner = String(event.args.getValue("owner"));
  const burnedGrantee = String(event.args.getValue("grantee"));
  const burnedDataId = String(event.args.getValue("dataId"));
  return {
    hash: sent.hash,
    grantId: grantId({ owner, grantee: burnedGrantee, dataId: burnedDataId }),
    owner,
    grantee: burnedGrantee,
    dataId: burnedDataId,
    nonce: BigInt(event.args.getValue("nonce")),
  };
}
