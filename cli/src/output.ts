/**
 * Where a command's words go: the result on stdout (one JSON object under `--json`, else human lines), progress on
 * stderr, so `--json` output stays one clean object a script can parse.
 */

/**
 * A command's output channel.
 *
 * @example
 * ```ts
 * output.progress("granting…");
 * output.result({ grantId }, `granted: ${grantId}`);
 * ```
 */
export type Output = {
  /** Whether `--json` was given. */
  readonly json: boolean;
  /** One line on stderr about a long step. */
  progress(message: string): void;
  /** The command's result: `value` as one JSON object under `--json`, else `human` (lines). */
  result(value: Record<string, unknown>, human: string): void;
};

/**
 * The output channel of one run.
 *
 * @example
 * ```ts
 * const output = createOutput({ json: true });
 * output.result({ ok: true }, "ok"); // stdout: {"ok":true}
 * ```
 */
export function createOutput({
  json,
  stdout = process.stdout,
  stderr = process.stderr,
}: {
  json: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}): Output {
  return {
    json,
    progress(message) {
      stderr.write(`${message}\n`);
    },
    result(value, human) {
      stdout.write(json ? `${toJson(value)}\n` : human.endsWith("\n") ? human : `${human}\n`);
    },
  };
}

/**
 * JSON with bigints as decimal strings, dates as ISO strings, and errors (e.g. a node's failure in a result) as
 * their one-line message.
 *
 * @example
 * ```ts
 * toJson({ lockedUntil: 5n }); // '{"lockedUntil":"5"}'
 * ```
 */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, entry: unknown) =>
      typeof entry === "bigint"
        ? entry.toString()
        : entry instanceof Error
          ? "shortMessage" in entry
            ? String(entry.shortMessage)
            : entry.message
          : entry,
    indent,
  );
}
