/**
 * Lifts a suspension: clears the credential's bit in the issuer's suspension list.
 *
 * @module
 */
import { StatusListError } from "./errors.ts";
import { setStatusBit, type UpdateStatusParameters } from "./set-status-bit.ts";
import type { StatusListCredential } from "./status-list.ts";

/**
 * Returns the new signed suspension list with the credential's bit cleared. Only suspensions can be lifted: a
 * revocation list is refused with `StatusListError`, since revocation is permanent.
 *
 * @example
 * ```ts
 * suspensionList = await reinstateCredential({ issuerKey, statusListCredential: suspensionList, credential });
 * ```
 */
export async function reinstateCredential(parameters: UpdateStatusParameters): Promise<StatusListCredential> {
  if (parameters.statusListCredential?.credentialSubject?.statusPurpose === "revocation") {
    throw new StatusListError("Revocation is permanent.", {
      details: "only a suspension can be lifted; issue a new credential instead",
    });
  }
  return setStatusBit({ ...parameters, purpose: "suspension", value: false });
}
