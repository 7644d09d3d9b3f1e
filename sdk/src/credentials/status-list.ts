/**
 * Creates a Bitstring Status List credential (W3C Bitstring Status List v1.0, VC 2.0 form): a signed, gzipped
 * bitstring in which bit `i` set means the credential holding index `i` is revoked (or suspended). An issuer keeps
 * one list per status purpose, publishes the latest signed list, and hands it to verifiers; Idem never fetches it.
 *
 * @module
 */
import { createCredential, createList } from "@digitalbazaar/vc-bitstring-status-list";
import { documentLoader as defaultDocumentLoader, type DocumentLoader } from "./document-loader.ts";
import { InvalidCredentialError, StatusListError } from "./errors.ts";
import type { IssuerKey } from "./issuer-key.ts";
import { signCredential, type DataIntegrityProofValue } from "./sign-credential.ts";
import { toXsdDateTime } from "./xsd-date-time.ts";

/**
 * What a status list's set bit means: `revocation` is permanent, `suspension` can be undone.
 *
 * @example
 * ```ts
 * const purpose: StatusPurpose = "suspension";
 * ```
 */
export type StatusPurpose = "revocation" | "suspension";

/**
 * The status purposes Idem supports.
 *
 * @example
 * ```ts
 * STATUS_PURPOSES.includes("revocation"); // true
 * ```
 */
export const STATUS_PURPOSES: readonly StatusPurpose[] = Object.freeze(["revocation", "suspension"]);

/**
 * The spec's minimum list length, 131,072 entries (16 KiB before compression): big enough that a verifier fetching
 * the list learns little about which credential it checks.
 *
 * @example
 * ```ts
 * await createStatusListCredential({ issuerKey, id, statusPurpose: "revocation", length: STATUS_LIST_MIN_LENGTH });
 * ```
 */
export const STATUS_LIST_MIN_LENGTH = 131_072;

/**
 * The largest list Idem creates, 2^24 entries (2 MiB before compression).
 *
 * @example
 * ```ts
 * STATUS_LIST_MAX_LENGTH; // 16777216
 * ```
 */
export const STATUS_LIST_MAX_LENGTH = 2 ** 24;

/**
 * A signed Bitstring Status List credential.
 *
 * @example
 * ```ts
 * const list: StatusListCredential = await createStatusListCredential({ issuerKey, id, statusPurpose: "revocation" });
 * list.credentialSubject.encodedList; // "uH4sI…"
 * ```
 */
export type StatusListCredential = {
  "@context": [string];
  id: string;
  type: ["VerifiableCredential", "BitstringStatusListCredential"];
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: "BitstringStatusList";
    statusPurpose: StatusPurpose;
    encodedList: string;
  };
  proof: DataIntegrityProofValue;
};

/**
 * Parameters of {@link createStatusListCredential}.
 *
 * @example
 * ```ts
 * const parameters: CreateStatusListCredentialParameters = { issuerKey, id, statusPurpose: "revocation" };
 * ```
 */
export type CreateStatusListCredentialParameters = {
  /** The issuer; must be the issuer of every credential that points into this list. */
  issuerKey: IssuerKey;
  /** The list credential's URL: where the issuer publishes it, and what credentials reference. */
  id: string;
  /** What a set bit means. */
  statusPurpose: StatusPurpose;
  /** Number of entries, a multiple of 8 in [{@link STATUS_LIST_MIN_LENGTH}, {@link STATUS_LIST_MAX_LENGTH}]. */
  length?: number;
  /** Start of validity of this version of the list; defaults to now. */
  validFrom?: Date;
  /** End of validity of this version; verifiers then need a newer one. None by default. */
  validUntil?: Date;
  /** A JSON-LD document loader; defaults to the offline loader. */
  documentLoader?: DocumentLoader;
};

/**
 * Creates and signs an empty status list (every bit clear).
 *
 * @example
 * ```ts
 * const revocationList = await createStatusListCredential({
 *   issuerKey,
 *   id: "https://issuer.example/status/1",
 *   statusPurpose: "revocation",
 * });
 * ```
 */
export async function createStatusListCredential({
  issuerKey,
  id,
  statusPurpose,
  length = STATUS_LIST_MIN_LENGTH,
  validFrom = new Date(),
  validUntil,
  documentLoader = defaultDocumentLoader,
}: CreateStatusListCredentialParameters): Promise<StatusListCredential> {
  if (typeof id !== "string" || !/^https?:\/\/\S+$/.test(id) || id.includes("#")) {
    throw new StatusListError("Invalid status list id.", { details: "the id must be an http(s) URL without fragment" });
  }
  if (!STATUS_PURPOSES.includes(statusPurpose)) {
    throw new StatusListError("Invalid status purpose.", { details: "use revocation or suspension" });
  }
  if (
    !Number.isSafeInteger(length) ||
    length % 8 !== 0 ||
    length < STATUS_LIST_MIN_LENGTH ||
    length > STATUS_LIST_MAX_LENGTH
  ) {
    throw new StatusListError("Invalid status list length.", {
      details: `the length must be a multiple of 8 from ${STATUS_LIST_MIN_LENGTH} to ${STATUS_LIST_MAX_LENGTH}`,
    });
  }
  const unsigned = await createCredential({ id, list: await createList({ length }), statusPurpose });
  const from = toXsdDateTime({ date: validFrom, name: "validFrom" });
  const credential: Record<string, unknown> = {
    "@context": unsigned["@context"],
    id,
    type: unsigned.type,
    issuer: issuerKey.did,
    validFrom: from,
  };
  if (validUntil !== undefined) {
    const until = toXsdDateTime({ date: validUntil, name: "validUntil" });
    if (Date.parse(until) <= Date.parse(from)) {
      throw new InvalidCredentialError("Invalid validity period.", { details: "validUntil must be after validFrom" });
    }
    credential.validUntil = until;
  }
  credential.credentialSubject = unsigned.credentialSubject;
  return (await signCredential({ issuerKey, credential, documentLoader })) as unknown as StatusListCredential;
}
