/**
 * Read one grant record.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { decodeContractError } from "./contract-errors.ts";
import { grantId } from "./grant-id.ts";

/** What {@link getGrant} takes. */
export type GetGrantParameters = {
  /** `AccessGrants`, connected to any provider. */
  accessGrants: AccessGrants;
  owner: string;
  grantee: string;
  dataId: string;
};

/** The grant record of (owner, grantee, dataId). All times are seconds since the epoch, 0 meaning "none". */
export type Grant = {
  grantId: string;
  owner: string;
  grantee: string;
  dataId: string;
  /** False when there is no grant (never made, or revoked): `grantedAt` is then 0. Expiry is not checked here. */
  exists: boolean;
  grantedAt: bigint;
  lockedUntil: bigint;
  expiresAt: bigint;
  /** The nonce the next `grantBySig` / `revokeBySig` on this triple must carry (survives revokes). */
  nonce: bigint;
};

/**
 * Reads the stored grant record. `exists` says whether one is recorded; use `isGranted` to know whether it is
 * live (not expired, not ended by deletion).
 *
 * @example
 * ```ts
 * const { exists, lockedUntil, nonce } = await getGrant({ accessGrants, owner, grantee, dataId });
 * ```
 */
export async function getGrant({ accessGrants, owner, grantee, dataId }: GetGrantParameters): Promise<Grant> {
  let record;
  try {
    record = await accessGrants.getGrant(owner, grantee, dataId);
  } catch (error) {
    throw decodeContractError(error, accessGrants.interface);
  }
  return {
    grantId: grantId({ owner, grantee, dataId }),
    owner,
    grantee,
    dataId,
    exists: record.grantedAt !== 0n,
    grantedAt: record.grantedAt,
    lockedUntil: record.lockedUntil,
    expiresAt: record.expiresAt,
    nonce: record.nonce,
  };
}
