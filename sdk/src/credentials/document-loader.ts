/**
 * The offline JSON-LD document loader. It serves only contexts bundled with the SDK and did:key documents it
 * derives locally from the key in the DID itself; any other URL throws {@link DocumentNotBundledError}. It never
 * touches the network, so verification cannot be steered by, or leak, what a remote server sees.
 *
 * @module
 */
import { contexts as credentialsContexts, named as credentialsNamed } from "@digitalbazaar/credentials-context";
import dataIntegrityContext from "@digitalbazaar/data-integrity-context";
import multikeyContext from "@digitalbazaar/multikey-context";
import { contexts as statusListContexts } from "@digitalbazaar/vc-bitstring-status-list-context";
import { driver as didKeyDriver } from "@digitalbazaar/did-method-key";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { IDEM_KYC_CONTEXT_V1, IDEM_KYC_CONTEXT_V1_URL } from "./contexts/idem-kyc-v1.ts";
import { DocumentNotBundledError } from "./errors.ts";

/**
 * A JSON-LD document loader, the shape jsonld.js and the Digital Bazaar libraries call.
 *
 * @example
 * ```ts
 * const loader: DocumentLoader = createDocumentLoader();
 * const { document } = await loader(VC_V2_CONTEXT_URL);
 * ```
 */
export type DocumentLoader = (url: string) => Promise<{
  contextUrl: null;
  documentUrl: string;
  document: Record<string, unknown>;
}>;

/**
 * The W3C Verifiable Credentials 2.0 context URL.
 *
 * @example
 * ```ts
 * credential["@context"][0] === VC_V2_CONTEXT_URL; // true
 * ```
 */
export const VC_V2_CONTEXT_URL: string = requireDefined(credentialsNamed.get("v2"), "VC v2 context").id;

/** did:key multikey header of Ed25519 public keys (`z` base58btc + multicodec 0xed01). */
const ED25519_DID_KEY_HEADER = "z6Mk";

/**
 * The URLs of every context the loader serves, mapped to the (frozen) context documents.
 *
 * @example
 * ```ts
 * BUNDLED_CONTEXTS.has("https://www.w3.org/ns/credentials/v2"); // true
 * ```
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map([
  [VC_V2_CONTEXT_URL, requireDefined(credentialsContexts.get(VC_V2_CONTEXT_URL), "VC v2 context")],
  [
    dataIntegrityContext.DATA_INTEGRITY_CONTEXT_V2_URL,
    requireDefined(
      dataIntegrityContext.contexts.get(dataIntegrityContext.DATA_INTEGRITY_CONTEXT_V2_URL),
      "data integrity v2 context",
    ),
  ],
  [multikeyContext.CONTEXT_URL, requireDefined(multikeyContext.contexts.get(multikeyContext.CONTEXT_URL), "multikey")],
  ...statusListContexts,
  [IDEM_KYC_CONTEXT_V1_URL, IDEM_KYC_CONTEXT_V1],
]);

const didKey = didKeyDriver();
didKey.use({ multibaseMultikeyHeader: ED25519_DID_KEY_HEADER, fromMultibase: Ed25519Multikey.from });

/**
 * Builds the offline loader. `documents` adds JSON documents by exact URL (the verifier uses it to hand over a
 * status list credential it already holds); they are served as given, and the bundled contexts cannot be
 * overridden.
 *
 * @example
 * ```ts
 * const loader = createDocumentLoader();
 * await loader("https://idem.dev/contexts/kyc/v1"); // bundled
 * await loader(`${issuerKey.did}#${issuerKey.publicKeyMultibase}`); // derived locally
 * await loader("https://example.com/x"); // throws DocumentNotBundledError, no request made
 * ```
 */
export function createDocumentLoader({
  documents = new Map(),
}: { documents?: ReadonlyMap<string, Record<string, unknown>> } = {}): DocumentLoader {
  return async (url) => {
    if (typeof url !== "string") throw new DocumentNotBundledError({ url: String(url) });
    const bundled = BUNDLED_CONTEXTS.get(url) ?? documents.get(url);
    if (bundled !== undefined) return { contextUrl: null, documentUrl: url, document: bundled };
    if (url.startsWith(`did:key:${ED25519_DID_KEY_HEADER}`)) {
      try {
        return { contextUrl: null, documentUrl: url, document: await didKey.get({ url }) };
      } catch (cause) {
        throw new DocumentNotBundledError({ url, details: "not a valid Ed25519 did:key", cause });
      }
    }
    throw new DocumentNotBundledError({ url });
  };
}

/**
 * The default offline loader: bundled contexts and Ed25519 did:key documents only.
 *
 * @example
 * ```ts
 * const { document } = await documentLoader("https://www.w3.org/ns/credentials/v2");
 * ```
 */
export const documentLoader: DocumentLoader = createDocumentLoader();

function requireDefined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`bundled ${what} is missing from its package`);
  return value;
}
