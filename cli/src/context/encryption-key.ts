/**
 * The wallet's encryption key pair (x25519), derived from its EIP-712 signature bound to the network's chain and
 * KeyRegistry: the same wallet always gets the same key, so no key file is kept. The secret key stays inside the
 * SDK's key object.
 */
import type { Wallet } from "ethers";

import { keyPairFromWalletSignature, type EncryptionKeyPair } from "../../../sdk/src/index.ts";
import type { Chain } from "./chain.ts";

/**
 * Derives the wallet's encryption key pair for this network.
 *
 * @example
 * ```ts
 * const keyPair = await deriveEncryptionKey({ wallet, chain });
 * console.log(hexlify(keyPair.publicKey));
 * ```
 */
export async function deriveEncryptionKey({
  wallet,
  chain,
}: {
  wallet: Wallet;
  chain: Chain;
}): Promise<EncryptionKeyPair> {
  return keyPairFromWalletSignature({
    signer: wallet,
    chainId: chain.chainId,
    verifyingContract: await chain.keyRegistry.getAddress(),
  });
}
