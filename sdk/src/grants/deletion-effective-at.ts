/**
 * When nodes must purge a piece of data.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { decodeContractError } from "./contract-errors.ts";

/** What {@link deletionEffectiveAt} takes. */
export type DeletionEffectiveAtParameters = {
  /** `AccessGrants`, connected to any provider. */
  accessGrants: AccessGrants;
  dataId: string;
};

/**
 * The time (seconds) from which nodes must have purged `dataId`: the later of the deletion request and the latest
 * lock ever given on it. `0n` when no deletion was requested.
 *
 * @example
 * ```ts
 * const effectiveAt = await deletionEffectiveAt({ accessGrants, dataId });
 * if (effectiveAt !== 0n && effectiveAt <= now) await purge(dataId);
 * ```
 */
export async function deletionEffectiveAt({ accessGrants, dataId }: DeletionEffectiveAtParameters): Promise<bigint> {
  try {
    return await accessGrants.deletionEffectiveAt(dataId);
  } catch (error) {
    throw decodeContractError(error, accessGrants.interface);
  }
}
