/**
 * The CLI's one error printer: every failure becomes `error: <one line>` (and `hint: <one line>` when there is a
 * hint) on stderr. The SDK's errors print their `shortMessage` (never their details: no secret is ever in a short
 * message); anything else is unexpected and prints its first line, with the stack only under `--debug`.
 */
import { IdemError } from "../../sdk/src/errors.ts";
import { NodeHttpError, NodeUnreachableError } from "../../sdk/src/storage/errors.ts";

import { CliError } from "./errors.ts";

/** What to do about a node's refusal, by its error code. */
const NODE_HINTS: Readonly<Record<string, string>> = {
  RECORD_NOT_FOUND: "no node holds this dataId: check it, or store it first (idem store)",
  NOT_GRANTED: "your account has no live grant on this dataId (or the nodes have not indexed it yet)",
  NOT_OWNER: "only the dataId's owner may do this",
  DATA_NOT_ANCHORED: "the dataId is not anchored on-chain (idem anchor, or idem store without --data-id)",
};

/**
 * The lines to print for `error` (without trailing newline), one line each.
 *
 * @example
 * ```ts
 * process.stderr.write(`${errorLines(error, { debug: false }).join("\n")}\n`);
 * ```
 */
export function errorLines(error: unknown, { debug }: { debug: boolean }): string[] {
  const lines = [`error: ${describeError(error)}`];
  const hint =
    error instanceof CliError ? error.hint : error instanceof NodeHttpError ? NODE_HINTS[error.code ?? ""] : undefined;
  if (hint !== undefined) lines.push(`hint: ${oneLine(hint)}`);
  if (debug && error instanceof Error && error.stack !== undefined) lines.push(error.stack);
  return lines;
}

/**
 * One line about `error`: an SDK error's short message (a node's with its origin), else the first line of the
 * message.
 *
 * @example
 * ```ts
 * output.progress(`skipping ${nodeUrl}: ${describeError(error)}`);
 * ```
 */
export function describeError(error: unknown): string {
  return oneLine(messageOf(error));
}

function messageOf(error: unknown): string {
  if (error instanceof NodeHttpError || error instanceof NodeUnreachableError) {
    return `${error.shortMessage} (${new URL(error.url).origin})`;
  }
  if (error instanceof IdemError) return error.shortMessage;
  if (error instanceof Error) return error.message;
  return String(error);
}

function oneLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
