/**
 * The owner signs an EIP-712 `RequestDeletion` authorization that anyone may relay with `requestDeletionBySig`.
 *
 * @module
 */
import type { Signer } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { contractDomain } from "./contract-domain.ts";
import { decodeContractError } from "./contract-errors.ts";
import { TYPES, type DeletionMessage } from "./typed-data.ts";

/** What {@link signDeletion} takes. */
export type SignDeletionParameters = {
  /** `AccessGrants`, connected to any provider (read: nonce and chain id). */
  accessGrants: AccessGrants;
  /** Signs the message: the owner's EOA, or the key an ERC-1271 owner accepts. */
  signer: Signer;
  /** The data owner; defaults to the signer's address. Set it to the smart account's address for ERC-1271. */
  owner?: string;
  dataId: string;
  /** The signature is void after this time (seconds). */
  deadline: bigint;
  /** The dataId's deletion nonce; read from `getAnchor` unless given. */
  nonce?: bigint;
  /** The chain id of the domain; read from the contract's provider unless given. */
  chainId?: bigint;
};

/** What {@link signDeletion} returns: the message signed and its signature, ready for `requestDeletionBySig`. */
export type SignedDeletion = { authorization: DeletionMessage; signature: string };

/**
 * Signs a `RequestDeletion` message in the domain of `accessGrants` with the dataId's current deletion nonce. The
 * signature can be used once, before `deadline`, and is voided by `burnDataNonce`.
 *
 * @example
 * ```ts
 * const signed = await signDeletion({ accessGrants, signer: owner, dataId, deadline: now + 3600n });
 * await requestDeletionBySig({ accessGrants: accessGrants.connect(relayer), ...signed });
 * ```
 */
export async function signDeletion({
  accessGrants,
  signer,
  owner,
  dataId,
  deadline,
  nonce,
  chainId,
}: SignDeletionParameters): Promise<SignedDeletion> {
  const ownerAddress = owner ?? (await signer.getAddress());
  let domain, currentNonce;
  try {
    [domain, currentNonce] = await Promise.all([
      contractDomain({ accessGrants, chainId }),
      nonce ?? accessGrants.getAnchor(dataId).then((anchor) => anchor.nonce),
    ]);
  } catch (error) {
    throw decodeContractError(error, accessGrants.interface);
  }
  const authorization: DeletionMessage = { owner: ownerAddress, dataId, nonce: currentNonce, deadline };
  const signature = await signer.signTypedData(domain, { RequestDeletion: [...TYPES.RequestDeletion] }, authorization);
  return { authorization, signature };
}
