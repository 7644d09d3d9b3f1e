/**
 * The EIP-712 domain of a connected `AccessGrants`, read from the chain.
 *
 * @module
 */
import type { TypedDataDomain } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { IdemError } from "../errors.ts";
import { accessGrantsDomain } from "./typed-data.ts";

/**
 * The domain signatures for `accessGrants` must carry: its address and, unless `chainId` is given, the chain id of
 * its provider.
 *
 * @example
 * ```ts
 * const domain = await contractDomain({ accessGrants });
 * ```
 */
export async function contractDomain({
  accessGrants,
  chainId,
}: {
  accessGrants: AccessGrants;
  chainId?: bigint | undefined;
}): Promise<TypedDataDomain> {
  const verifyingContract = await accessGrants.getAddress();
  if (chainId !== undefined) return accessGrantsDomain({ chainId, verifyingContract });
  const provider = accessGrants.runner?.provider;
  if (provider === null || provider === undefined) {
    throw new IdemError("Cannot read the chain id.", {
      details: "the AccessGrants contract has no provider; connect it to one or pass chainId",
    });
  }
  const { chainId: current } = await provider.getNetwork();
  return accessGrantsDomain({ chainId: current, verifyingContract });
}
