/**
 * Typed errors of the credentials module, subclasses of the SDK's {@link IdemError}. Credentials, DIDs and status
 * lists are public data, so messages may name a URL or a DID; they never carry an issuer's secret key.
 *
 * @module
 */
import { IdemError } from "../errors.ts";

/**
 * The offline document loader was asked for a URL it does not bundle. Idem never fetches JSON-LD contexts or DID
 * documents from the network: a credential that needs another context is rejected.
 *
 * @example
 * ```ts
 * try {
 *   await documentLoader("https://example.com/contexts/other/v1");
 * } catch (error) {
 *   if (error instanceof DocumentNotBundledError) console.error(error.url);
 * }
 * ```
 */
export class DocumentNotBundledError extends IdemError {
  override name = "DocumentNotBundledError";
  /** The URL asked for (public: it came from the document being processed). */
  readonly url: string;

  constructor({ url, details, cause }: { url: string; details?: string; cause?: unknown }) {
    super("Document not available offline.", {
      details:
        details ?? `"${url}" is not a bundled context or a resolvable did:key; Idem never loads from the network`,
      cause,
    });
    this.url = url;
  }
}

/**
 * A did:pkh (CAIP-10) subject identifier, or the chain id and address to build one from, is malformed: another DID
 * method or namespace, a chain id that is not a positive decimal integer, or an address that is not an
 * EIP-55-checksummed 20-byte hex address.
 *
 * @example
 * ```ts
 * try {
 *   parsePkhDid({ did: "did:pkh:eip155:1:0xnot-an-address" });
 * } catch (error) {
 *   if (error instanceof InvalidSubjectDidError) console.error(error.details);
 * }
 * ```
 */
export class InvalidSubjectDidError extends IdemError {
  override name = "InvalidSubjectDidError";

  constructor({ details }: { details: string }) {
    super("Invalid did:pkh subject.", { details });
  }
}

/**
 * A credential (or the input to issue one) is malformed: dates that are not dates, `validUntil` not after
 * `validFrom`, an unknown KYC level, a country code that is not ISO 3166-1 alpha-2, a status entry for the wrong
 * list, or a signing failure.
 *
 * @example
 * ```ts
 * try {
 *   await issueKycCredential({ issuerKey, subjectDid, claims, validFrom, validUntil: validFrom });
 * } catch (error) {
 *   if (error instanceof InvalidCredentialError) console.error(error.details);
 * }
 * ```
 */
export class InvalidCredentialError extends IdemError {
  override name = "InvalidCredentialError";
}

/**
 * A status list operation cannot be done: an index outside the list, a list issued by another key, a credential
 * with no entry in this list, or an attempt to undo a revocation (revocation is permanent).
 *
 * @example
 * ```ts
 * try {
 *   await revokeCredential({ issuerKey, statusListCredential, credential });
 * } catch (error) {
 *   if (error instanceof StatusListError) console.error(error.details);
 * }
 * ```
 */
export class StatusListError extends IdemError {
  override name = "StatusListError";
}

/**
 * One failed check of {@link verifyCredential}. Verification never throws for a bad credential: it returns
 * these in `errors`, one per failed check, each naming its check.
 *
 * @example
 * ```ts
 * const result = await verifyCredential({ credential, trustedIssuers, getStatusListCredential });
 * for (const error of result.errors) console.error(error.check, error.shortMessage);
 * ```
 */
export class CredentialCheckError extends IdemError {
  override name = "CredentialCheckError";
  /** Which check failed. */
  readonly check: "signature" | "issuerTrusted" | "validity" | "status";

  constructor({
    check,
    shortMessage,
    details,
    cause,
  }: {
    check: "signature" | "issuerTrusted" | "validity" | "status";
    shortMessage: string;
    details?: string;
    cause?: unknown;
  }) {
    super(shortMessage, { details, cause });
    this.check = check;
  }
}
