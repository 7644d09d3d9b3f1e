/**
 * The CLI's one error printer: every failure becomes `error: <one line>` (and `hint: <one line>` when there is a
 * hint) on stderr. The SDK's errors print their `shortMessage` (never their details: no secret is ever in a short
 * message); anything else is unexpected and prints its first line, with the stack only under `--debug`.
 */
import { IdemError } from "../../sdk/src/errors.ts";
import { NodeHttpError } from "../../sdk/src/storage/errors.ts";

import { CliError } from "./errors.ts";

/**
 * The lines to print for `error` (without trailing newline), one line each.
 *
 * @example
 * ```ts
 * process.stderr.write(`${errorLines(error, { debug: false }).join("\n")}\n`);
 * ```
 */
export function errorLines(error: unknown, { debug }: { debug: boolean }): string[] {
  const lines = [`error: ${oneLine(messageOf(error))}`];
  if (error instanceof CliError && error.hint !== undefined) lines.push(`hint: ${oneLine(error.hint)}`);
  if (debug && error instanceof Error && error.stack !== undefined) lines.push(error.stack);
  return lines;
}

function messageOf(error: unknown): string {
  if (error instanceof NodeHttpError) return `${error.shortMessage} (${new URL(error.url).origin})`;
  if (error instanceof IdemError) return error.shortMessage;
  if (error instanceof Error) return error.message;
  return String(error);
}

function oneLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
