/**
 * Idem's KYC JSON-LD context, version 1. It defines the credential type and claims an Idem KYC credential uses, so
 * they expand to full IRIs (the VC 2.0 context has no `@vocab`: undefined terms fail "Safe mode validation").
 * Bundled with the offline document loader; never fetched. A new claim means a new version (`…/kyc/v2`): a
 * published context must never change, or signatures made over it would stop verifying.
 *
 * @module
 */

/**
 * The URL that identifies this context in a credential's `@context`.
 *
 * @example
 * ```ts
 * credential["@context"]; // ["https://www.w3.org/ns/credentials/v2", IDEM_KYC_CONTEXT_V1_URL]
 * ```
 */
export const IDEM_KYC_CONTEXT_V1_URL = "https://idem.dev/contexts/kyc/v1";

/**
 * The vocabulary base of Idem's KYC terms; each term maps to `IDEM_KYC_VOCAB + term`.
 *
 * @example
 * ```ts
 * `${IDEM_KYC_VOCAB}ageOver18`; // "https://idem.dev/vocab/kyc#ageOver18"
 * ```
 */
export const IDEM_KYC_VOCAB = "https://idem.dev/vocab/kyc#";

const XSD = "http://www.w3.org/2001/XMLSchema#";

/**
 * The context document itself (frozen). Terms are `@protected`, like the VC 2.0 context's, so a later context in
 * a credential cannot redefine them.
 *
 * @example
 * ```ts
 * const loader = createDocumentLoader(); // serves IDEM_KYC_CONTEXT_V1 at IDEM_KYC_CONTEXT_V1_URL
 * ```
 */
export const IDEM_KYC_CONTEXT_V1: Readonly<Record<string, unknown>> = deepFreeze({
  "@context": {
    "@version": 1.1,
    "@protected": true,
    KYCCredential: `${IDEM_KYC_VOCAB}KYCCredential`,
    kycLevel: `${IDEM_KYC_VOCAB}kycLevel`,
    ageOver18: `${IDEM_KYC_VOCAB}ageOver18`,
    residenceCountry: `${IDEM_KYC_VOCAB}residenceCountry`,
    verifiedAt: { "@id": `${IDEM_KYC_VOCAB}verifiedAt`, "@type": `${XSD}dateTime` },
  },
});

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === "object" && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}
