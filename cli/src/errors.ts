/**
 * The CLI's own error: a failure the user can act on, printed as one line (`error: <message>`, then the hint if
 * any) with exit code 1 by the top-level handler. SDK errors (`IdemError`) are printed by their `shortMessage` the
 * same way; anything else is a bug and is printed with its stack only under `--debug`.
 */

/**
 * A CLI failure with a one-line message and an optional hint on what to do.
 *
 * @example
 * ```ts
 * throw new CliError("No keystore at ./user.json.", { hint: "create one with `idem keys generate`" });
 * ```
 */
export class CliError extends Error {
  override name = "CliError";
  /** What to do about it, e.g. "pass --network <file>". */
  readonly hint: string | undefined;

  constructor(message: string, { hint, cause }: { hint?: string; cause?: unknown } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.hint = hint;
  }
}
