/** The options every command takes (declared once on the program). */

/**
 * The program-level options, as commander parses them.
 *
 * @example
 * ```ts
 * const globals = command.optsWithGlobals<GlobalOptions>();
 * ```
 */
export type GlobalOptions = {
  /** Network file (else `IDEM_NETWORK`, else `.idem/devnet.json`). */
  network?: string;
  /** Keystore file (else `IDEM_KEYSTORE`, else `IDEM_PRIVATE_KEY`). */
  keystore?: string;
  json?: boolean;
  debug?: boolean;
};
