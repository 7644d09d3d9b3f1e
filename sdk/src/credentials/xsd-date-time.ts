/**
 * Date handling shared by the credentials module.
 *
 * @internal Not exported from the SDK's index.
 * @module
 */
import { InvalidCredentialError } from "./errors.ts";

/**
 * An XML Schema dateTime in UTC, whole seconds (`2026-01-01T00:00:00Z`), as VC 2.0 `validFrom`/`validUntil` use.
 *
 * @example
 * ```ts
 * toXsdDateTime({ date: new Date(0), name: "validFrom" }); // "1970-01-01T00:00:00Z"
 * ```
 */
export function toXsdDateTime({ date, name }: { date: Date; name: string }): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new InvalidCredentialError("Invalid date.", { details: `${name} must be a valid Date` });
  }
  return `${date.toISOString().slice(0, 19)}Z`;
}
