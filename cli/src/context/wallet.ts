/**
 * The wallet a command acts with. Its key comes from a keystore file (`--keystore <file>` or `IDEM_KEYSTORE`,
 * password in `IDEM_KEYSTORE_PASSWORD`) or from `IDEM_PRIVATE_KEY`, never from the command line (see
 * `argv-guard.ts`), and is never printed.
 */
import { readFileSync } from "node:fs";

import { Wallet, type Provider } from "ethers";

import { CliError } from "../errors.ts";
import { KEY_SOURCES_HINT } from "../key-sources.ts";

/**
 * The command's wallet, connected to `provider` when one is given.
 *
 * @throws `CliError` when no key is configured, the keystore cannot be read or opened, or `IDEM_PRIVATE_KEY` is
 *   not a key (the message never repeats the value).
 * @example
 * ```ts
 * const wallet = await loadWallet({ keystore: options.keystore, env: process.env, provider });
 * ```
 */
export async function loadWallet({
  keystore,
  env,
  provider,
}: {
  keystore?: string | undefined;
  env: NodeJS.ProcessEnv;
  provider?: Provider;
}): Promise<Wallet> {
  const keystorePath = keystore ?? env.IDEM_KEYSTORE;
  if (keystorePath !== undefined && keystorePath !== "") {
    return connect(await openKeystore({ path: keystorePath, password: env.IDEM_KEYSTORE_PASSWORD }), provider);
  }
  const privateKey = env.IDEM_PRIVATE_KEY;
  if (privateKey === undefined || privateKey === "") {
    throw new CliError("No wallet: this command signs with a key.", { hint: KEY_SOURCES_HINT });
  }
  const hex = privateKey.startsWith("0x") ? privateKey : `0x${privateKey}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new CliError("IDEM_PRIVATE_KEY is not a private key (64 hex digits).");
  return new Wallet(hex, provider);
}

async function openKeystore({ path, password }: { path: string; password: string | undefined }): Promise<Wallet> {
  if (password === undefined) {
    throw new CliError(`IDEM_KEYSTORE_PASSWORD is not set (needed to open ${path}).`);
  }
  let json: string;
  try {
    json = readFileSync(path, "utf8");
  } catch {
    throw new CliError(`No keystore at ${path}.`, { hint: "create one with `idem keys generate --out <file>`" });
  }
  try {
    const wallet = await Wallet.fromEncryptedJson(json, password);
    return new Wallet(wallet.privateKey);
  } catch {
    throw new CliError(`Cannot open the keystore ${path}: wrong password, or not a keystore.`);
  }
}

function connect(wallet: Wallet, provider: Provider | undefined): Wallet {
  return provider === undefined ? wallet : wallet.connect(provider);
}
