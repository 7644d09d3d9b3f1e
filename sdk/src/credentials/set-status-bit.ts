/**
 * Sets or clears a credential's bit in a status list and re-signs the list. The shared step of revoke, suspend and
 * reinstate.
 *
 * @internal Not exported from the SDK's index.
 * @module
 */
import { documentLoader as defaultDocumentLoader, type DocumentLoader } from "./document-loader.ts";
import { StatusListError } from "./errors.ts";
import { IssuerKey } from "./issuer-key.ts";
import { signCredential } from "./sign-credential.ts";
import { decodeStatusList, type StatusListEntry } from "./status-list-entry.ts";
import type { StatusListCredential, StatusPurpose } from "./status-list.ts";
import { toXsdDateTime } from "./xsd-date-time.ts";
import { InvalidKeyError } from "../errors.ts";

/**
 * Parameters shared by {@link revokeCredential}, {@link suspendCredential} and {@link reinstateCredential}.
 *
 * @example
 * ```ts
 * const parameters: UpdateStatusParameters = { issuerKey, statusListCredential: revocationList, credential };
 * ```
 */
export type UpdateStatusParameters = {
  /** The issuer of both the credential and the list. */
  issuerKey: IssuerKey;
  /** The latest signed version of the list. */
  statusListCredential: StatusListCredential;
  /** The credential whose status changes; it must hold an entry in this list. */
  credential: { issuer: unknown; credentialStatus?: readonly StatusListEntry[] | StatusListEntry };
  /** Start of validity of the new list version; defaults to now. */
  validFrom?: Date;
  /** A JSON-LD document loader; defaults to the offline loader. */
  documentLoader?: DocumentLoader;
};

/**
 * Returns a new signed version of the list with the credential's bit set to `value`.
 *
 * @example
 * ```ts
 * const updated = await setStatusBit({ issuerKey, statusListCredential, credential, purpose: "revocation", value: true });
 * ```
 */
export async function setStatusBit({
  issuerKey,
  statusListCredential,
  credential,
  purpose,
  value,
  validFrom = new Date(),
  documentLoader = defaultDocumentLoader,
}: UpdateStatusParameters & { purpose: StatusPurpose; value: boolean }): Promise<StatusListCredential> {
  if (!(issuerKey instanceof IssuerKey)) {
    throw new InvalidKeyError("Invalid issuer key.", { details: "expected an IssuerKey" });
  }
  if (statusListCredential?.issuer !== issuerKey.did || credential?.issuer !== issuerKey.did) {
    throw new StatusListError("Not this issuer's credential.", {
      details: "the issuer key must have issued both the credential and the status list",
    });
  }
  if (statusListCredential.credentialSubject?.statusPurpose !== purpose) {
    throw new StatusListError("Wrong status list.", { details: `expected a list with statusPurpose ${purpose}` });
  }
  const entries = [credential.credentialStatus ?? []].flat();
  const entry = entries.find(
    (candidate) =>
      candidate?.type === "BitstringStatusListEntry" &&
      candidate.statusPurpose === purpose &&
      candidate.statusListCredential === statusListCredential.id,
  );
  if (entry === undefined) {
    throw new StatusListError("No entry in this status list.", {
      details: `the credential has no ${purpose} entry pointing at this list`,
    });
  }
  const list = await decodeStatusList({ statusListCredential });
  const index = Number(entry.statusListIndex);
  if (!/^(0|[1-9][0-9]*)$/.test(entry.statusListIndex) || index >= list.length) {
    throw new StatusListError("Invalid status list index.", { details: `the index must be in [0, ${list.length})` });
  }
  list.setStatus(index, value);
  const { proof: _proof, ...unsigned } = statusListCredential;
  const next = {
    ...unsigned,
    validFrom: toXsdDateTime({ date: validFrom, name: "validFrom" }),
    credentialSubject: { ...unsigned.credentialSubject, encodedList: await list.encode() },
  };
  return (await signCredential({ issuerKey, credential: next, documentLoader })) as unknown as StatusListCredential;
}
