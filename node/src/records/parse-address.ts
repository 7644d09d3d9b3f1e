/**
 * Addresses from clients: checksummed or all-lowercase (or all-uppercase) hex is accepted; a mixed-case address
 * whose EIP-55 checksum is wrong is refused, since it is most likely mistyped.
 */
import { getAddress } from "ethers";

import { badRequest } from "./errors.ts";

/**
 * The checksummed form of `value`.
 *
 * @throws {RecordRequestError} `INVALID_ADDRESS` (400), naming `field`.
 * @example
 * ```ts
 * parseAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "grantee"); // "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
 * ```
 */
export function parseAddress(value: string, field: string): string {
  try {
    return getAddress(value);
  } catch {
    throw badRequest(
      "INVALID_ADDRESS",
      `${field} is not a valid address (a mixed-case address needs its EIP-55 checksum).`,
    );
  }
}
