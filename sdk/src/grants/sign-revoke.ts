/**
 * The owner signs an EIP-712 `Revoke` authorization that anyone may relay with `revokeBySig`.
 *
 * @module
 */
import type { Signer } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { contractDomain } from "./contract-domain.ts";
import { TYPES, type RevokeMessage } from "./typed-data.ts";

/** What {@link signRevoke} takes. */
export type SignRevokeParameters = {
  /** `AccessGrants`, connected to any provider (read: nonce and chain id). */
  accessGrants: AccessGrants;
  /** Signs the message: the owner's EOA, or the key an ERC-1271 owner accepts. */
  signer: Signer;
  /** The data owner; defaults to the signer's address. */
  owner?: string;
  grantee: string;
  dataId: string;
  /** The signature is void after this time (seconds). */
  deadline: bigint;
  /** The grant's nonce; read from `getGrant` unless given. */
  nonce?: bigint;
  /** The chain id of the domain; read from the contract's provider unless given. */
  chainId?: bigint;
};

/** What {@link signRevoke} returns, ready for `revokeBySig`. */
export type SignedRevoke = { authorization: RevokeMessage; signature: string };

/**
 * Signs a `Revoke` message in the domain of `accessGrants` with the grant's current nonce.
 *
 * @example
 * ```ts
 * const signed = await signRevoke({ accessGrants, signer: owner, grantee, dataId, deadline: now + 3600n });
 * await revokeBySig({ accessGrants: accessGrants.connect(relayer), ...signed });
 * ```
 */
export async function signRevoke({
  accessGrants,
  signer,
  owner,
  grantee,
  dataId,
  deadline,
  nonce,
  chainId,
}: SignRevokeParameters): Promise<SignedRevoke> {
  const ownerAddress = owner ?? (await signer.getAddress());
  const [domain, currentNonce] = await Promise.all([
    contractDomain({ accessGrants, chainId }),
    nonce ?? accessGrants.getGrant(ownerAddress, grantee, dataId).then((record) => record.nonce),
  ]);
  const authorization: RevokeMessage = { owner: ownerAddress, grantee, dataId, nonce: currentNonce, deadline };
  const signature = await signer.signTypedData(domain, { Revoke: [...TYPES.Revoke] }, authorization);
  return { authorization, signature };
}
