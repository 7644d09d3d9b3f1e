import type { BaseContract, Signer, TypedDataDomain, TypedDataField } from "ethers";
import { TypedDataEncoder, id } from "ethers";

/** EIP-712 domain name and version of `AccessGrants`; the version equals `version()`. */
export const DOMAIN_NAME = "Idem AccessGrants";
export const DOMAIN_VERSION = "1";

/** The type strings as the contract hashes them. One place, so a change shows up in every test at once. */
export const TYPE_STRINGS = {
  Grant:
    "Grant(address owner,address grantee,bytes32 dataId,uint48 lockedUntil,uint48 expiresAt,bytes32 purpose,uint64 nonce,uint256 deadline)",
  Revoke: "Revoke(address owner,address grantee,bytes32 dataId,uint64 nonce,uint256 deadline)",
  RequestDeletion: "RequestDeletion(address owner,bytes32 dataId,uint64 nonce,uint256 deadline)",
} as const;

export type PrimaryType = keyof typeof TYPE_STRINGS;

/** The type tables handed to `signTypedData`, one primary type each. */
export const TYPES = {
  Grant: [
    { name: "owner", type: "address" },
    { name: "grantee", type: "address" },
    { name: "dataId", type: "bytes32" },
    { name: "lockedUntil", type: "uint48" },
    { name: "expiresAt", type: "uint48" },
    { name: "purpose", type: "bytes32" },
    { name: "nonce", type: "uint64" },
    { name: "deadline", type: "uint256" },
  ],
  Revoke: [
    { name: "owner", type: "address" },
    { name: "grantee", type: "address" },
    { name: "dataId", type: "bytes32" },
    { name: "nonce", type: "uint64" },
    { name: "deadline", type: "uint256" },
  ],
  RequestDeletion: [
    { name: "owner", type: "address" },
    { name: "dataId", type: "bytes32" },
    { name: "nonce", type: "uint64" },
    { name: "deadline", type: "uint256" },
  ],
} as const satisfies Record<PrimaryType, readonly TypedDataField[]>;

/** keccak256 of each type string: what the contract's typehash constants must equal. */
export const TYPEHASHES = {
  Grant: id(TYPE_STRINGS.Grant),
  Revoke: id(TYPE_STRINGS.Revoke),
  RequestDeletion: id(TYPE_STRINGS.RequestDeletion),
} as const;

/** EIP-712 `Grant` message (also what `approveRequestBySig` checks, with grantee = the consumer). */
export type GrantMessage = {
  owner: string;
  grantee: string;
  dataId: string;
  lockedUntil: bigint;
  expiresAt: bigint;
  purpose: string;
  nonce: bigint;
  deadline: bigint;
};

/** EIP-712 `Revoke` message. */
export type RevokeMessage = {
  owner: string;
  grantee: string;
  dataId: string;
  nonce: bigint;
  deadline: bigint;
};

/** EIP-712 `RequestDeletion` message. */
export type DeletionMessage = {
  owner: string;
  dataId: string;
  nonce: bigint;
  deadline: bigint;
};

/**
 * The domain a signature for `contract` must carry. `chainId` defaults to the chain the contract is on; pass
 * another one to produce a signature for a different chain.
 */
export async function domainOf(contract: BaseContract, chainId?: bigint): Promise<TypedDataDomain> {
  const verifyingContract = await contract.getAddress();
  if (chainId !== undefined) return { name: DOMAIN_NAME, version: DOMAIN_VERSION, chainId, verifyingContract };
  const provider = contract.runner?.provider;
  if (provider === null || provider === undefined) {
    throw new Error("domainOf: the contract has no provider to read the chain id from");
  }
  const { chainId: current } = await provider.getNetwork();
  return { name: DOMAIN_NAME, version: DOMAIN_VERSION, chainId: current, verifyingContract };
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
