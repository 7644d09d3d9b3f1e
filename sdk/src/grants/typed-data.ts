/**
 * The EIP-712 messages `AccessGrants` accepts, in one module: domain, type strings, type tables, message shapes.
 * Everything that signs or checks a grant, revoke or deletion signature takes them from here.
 *
 * @example
 * ```ts
 * import { TYPES, accessGrantsDomain } from "./typed-data.ts";
 * const domain = accessGrantsDomain({ chainId: 31337n, verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" });
 * const signature = await wallet.signTypedData(domain, { Grant: [...TYPES.Grant] }, message);
 * ```
 */
import type { TypedDataDomain, TypedDataField } from "ethers";
import { id } from "ethers";

/** EIP-712 domain name of `AccessGrants`. */
export const DOMAIN_NAME = "Idem AccessGrants";

/** EIP-712 domain version of `AccessGrants`; equals the contract's `version()`. */
export const DOMAIN_VERSION = "1";

/** The type strings as the contract hashes them (its `*_TYPEHASH` constants are their keccak256). */
export const TYPE_STRINGS = {
  Grant:
    "Grant(address owner,address grantee,bytes32 dataId,uint48 lockedUntil,uint48 expiresAt,bytes32 purpose,uint64 nonce,uint256 deadline)",
  Revoke: "Revoke(address owner,address grantee,bytes32 dataId,uint64 nonce,uint256 deadline)",
  RequestDeletion: "RequestDeletion(address owner,bytes32 dataId,uint64 nonce,uint256 deadline)",
} as const;

/** The signed message kinds. */
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
 * The domain of the `AccessGrants` deployment at `verifyingContract` on chain `chainId`. A signature made for one
 * deployment or chain is void on every other.
 *
 * @example
 * ```ts
 * const domain = accessGrantsDomain({ chainId: 8453n, verifyingContract: accessGrantsAddress });
 * ```
 */
export function accessGrantsDomain({
  chainId,
  verifyingContract,
}: {
  chainId: bigint;
  verifyingContract: string;
}): TypedDataDomain {
  return { name: DOMAIN_NAME, version: DOMAIN_VERSION, chainId, verifyingContract };
}
