/**
 * Signs an unsigned credential with an issuer key: a Data Integrity proof, cryptosuite `eddsa-rdfc-2022`, purpose
 * `assertionMethod`, JSON-LD processed with the offline loader. Shared by issuance and status lists.
 *
 * @internal Not exported from the SDK's index.
 * @module
 */
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { documentLoader as defaultDocumentLoader, type DocumentLoader } from "./document-loader.ts";
import { InvalidCredentialError } from "./errors.ts";
import { issuerSigner, type IssuerKey } from "./issuer-key.ts";
import { IdemError } from "../errors.ts";

/**
 * Returns a signed copy of `credential` (the input is not changed).
 *
 * @example
 * ```ts
 * const signed = await signCredential({ issuerKey, credential: unsigned });
 * ```
 */
export async function signCredential<T extends Record<string, unknown>>({
  issuerKey,
  credential,
  documentLoader = defaultDocumentLoader,
  date = new Date(),
}: {
  issuerKey: IssuerKey;
  credential: T;
  documentLoader?: DocumentLoader;
  date?: Date;
}): Promise<T & { proof: DataIntegrityProofValue }> {
  const suite = new DataIntegrityProof({ signer: issuerSigner({ issuerKey }), cryptosuite: eddsaRdfc2022, date });
  try {
    return (await vc.issue({ credential: structuredClone(credential), suite, documentLoader })) as T & {
      proof: DataIntegrityProofValue;
    };
  } catch (error) {
    if (error instanceof IdemError) throw error;
    throw new InvalidCredentialError("Cannot sign the credential.", {
      details: error instanceof Error ? error.message : "JSON-LD processing failed",
      cause: error,
    });
  }
}

/**
 * A Data Integrity proof as it appears on a signed credential.
 *
 * @example
 * ```ts
 * credential.proof.cryptosuite; // "eddsa-rdfc-2022"
 * ```
 */
export type DataIntegrityProofValue = {
  type: "DataIntegrityProof";
  cryptosuite: "eddsa-rdfc-2022";
  created: string;
  verificationMethod: string;
  proofPurpose: "assertionMethod";
  proofValue: string;
};
