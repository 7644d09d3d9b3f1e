/**
 * Read the anchor of a dataId.
 *
 * @module
 */
import { ZeroAddress } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { decodeContractError } from "../grants/contract-errors.ts";

/** What {@link getAnchor} takes. */
export type GetAnchorParameters = {
  /** `AccessGrants`, connected to any provider. */
  accessGrants: AccessGrants;
  dataId: string;
};

/** Everything the contract knows about a dataId. Times in seconds, 0 meaning "none". */
export type Anchor = {
  dataId: string;
  /** False when the dataId was never anchored (owner and issuer are then the zero address). */
  exists: boolean;
  owner: string;
  /** The issuer; the owner itself for self-added data. */
  issuer: string;
  schema: string;
  issuerRevoked: boolean;
  /** When the owner asked for deletion, 0 if never. */
  deletionRequestedAt: bigint;
  /** Latest `lockedUntil` ever given to a grant on this dataId. */
  maxLockedUntil: bigint;
  /** The nonce the next `requestDeletionBySig` must carry. */
  nonce: bigint;
};

/**
 * Reads the anchor of `dataId`.
 *
 * @example
 * ```ts
 * const { exists, owner, issuerRevoked } = await getAnchor({ accessGrants, dataId });
 * ```
 */
export async function getAnchor({ accessGrants, dataId }: GetAnchorParameters): Promise<Anchor> {
  let anchor;
  try {
    anchor = await accessGrants.getAnchor(dataId);
  } catch (error) {
    throw decodeContractError(error, accessGrants.interface);
  }
  return {
    dataId,
    exists: anchor.owner !== ZeroAddress,
    owner: anchor.owner,
    issuer: anchor.issuer,
    schema: anchor.schema,
    issuerRevoked: anchor.issuerRevoked,
    deletionRequestedAt: anchor.deletionRequestedAt,
    maxLockedUntil: anchor.maxLockedUntil,
    nonce: anchor.nonce,
  };
}
