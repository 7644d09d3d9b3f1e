import type { BaseContract, Signer, TypedDataDomain } from "ethers";
import { TypedDataEncoder } from "ethers";
import {
  TYPES,
  accessGrantsDomain,
  type DeletionMessage,
  type GrantMessage,
  type PrimaryType,
  type RevokeMessage,
} from "../../sdk/src/grants/typed-data.ts";

export {
  DOMAIN_NAME,
  DOMAIN_VERSION,
  TYPEHASHES,
  TYPES,
  TYPE_STRINGS,
  type DeletionMessage,
  type GrantMessage,
  type PrimaryType,
  type RevokeMessage,
} from "../../sdk/src/grants/typed-data.ts";

/**
 * The domain a signature for `contract` must carry. `chainId` defaults to the chain the contract is on; pass
 * another one to produce a signature for a different chain.
 */
export async function domainOf(contract: BaseContract, chainId?: bigint): Promise<TypedDataDomain> {
  const verifyingContract = await contract.getAddress();
  if (chainId !== undefined) return accessGrantsDomain({ chainId, verifyingContract });
  const provider = contract.runner?.provider;
  if (provider === null || provider === undefined) {
    throw new Error("domainOf: the contract has no provider to read the chain id from");
  }
  const { chainId: current } = await provider.getNetwork();
  return accessGrantsDomain({ chainId: current, verifyingContract });
}

/** The digest the owner signs; an ERC-1271 wallet's owner signs this same digest. */
export function digestOf(domain: TypedDataDomain, primaryType: PrimaryType, message: Record<string, unknown>): string {
  return TypedDataEncoder.hash(domain, { [primaryType]: [...TYPES[primaryType]] }, message);
}

/**
 * Signs typed data with `signer`'s key. For an EOA owner that is the owner's own signature; for an ERC-1271
 * wallet it is the wallet owner's ECDSA signature over the same EIP-712 digest, which the wallet's
 * `isValidSignature` accepts.
 */
async function sign(
  signer: Signer,
  domain: TypedDataDomain,
  primaryType: PrimaryType,
  message: Record<string, unknown>,
): Promise<string> {
  return signer.signTypedData(domain, { [primaryType]: [...TYPES[primaryType]] }, message);
}

/** The owner's (or its wallet keeper's) signature over a `Grant` message. */
export function signGrant(signer: Signer, domain: TypedDataDomain, message: GrantMessage): Promise<string> {
  return sign(signer, domain, "Grant", message);
}

/** The owner's (or its wallet keeper's) signature over a `Revoke` message. */
export function signRevoke(signer: Signer, domain: TypedDataDomain, message: RevokeMessage): Promise<string> {
  return sign(signer, domain, "Revoke", message);
}

/** The owner's (or its wallet keeper's) signature over a `RequestDeletion` message. */
export function signDeletion(signer: Signer, domain: TypedDataDomain, message: DeletionMessage): Promise<string> {
  return sign(signer, domain, "RequestDeletion", message);
}
