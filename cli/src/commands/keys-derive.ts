/**
 * `idem keys derive`: the wallet's encryption key pair, derived from its signature for this network's
 * KeyRegistry. Prints the public key and whether it is the one registered; the secret key never leaves the SDK.
 */
import { hexlify } from "ethers";

import { getEncryptionKey } from "../../../sdk/src/index.ts";
import type { CommandInput } from "../command-input.ts";
import { deriveEncryptionKey } from "../context/encryption-key.ts";
import { withSession } from "../context/session.ts";

/**
 * Derives and shows the public key.
 *
 * @example
 * ```ts
 * await keysDerive({ options: {}, globals, env: process.env, output });
 * ```
 */
export async function keysDerive({ globals, env, output }: CommandInput<Record<string, never>>): Promise<void> {
  await withSession({ globals, env }, async ({ wallet, chain }) => {
    const keyPair = await deriveEncryptionKey({ wallet, chain });
    const publicKey = hexlify(keyPair.publicKey);
    const registered = await getEncryptionKey({ keyRegistry: chain.keyRegistry, account: wallet.address });
    const status = registered === undefined ? "none" : hexlify(registered) === publicKey ? "this key" : "another key";
    output.result(
      { address: wallet.address, publicKey, registered: status },
      `address:    ${wallet.address}\npublic key: ${publicKey}\nregistered: ${status}`,
    );
  });
}
