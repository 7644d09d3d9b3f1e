/**
 * Suspends a credential: sets its bit in the issuer's suspension list. Undone by {@link reinstateCredential}.
 *
 * @module
 */
import { setStatusBit, type UpdateStatusParameters } from "./set-status-bit.ts";
import type { StatusListCredential } from "./status-list.ts";

/**
 * Returns the new signed suspension list with the credential's bit set.
 *
 * @example
 * ```ts
 * suspensionList = await suspendCredential({ issuerKey, statusListCredential: suspensionList, credential });
 * ```
 */
export async function suspendCredential(parameters: UpdateStatusParameters): Promise<StatusListCredential> {
  return setStatusBit({ ...parameters, purpose: "suspension", value: true });
}
