/**
 * Revokes a credential: sets its bit in the issuer's revocation list. Permanent.
 *
 * @module
 */
import { setStatusBit, type UpdateStatusParameters } from "./set-status-bit.ts";
import type { StatusListCredential } from "./status-list.ts";

/**
 * Returns the new signed revocation list with the credential's bit set. Publish it to verifiers; the old version
 * must no longer be served. Revocation cannot be undone (use {@link suspendCredential} for a temporary hold).
 *
 * @example
 * ```ts
 * revocationList = await revokeCredential({ issuerKey, statusListCredential: revocationList, credential });
 * ```
 */
export async function revokeCredential(parameters: UpdateStatusParameters): Promise<StatusListCredential> {
  return setStatusBit({ ...parameters, purpose: "revocation", value: true });
}
