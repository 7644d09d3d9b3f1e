/**
 * The shape of an Idem KYC credential (W3C VC Data Model 2.0) and its claims. Types only, plus the KYC levels.
 *
 * @module
 */
import type { DataIntegrityProofValue } from "./sign-credential.ts";
import type { StatusListEntry } from "./status-list-entry.ts";

/**
 * The KYC levels an issuer can attest, weakest first.
 *
 * @example
 * ```ts
 * KYC_LEVELS.includes(credential.credentialSubject.kycLevel); // true
 * ```
 */
export const KYC_LEVELS = Object.freeze(["basic", "standard", "enhanced"] as const);

/**
 * One of {@link KYC_LEVELS}.
 *
 * @example
 * ```ts
 * const level: KycLevel = "standard";
 * ```
 */
export type KycLevel = (typeof KYC_LEVELS)[number];

/**
 * What a KYC provider attests about the subject. Every term is defined in the Idem KYC context v1.
 *
 * @example
 * ```ts
 * const claims: KycClaims = { kycLevel: "standard", ageOver18: true, residenceCountry: "DE", verifiedAt: new Date() };
 * ```
 */
export type KycClaims = {
  /** How thoroughly the subject was checked. */
  kycLevel: KycLevel;
  /** Whether the subject is at least 18 years old. */
  ageOver18?: boolean;
  /** ISO 3166-1 alpha-2 country code of residence, upper case. */
  residenceCountry?: string;
  /** When the checks were done. */
  verifiedAt?: Date;
};

/**
 * A signed Idem KYC credential, as issued (plain JSON: store it, send it, encrypt it).
 *
 * @example
 * ```ts
 * const credential: KycCredential = await issueKycCredential({ issuerKey, subjectDid, claims });
 * credential.credentialSubject.id; // "did:pkh:eip155:1:0x…"
 * ```
 */
export type KycCredential = {
  "@context": [string, string];
  id: string;
  type: ["VerifiableCredential", "KYCCredential"];
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    kycLevel: KycLevel;
    ageOver18?: boolean;
    residenceCountry?: string;
    verifiedAt?: string;
  };
  credentialStatus?: StatusListEntry[];
  proof: DataIntegrityProofValue;
};
