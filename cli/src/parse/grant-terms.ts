/**
 * A grant's terms from the command line: `--purpose <text>` (hashed to bytes32 as the contract stores it),
 * `--lock-years <n>` (from the chain's latest block time, not the local clock) or `--locked-until <time>`, and
 * `--expires-at <time>`.
 */
import { id, type Signer } from "ethers";

import { chainTimePlus } from "../../../sdk/src/index.ts";
import { CliError } from "../errors.ts";
import { parsePositiveInteger } from "./integer.ts";
import { parseTime } from "./time.ts";

/** Seconds in a 365-day year. */
const YEAR_SECONDS = 365n * 86_400n;

/**
 * The term options a grant command takes.
 *
 * @example
 * ```ts
 * const options: GrantTermOptions = { purpose: "aml-record-keeping", lockYears: "5" };
 * ```
 */
export type GrantTermOptions = { purpose?: string; lockYears?: string; lockedUntil?: string; expiresAt?: string };

/**
 * The parsed terms (absent ones left out, so the SDK's defaults apply).
 *
 * @example
 * ```ts
 * const terms: GrantTerms = { purpose: id("kyc"), lockedUntil: 1924992000n };
 * ```
 */
export type GrantTerms = { purpose?: string; lockedUntil?: bigint; expiresAt?: bigint };

/**
 * Parses the terms at once (a malformed value fails before any network traffic); the returned function resolves
 * them, reading the chain's time through `signer`'s provider for `--lock-years`.
 *
 * @throws `CliError` for a malformed value, or both `--lock-years` and `--locked-until`.
 * @example
 * ```ts
 * const resolveTerms = parseGrantTerms(options);
 * await user.grant({ grantee, dataId, ...(await resolveTerms(wallet)) });
 * ```
 */
export function parseGrantTerms(options: GrantTermOptions): (signer: Signer) => Promise<GrantTerms> {
  if (options.lockYears !== undefined && options.lockedUntil !== undefined) {
    throw new CliError("Pass --lock-years or --locked-until, not both.");
  }
  const expiresAt = options.expiresAt === undefined ? undefined : parseTime(options.expiresAt, "--expires-at");
  const lockedUntil = options.lockedUntil === undefined ? undefined : parseTime(options.lockedUntil, "--locked-until");
  const lockYears =
    options.lockYears === undefined ? undefined : BigInt(parsePositiveInteger(options.lockYears, "--lock-years"));
  const fixed = {
    ...(options.purpose === undefined ? {} : { purpose: id(options.purpose) }),
    ...(lockedUntil === undefined ? {} : { lockedUntil }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  return async (signer) =>
    lockYears === undefined
      ? fixed
      : { ...fixed, lockedUntil: await chainTimePlus({ signer, seconds: lockYears * YEAR_SECONDS }) };
}
