/**
 * The id of a consumer's grant request, computed off-chain.
 *
 * @module
 */
import { AbiCoder, ZeroHash, keccak256 } from "ethers";

/** What {@link requestId} takes. Defaults match those of `requestGrant`. */
export type RequestIdParameters = {
  /** The account asking for the grant (the future grantee). */
  consumer: string;
  /** The data owner asked. */
  owner: string;
  /** The data wanted; zero (the default) for "any data the owner chooses". */
  dataId?: string;
  /** Requested lock, in seconds since the epoch; 0 (the default) for none. */
  lockedUntil?: bigint;
  /** Requested expiry, in seconds since the epoch; 0 (the default) for never. */
  expiresAt?: bigint;
  /** Hash of the human-readable purpose; zero by default. */
  purpose?: string;
};

/**
 * `keccak256(abi.encode(consumer, owner, dataId, lockedUntil, expiresAt, purpose))`: the id `requestGrant` returns
 * and emits in `GrantRequested`. Pure; no chain access.
 *
 * @example
 * ```ts
 * const id = requestId({ consumer, owner, dataId, expiresAt: 1767225600n, purpose: id("KYC check") });
 * ```
 */
export function requestId({
  consumer,
  owner,
  dataId = ZeroHash,
  lockedUntil = 0n,
  expiresAt = 0n,
  purpose = ZeroHash,
}: RequestIdParameters): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "address", "bytes32", "uint48", "uint48", "bytes32"],
      [consumer, owner, dataId, lockedUntil, expiresAt, purpose],
    ),
  );
}
