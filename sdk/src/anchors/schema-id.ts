/**
 * The schema id of a credential or data type.
 *
 * @module
 */
import { keccak256, toUtf8Bytes } from "ethers";

/**
 * `keccak256(utf8(typeUri))`: the `schema` an issuer anchors a credential with, and `isCredentialGranted` checks.
 * Pure.
 *
 * @example
 * ```ts
 * const schema = schemaId("https://idem.example/credentials/v1#KycCredential");
 * await anchorCredential({ accessGrants, dataId, owner, schema });
 * ```
 */
export function schemaId(typeUri: string): string {
  return keccak256(toUtf8Bytes(typeUri));
}
