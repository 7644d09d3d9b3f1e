/**
 * Whether a grant is live and covers a valid credential of a given issuer and type.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { decodeContractError } from "./contract-errors.ts";

/** What {@link isCredentialGranted} takes. */
export type IsCredentialGrantedParameters = {
  /** `AccessGrants`, connected to any provider. */
  accessGrants: AccessGrants;
  owner: string;
  grantee: string;
  dataId: string;
  /** The issuer the verifier trusts for this credential type. */
  issuer: string;
  /** The credential type, see `schemaId`. */
  schema: string;
};

/**
 * True when `isGranted(owner, grantee, dataId)` holds and `dataId` is a credential of `schema` that `issuer`
 * anchored to `owner` and has not revoked, as of the latest block. One call answers a verifier's whole question.
 *
 * @example
 * ```ts
 * const ok = await isCredentialGranted({
 *   accessGrants,
 *   owner: user,
 *   grantee: bank,
 *   dataId,
 *   issuer: trustedKycIssuer,
 *   schema: schemaId("https://idem.example/credentials/v1#KycCredential"),
 * });
 * ```
 */
export async function isCredentialGranted({
  accessGrants,
  owner,
  grantee,
  dataId,
  issuer,
  schema,
}: IsCredentialGrantedParameters): Promise<boolean> {
  try {
    return await accessGrants.isCredentialGranted(owner, grantee, dataId, issuer, schema);
  } catch (error) {
    throw decodeContractError(error, accessGrants.interface);
  }
}
