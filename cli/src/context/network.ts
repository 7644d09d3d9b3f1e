/** Which network file a command reads: `--network <file>`, else `IDEM_NETWORK`, else `.idem/devnet.json`. */
import { DEFAULT_NETWORK_FILE, readNetworkFile, type IdemNetwork } from "../network/network-file.ts";

/**
 * Reads the network file the options and environment name.
 *
 * @throws `CliError` when the file is missing or malformed.
 * @example
 * ```ts
 * const network = loadNetwork({ network: options.network, env: process.env });
 * ```
 */
export function loadNetwork({ network, env }: { network?: string | undefined; env: NodeJS.ProcessEnv }): IdemNetwork {
  const path = network ?? (env.IDEM_NETWORK === undefined || env.IDEM_NETWORK === "" ? undefined : env.IDEM_NETWORK);
  return readNetworkFile(path ?? DEFAULT_NETWORK_FILE);
}
