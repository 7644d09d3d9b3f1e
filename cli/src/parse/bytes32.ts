/** Parses a 32-byte id argument (a dataId, a request id). */
import { CliError } from "../errors.ts";

/**
 * `value` in lowercase if it is 0x + 64 hex digits, else a `CliError` naming the option.
 *
 * @example
 * ```ts
 * const dataId = parseBytes32(options.dataId, "--data-id");
 * ```
 */
export function parseBytes32(value: string, option: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new CliError(`${option}: "${value}" is not 0x + 64 hex digits.`);
  return value.toLowerCase();
}
