/**
 * The key of a grant, computed off-chain.
 *
 * @module
 */
import { AbiCoder, keccak256 } from "ethers";

/** What {@link grantId} takes. */
export type GrantIdParameters = {
  /** The data owner (an EOA or a smart account). */
  owner: string;
  /** The account granted access. */
  grantee: string;
  /** The 32-byte id of the data, as a 0x-prefixed hex string. */
  dataId: string;
};

/**
 * `keccak256(abi.encode(owner, grantee, dataId))`: the id `AccessGrants.grantId()` returns and its errors carry
 * (`GrantLockedError.grantId`, `GrantNotFoundError.grantId`). Pure; no chain access.
 *
 * @example
 * ```ts
 * const id = grantId({ owner: alice, grantee: bob, dataId });
 * ```
 */
export function grantId({ owner, grantee, dataId }: GrantIdParameters): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["address", "address", "bytes32"], [owner, grantee, dataId]));
}
