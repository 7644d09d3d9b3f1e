/**
 * Issues an Idem KYC credential: VC Data Model 2.0, issuer did:key, subject did:pkh, signed with Data Integrity
 * `eddsa-rdfc-2022`, optionally with Bitstring Status List entries for revocation and suspension.
 *
 * @module
 */
import { VC_V2_CONTEXT_URL, documentLoader as defaultDocumentLoader, type DocumentLoader } from "./document-loader.ts";
import { IDEM_KYC_CONTEXT_V1_URL } from "./contexts/idem-kyc-v1.ts";
import { InvalidCredentialError } from "./errors.ts";
import { IssuerKey } from "./issuer-key.ts";
import { KYC_LEVELS, type KycClaims, type KycCredential } from "./kyc-credential.ts";
import { signCredential } from "./sign-credential.ts";
import type { StatusListEntry } from "./status-list-entry.ts";
import { parsePkhDid } from "./subject-did.ts";
import { toXsdDateTime } from "./xsd-date-time.ts";
import { InvalidKeyError } from "../errors.ts";

/**
 * Parameters of {@link issueKycCredential}.
 *
 * @example
 * ```ts
 * const parameters: IssueKycCredentialParameters = { issuerKey, subjectDid, claims: { kycLevel: "basic" } };
 * ```
 */
export type IssueKycCredentialParameters = {
  /** The issuer's key; its did:key becomes `issuer`. */
  issuerKey: IssuerKey;
  /** The subject, a did:pkh in canonical form (see {@link pkhDid}). */
  subjectDid: string;
  /** The attested claims. */
  claims: KycClaims;
  /** Start of validity; defaults to now. Written in whole seconds. */
  validFrom?: Date;
  /** End of validity, after `validFrom`; none by default. */
  validUntil?: Date;
  /** The credential id (a URL); defaults to a fresh `urn:uuid:`. */
  id?: string;
  /** Status entries from {@link statusListEntry}: at most one per status purpose. */
  credentialStatus?: readonly StatusListEntry[];
  /** A JSON-LD document loader; defaults to the offline loader. */
  documentLoader?: DocumentLoader;
};

const COUNTRY = /^[A-Z]{2}$/;

/**
 * Issues and signs a KYC credential. The result is plain JSON; give it to the subject (who stores it encrypted).
 *
 * @example
 * ```ts
 * const issuerKey = await IssuerKey.generate();
 * const credential = await issueKycCredential({
 *   issuerKey,
 *   subjectDid: pkhDid({ chainId: 1n, address: "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B" }),
 *   claims: { kycLevel: "standard", ageOver18: true, residenceCountry: "DE" },
 *   validUntil: new Date("2027-01-01T00:00:00Z"),
 *   credentialStatus: [await statusListEntry({ statusListCredential: revocationList, index: 42 })],
 * });
 * ```
 */
export async function issueKycCredential({
  issuerKey,
  subjectDid,
  claims,
  validFrom = new Date(),
  validUntil,
  id = `urn:uuid:${globalThis.crypto.randomUUID()}`,
  credentialStatus = [],
  documentLoader = defaultDocumentLoader,
}: IssueKycCredentialParameters): Promise<KycCredential> {
  if (!(issuerKey instanceof IssuerKey)) {
    throw new InvalidKeyError("Invalid issuer key.", { details: "expected an IssuerKey" });
  }
  const subject = parsePkhDid({ did: subjectDid });
  if (subject.did !== subjectDid) {
    throw new InvalidCredentialError("Invalid subject.", { details: "the subject must be a canonical did:pkh" });
  }
  if (typeof id !== "string" || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(id)) {
    throw new InvalidCredentialError("Invalid credential id.", { details: "the id must be an absolute URL" });
  }
  const credentialSubject = { id: subject.did, ...kycClaims(claims) };
  const from = toXsdDateTime({ date: validFrom, name: "validFrom" });
  const credential: Record<string, unknown> = {
    "@context": [VC_V2_CONTEXT_URL, IDEM_KYC_CONTEXT_V1_URL],
    id,
    type: ["VerifiableCredential", "KYCCredential"],
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
  credential.credentialSubject = credentialSubject;
  if (credentialStatus.length > 0) credential.credentialStatus = statusEntries(credentialStatus);
  return (await signCredential({ issuerKey, credential, documentLoader })) as unknown as KycCredential;
}

function kycClaims({ kycLevel, ageOver18, residenceCountry, verifiedAt }: KycClaims): Record<string, unknown> {
  if (!KYC_LEVELS.includes(kycLevel)) {
    throw new InvalidCredentialError("Invalid claim.", { details: `kycLevel must be one of ${KYC_LEVELS.join(", ")}` });
  }
  const claims: Record<string, unknown> = { kycLevel };
  if (ageOver18 !== undefined) {
    if (typeof ageOver18 !== "boolean") {
      throw new InvalidCredentialError("Invalid claim.", { details: "ageOver18 must be a boolean" });
    }
    claims.ageOver18 = ageOver18;
  }
  if (residenceCountry !== undefined) {
    if (typeof residenceCountry !== "string" || !COUNTRY.test(residenceCountry)) {
      throw new InvalidCredentialError("Invalid claim.", {
        details: "residenceCountry must be an ISO 3166-1 alpha-2 code in upper case",
      });
    }
    claims.residenceCountry = residenceCountry;
  }
  if (verifiedAt !== undefined) claims.verifiedAt = toXsdDateTime({ date: verifiedAt, name: "verifiedAt" });
  return claims;
}

function statusEntries(entries: readonly StatusListEntry[]): StatusListEntry[] {
  const purposes = new Set<string>();
  for (const entry of entries) {
    if (entry?.type !== "BitstringStatusListEntry" || purposes.has(entry.statusPurpose)) {
      throw new InvalidCredentialError("Invalid credential status.", {
        details: "expected BitstringStatusListEntry objects, at most one per status purpose",
      });
    }
    purposes.add(entry.statusPurpose);
  }
  return entries.map((entry) => ({ ...entry }));
}
