/**
 * `getAddress` with a memory: the EIP-55 checksum is a keccak-256 over the address, which a storage node would
 * otherwise compute several times on every read for the same few callers and owners. `getAddress` is a pure
 * function of its input, so a remembered answer is always the answer; inputs it refuses are never remembered.
 *
 * @module
 */
import { getAddress } from "ethers";

/** Most inputs remembered; past that the memory starts over (a bound, not a cache policy worth tuning). */
export const CHECKSUM_MEMO_ENTRIES = 10_000;

const memo = new Map<string, string>();

/**
 * The checksummed form of `address`, as `ethers.getAddress` gives it.
 *
 * @throws the error `getAddress` throws for an invalid address (a mixed-case one with a wrong checksum included).
 * @example
 * ```ts
 * checksumAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"); // "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
 * ```
 */
export function checksumAddress(address: string): string {
  const known = memo.get(address);
  if (known !== undefined) return known;
  const checksummed = getAddress(address);
  if (memo.size >= CHECKSUM_MEMO_ENTRIES) memo.clear();
  memo.set(address, checksummed);
  return checksummed;
}
