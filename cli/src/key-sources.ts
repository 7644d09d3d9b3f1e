/** Where the CLI takes keys from, said once for every message that points there. */

/**
 * The hint for a missing key or a key given on the command line.
 *
 * @example
 * ```ts
 * throw new CliError("No wallet: this command signs with a key.", { hint: KEY_SOURCES_HINT });
 * ```
 */
export const KEY_SOURCES_HINT =
  "set IDEM_PRIVATE_KEY, or pass --keystore <file> (or IDEM_KEYSTORE) with IDEM_KEYSTORE_PASSWORD";
