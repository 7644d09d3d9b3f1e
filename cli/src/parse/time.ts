/** Parses a point in time argument (`--locked-until`, `--expires-at`) into unix seconds. */
import { CliError } from "../errors.ts";

/**
 * Unix seconds of `value`: an integer is taken as unix seconds, anything else as an ISO 8601 date
 * (`2031-01-01`, `2031-01-01T12:00:00Z`).
 *
 * @example
 * ```ts
 * parseTime("2031-01-01", "--expires-at"); // 1924992000n
 * parseTime("1924992000", "--expires-at"); // 1924992000n
 * ```
 */
export function parseTime(value: string, option: string): bigint {
  if (/^\d+$/.test(value)) return BigInt(value);
  const milliseconds = Date.parse(value);
  if (Number.isNaN(milliseconds) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new CliError(`${option}: "${value}" is neither unix seconds nor an ISO date (e.g. 2031-01-01).`);
  }
  return BigInt(Math.floor(milliseconds / 1000));
}

/**
 * An ISO 8601 time for a unix-seconds value, for messages.
 *
 * @example
 * ```ts
 * isoTime(1924992000n); // "2031-01-01T00:00:00.000Z"
 * ```
 */
export function isoTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString();
}
