/**
 * `idem keys register`: registers the wallet's derived encryption public key in the KeyRegistry, so owners can
 * share data with this wallet (they wrap data keys only for the registered key).
 */
import { hexlify } from "ethers";

import { setEncryptionKey } from "../../../sdk/src/index.ts";
import type { CommandInput } from "../command-input.ts";
import { deriveEncryptionKey } from "../context/encryption-key.ts";
import { withSession } from "../context/session.ts";

/**
 * Sends the registration.
 *
 * @example
 * ```ts
 * await keysRegister({ options: {}, globals, env: process.env, output });
 * ```
 */
export async function keysRegister({ globals, env, output }: CommandInput<Record<string, never>>): Promise<void> {
  await withSession({ globals, env }, async (session) => {
    const { wallet, chain } = session;
    const keyPair = await deriveEncryptionKey({ wallet, chain });
    output.progress("registering the encryption key…");
    const { hash } = await setEncryptionKey({
      keyRegistry: chain.keyRegistry.connect(wallet),
      publicKey: keyPair.publicKey,
    });
    await session.afterChainWrite({ hash });
    const publicKey = hexlify(keyPair.publicKey);
    output.result(
      { address: wallet.address, publicKey, hash },
      `registered ${publicKey} for ${wallet.address}\ntx: ${hash}`,
    );
  });
}
