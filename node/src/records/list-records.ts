/**
 * The caller's own records on one chain.
 */
import type { RecordsDependencies } from "./dependencies.ts";

/**
 * One of the caller's records, as listed.
 *
 * @example
 * ```ts
 * const item: RecordSummary = { chainId: 31337, dataId: "0x…", cid: "bafkrei…", size: 311, updatedAt: 1700000000 };
 * ```
 */
export type RecordSummary = { chainId: number; dataId: string; cid: string; size: number; updatedAt: number };

/**
 * The records `owner` stored on `chainId` (this node's copy), oldest first. `updatedAt` is unix seconds.
 *
 * @example
 * ```ts
 * const mine = listRecords(deps, { chainId: 31337, owner: session.address });
 * ```
 */
export function listRecords(
  { store }: Pick<RecordsDependencies, "store">,
  { chainId, owner }: { chainId: number; owner: string },
): RecordSummary[] {
  return store.records
    .listByOwner({ chainId, owner })
    .map(({ dataId, cid, size, updatedAt }) => ({ chainId, dataId, cid, size, updatedAt }));
}
