/**
 * The owner signs an EIP-712 `Grant` authorization that anyone may relay with `grantBySig`.
 *
 * @module
 */
import { ZeroHash, type Signer } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { contractDomain } from "./contract-domain.ts";
import { TYPES, type GrantMessage } from "./typed-data.ts";

/** What {@link signGrant} takes. */
export type SignGrantParameters = {
  /** `AccessGrants`, connected to any provider (read: nonce and chain id). */
  accessGrants: AccessGrants;
  /** Signs the message: the owner's EOA, or the key an ERC-1271 owner accepts. */
  signer: Signer;
  /** The data owner; defaults to the signer's address. Set it to the smart account's address for ERC-1271. */
  owner?: string;
  grantee: string;
  dataId: string;
  /** 0 (default) for no lock. */
  lockedUntil?: bigint;
  /** 0 (default) for never. */
  expiresAt?: bigint;
  /** Zero by default. */
  purpose?: string;
  /** The signature is void after this time (seconds). */
  deadline: bigint;
  /** The grant's nonce; read from `getGrant` unless given. */
  nonce?: bigint;
  /** The chain id of the domain; read from the contract's provider unless given. */
  chainId?: bigint;
};

/** What {@link signGrant} returns: the message signed and its signature, ready for `grantBySig`. */
export type SignedGrant = { authorization: GrantMessage; signature: string };

/**
 * Signs a `Grant` message in the domain of `accessGrants` (its chain id and address), with the grant's current
 * nonce. The signature can be used once, before `deadline`, and is voided by `burnGrantNonce`.
 *
 * @example
 * ```ts
 * const signed = await signGrant({ accessGrants, signer: owner, grantee, dataId, deadline: now + 3600n });
 * // anyone, e.g. the grantee, relays it:
 * await grantBySig({ accessGrants: accessGrants.connect(relayer), ...signed });
 * ```
 */
export async function signGrant({
  accessGrants,
  signer,
  owner,
  grantee,
  dataId,
  lockedUntil = 0n,
  expiresAt = 0n,
  purpose = ZeroHash,
  deadline,
  nonce,
  chainId,
}: SignGrantParameters): Promise<SignedGrant> {
  const ownerAddress = owner ?? (await signer.getAddress());
  const [domain, currentNonce] = await Promise.all([
    contractDomain({ accessGrants, chainId }),
    nonce ?? accessGrants.getGrant(ownerAddress, grantee, dataId).then((record) => record.nonce),
  ]);
  const authorization: GrantMessage = {
    owner: ownerAddress,
    grantee,
    dataId,
    lockedUntil,
    expiresAt,
    purpose,
    nonce: currentNonce,
    deadline,
  };
  const signature = await signer.signTypedData(domain, { Grant: [...TYPES.Grant] }, authorization);
  return { authorization, signature };
}
