/**
 * Whether a grant is live.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { decodeContractError } from "./contract-errors.ts";

/** What {@link isGranted} takes. */
export type IsGrantedParameters = {
  /** `AccessGrants`, connected to any provider. */
  accessGrants: AccessGrants;
  owner: string;
  grantee: string;
  dataId: string;
};

/**
 * True while `owner`'s grant of `dataId` to `grantee` exists, has not expired, and has not been ended by a
 * deletion request, as of the latest block.
 *
 * @example
 * ```ts
 * if (await isGranted({ accessGrants, owner, grantee: consumer, dataId })) serve(ciphertext);
 * ```
 */
export async function isGranted({ accessGrants, owner, grantee, dataId }: IsGrantedParameters): Promise<boolean> {
  try {
    return await accessGrants.isGranted(owner, grantee, dataId);
  } catch (error) {
    throw decodeContractError(error, accessGrants.interface);
  }
}
