/**
 * `idem keys generate`: a new wallet as an encrypted JSON keystore (password from `IDEM_KEYSTORE_PASSWORD`), or
 * with `--issuer` a new issuer Ed25519 key as a Multikey file. Prints the address or DID, never the key.
 */
import { Wallet } from "ethers";

import { IssuerKey } from "../../../sdk/src/index.ts";
import type { CommandInput } from "../command-input.ts";
import { CliError } from "../errors.ts";
import { writeSecretFile } from "../write-secret-file.ts";

/**
 * `idem keys generate` options.
 *
 * @example
 * ```ts
 * const options: KeysGenerateOptions = { out: "user.json" };
 * ```
 */
export type KeysGenerateOptions = { out: string; issuer?: boolean };

/**
 * Creates the key file.
 *
 * @example
 * ```ts
 * await keysGenerate({ options: { out: "user.json" }, globals: {}, env: process.env, output });
 * ```
 */
export async function keysGenerate({ options, env, output }: CommandInput<KeysGenerateOptions>): Promise<void> {
  if (options.issuer === true) {
    const issuerKey = await IssuerKey.generate();
    writeSecretFile(options.out, `${JSON.stringify(await issuerKey.export({ includeSecretKey: true }), null, 2)}\n`);
    output.result(
      { did: issuerKey.did, file: options.out },
      `issuer key written to ${options.out}\ndid: ${issuerKey.did}`,
    );
    return;
  }
  const password = env.IDEM_KEYSTORE_PASSWORD;
  if (password === undefined || password.length < 8) {
    throw new CliError("IDEM_KEYSTORE_PASSWORD must be set (8 characters at least) to encrypt the keystore.");
  }
  const wallet = Wallet.createRandom();
  output.progress("encrypting the keystore (scrypt)…");
  writeSecretFile(options.out, await wallet.encrypt(password));
  output.result(
    { address: wallet.address, file: options.out },
    `keystore written to ${options.out}\naddress: ${wallet.address}`,
  );
}
