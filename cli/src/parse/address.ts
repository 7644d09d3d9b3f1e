/** Parses an account address argument. */
import { getAddress, isAddress } from "ethers";

import { CliError } from "../errors.ts";

/**
 * The checksummed address of `value`, or a `CliError` naming the option.
 *
 * @example
 * ```ts
 * parseAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "--grantee"); // "0xf39F…2266"
 * ```
 */
export function parseAddress(value: string, option: string): string {
  if (!isAddress(value)) throw new CliError(`${option}: "${value}" is not an address (0x + 40 hex digits).`);
  return getAddress(value);
}
