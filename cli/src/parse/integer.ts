/** Parses a count argument. */
import { CliError } from "../errors.ts";

/**
 * A positive integer argument, e.g. `--lock-years 5`.
 *
 * @example
 * ```ts
 * parsePositiveInteger("5", "--lock-years"); // 5
 * ```
 */
export function parsePositiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new CliError(`${option}: "${value}" is not a positive integer.`);
  }
  return number;
}

/**
 * A TCP port argument: 0 … 65535 (0: any free port).
 *
 * @example
 * ```ts
 * parsePort("8545", "--rpc-port"); // 8545
 * ```
 */
export function parsePort(value: string, option: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number > 65_535) {
    throw new CliError(`${option}: "${value}" is not a port (0 … 65535; 0 picks a free one).`);
  }
  return number;
}
