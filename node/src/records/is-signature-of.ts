/**
 * Whether an account signed an EIP-712 digest: ecrecover for an EOA first, then, if the account has code,
 * ERC-1271 `isValidSignature` through the chain gateway.
 */
import { getAddress, hexlify, recoverAddress } from "ethers";

import type { ChainGateway } from "../chain/types.ts";

/**
 * Checks `signature` over `digest` for `address` on chain `chainId`.
 *
 * @throws {ChainUnavailableError} when an ERC-1271 check cannot reach the chain.
 * @example
 * ```ts
 * if (!(await isSignatureOf({ chain, chainId, address: owner, digest, signature }))) refuse();
 * ```
 */
export async function isSignatureOf({
  chain,
  chainId,
  address,
  digest,
  signature,
}: {
  chain: ChainGateway;
  chainId: number;
  address: string;
  digest: string;
  signature: Uint8Array;
}): Promise<boolean> {
  const hex = hexlify(signature);
  if (signature.length === 65) {
    try {
      if (recoverAddress(digest, hex) === getAddress(address)) return true;
    } catch {
      // Not a well-formed ECDSA signature: only an ERC-1271 account may still accept it.
    }
  }
  if (!(await chain.hasCode({ chainId, address }))) return false;
  return chain.isValidSignature({ chainId, address, hash: digest, signature: hex });
}
