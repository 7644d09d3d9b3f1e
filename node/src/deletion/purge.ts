/**
 * Carrying out deletion requests: every dataId whose deletion the chain has made due (at the chain's confirmed
 * block time, never the wall clock) and that this node stores loses its blocks, its record and its reader slots,
 * and the node keeps a receipt signed by its identity key.
 *
 * Order, per dataId, and why nothing is left behind after a crash between any two steps:
 * 1. `deletions` row scheduled (one statement, durable): from here on `isDeletionPending` is true and stays true.
 * 2. The record's blocks deleted from the blockstore (a missing block is not an error, so a re-run is a no-op).
 * 3. One transaction: the record removed (reader slots cascade), the `deletions` row marked purged, the signed
 *    receipt inserted.
 * The record row goes last: as long as it exists, the next `purgeDue` finds the dataId again (the grant view keeps
 * the request durably) and repeats 2 and 3. Deleting the record first would lose the CID of blocks not yet deleted;
 * a crash after 2 leaves blocks gone and the record present, which is retried and never served (the routes refuse
 * a dataId whose deletion is pending). A record stored again after its purge (e.g. replicated late) is purged
 * again, without a second receipt.
 */
import { CID } from "multiformats/cid";

import type { DeletionRecord } from "../../../sdk/src/chain/store.ts";
import type { BlockStore } from "../blocks/block-store.ts";
import type { IdentityKey } from "../config/identity-key.ts";
import type { Store } from "../store/store.ts";
import { signDeletionReceipt } from "./receipt.ts";

/**
 * The part of the grant view (or `GrantReader`) purging reads.
 *
 * @example
 * ```ts
 * const source: DeletionSource = indexer.reader;
 * ```
 */
export type DeletionSource = {
  /** Deletion requests due at the chain's confirmed block time (throws before the chain's first poll). */
  deletionsDue(query: { chainId: bigint }): DeletionRecord[];
  /** The chain's confirmed block (its time is when `deletionsDue` is evaluated). */
  confirmedBlock(query: { chainId: bigint }): { blockTimestamp: bigint };
};

/**
 * One dataId `purgeDue` dealt with.
 *
 * @example
 * ```ts
 * for (const { dataId, receipt } of result.purged) logger.info({ dataId, receipt }, "purged");
 * ```
 */
export type PurgedData = {
  chainId: number;
  dataId: string;
  /** Whether this run signed and stored a new receipt (false when the dataId had been purged before). */
  receipt: boolean;
  purgedAt: number;
};

/**
 * What one {@link purgeDue} did: the dataIds purged, and those that failed (they are retried next time).
 *
 * @example
 * ```ts
 * const { purged, failed } = await purgeDue(options);
 * ```
 */
export type PurgeResult = {
  purged: PurgedData[];
  failed: { chainId: number; dataId: string; error: unknown }[];
};

/**
 * Options of {@link purgeDue}.
 *
 * @example
 * ```ts
 * const options: PurgeDueOptions = { store, source: indexer.reader, blockStore, identity, chainId: 31337 };
 * ```
 */
export type PurgeDueOptions = {
  store: Store;
  /** The chain view; `indexer.reader` in the node. */
  source: DeletionSource;
  blockStore: Pick<BlockStore, "delete">;
  /** The node key: receipts are signed by it and name its address as `node`. */
  identity: IdentityKey;
  chainId: number;
  /** Wall clock in unix seconds; injectable for tests. */
  now?: () => number;
};

/**
 * Purges every dataId of `chainId` whose deletion is due and that this node stores (or has begun to purge). A
 * failure on one dataId is reported in `failed` and does not stop the others. Idempotent: running it again purges
 * nothing twice and signs no second receipt.
 *
 * `purgedAt` (receipt and `deletions.purged_at`) is max(confirmed block time, wall clock): never before the
 * effective time the chain set, never before the moment the node actually purged.
 *
 * @throws {ChainNotSyncedError} when the chain has never been polled.
 * @example
 * ```ts
 * await indexer.pollOnce();
 * const { purged } = await purgeDue({ store, source: indexer.reader, blockStore, identity, chainId: 31337 });
 * ```
 */
export async function purgeDue({
  store,
  source,
  blockStore,
  identity,
  chainId,
  now = () => Math.floor(Date.now() / 1000),
}: PurgeDueOptions): Promise<PurgeResult> {
  const chain = BigInt(chainId);
  const due = source.deletionsDue({ chainId: chain });
  const blockTime = Number(source.confirmedBlock({ chainId: chain }).blockTimestamp);
  const result: PurgeResult = { purged: [], failed: [] };
  for (const { dataId, effectiveAt } of due) {
    const key = { chainId, dataId };
    const record = store.records.get(key);
    const scheduled = store.deletions.get(key);
    // Nothing here: never stored on this node, or purged and not stored again.
    if (record === undefined && (scheduled === undefined || scheduled.purgedAt !== null)) continue;
    try {
      // 1. Durable intent (a no-op for a row already there, pending or purged).
      store.deletions.schedule({ chainId, dataId, effectiveAt: Number(effectiveAt) });
      // 2. Blocks first: the record row keeps the CID until they are gone.
      if (record !== undefined) await blockStore.delete(CID.parse(record.cid));
      // 3. Metadata and receipt together.
      const purgedAt = Math.max(blockTime, now());
      const receipt = store.transaction(() => {
        store.records.remove(key);
        if (!store.deletions.markPurged({ ...key, purgedAt })) return false;
        const message = { chainId: chain, dataId, node: identity.address, purgedAt: BigInt(purgedAt) };
        store.receipts.insert({
          chainId,
          dataId,
          node: identity.address,
          purgedAt,
          signature: signDeletionReceipt({ identity, message }),
        });
        return true;
      });
      result.purged.push({ chainId, dataId, receipt, purgedAt });
    } catch (error) {
      result.failed.push({ chainId, dataId, error });
    }
  }
  return result;
}

/**
 * Whether `dataId` on `chainId` is being deleted: the chain holds a deletion request for it (due or not; a request
 * is final) or the node has scheduled or carried out its purge. A PUT of such a dataId must be refused, and a GET
 * must not serve it.
 *
 * @example
 * ```ts
 * if (isDeletionPending({ store, view: indexer.reader.view, chainId, dataId })) throw new DeletionPendingError();
 * ```
 */
export function isDeletionPending({
  store,
  view,
  chainId,
  dataId,
}: {
  store: Pick<Store, "deletions">;
  view: { deletionEffectiveAt(query: { chainId: bigint; dataId: string }): bigint | undefined };
  chainId: number;
  dataId: string;
}): boolean {
  return (
    view.deletionEffectiveAt({ chainId: BigInt(chainId), dataId }) !== undefined ||
    store.deletions.get({ chainId, dataId }) !== undefined
  );
}
