/**
 * Wiring of the chain indexer and the deletion worker, and the boot step that must finish before the HTTP server
 * listens: every chain caught up to its confirmed head, and every deletion due there carried out.
 */
import type { Provider } from "ethers";
import type { Logger } from "pino";

import type { BlockStore } from "../blocks/block-store.ts";
import { Indexer } from "../chain/indexer.ts";
import type { ChainPollOutcome } from "../chain/indexer.ts";
import type { IdentityKey } from "../config/identity-key.ts";
import type { ChainConfig } from "../config/schema.ts";
import type { Store } from "../store/store.ts";
import { BootError, DeletionFailedError } from "./errors.ts";
import { purgeDue } from "./purge.ts";

/**
 * Options of {@link createChainIndexer}.
 *
 * @example
 * ```ts
 * const options: ChainIndexerOptions = { chains: config.chains, store, blockStore, identity, logger };
 * ```
 */
export type ChainIndexerOptions = {
  chains: readonly ChainConfig[];
  store: Store;
  blockStore: Pick<BlockStore, "delete">;
  identity: IdentityKey;
  logger: Logger;
  /** Providers by chain id instead of `rpcUrl` (tests). */
  providers?: ReadonlyMap<number, Provider>;
  /** Blocks per `getLogs`. */
  pageSize?: bigint;
  /** Wall clock in unix seconds (receipts take max(block time, this)); injectable for tests. */
  now?: () => number;
};

/**
 * The node's indexer with deletion built in: after every successful poll of a chain, every deletion due at that
 * chain's new confirmed block time is carried out (see `purgeDue`) before the chain's next poll, and the wrapped
 * key of every grant that ended by then (expired, or unlocked under a deletion request) is dropped. A dataId that
 * fails to purge is logged, makes that poll count as failed, and is retried at the next one.
 *
 * @example
 * ```ts
 * const indexer = createChainIndexer({ chains: config.chains, store, blockStore, identity, logger });
 * await bootNode({ indexer, logger });
 * await app.listen({ host, port });
 * indexer.start();
 * ```
 */
export function createChainIndexer({
  chains,
  store,
  blockStore,
  identity,
  logger,
  providers,
  pageSize,
  now,
}: ChainIndexerOptions): Indexer {
  const indexer: Indexer = new Indexer({
    chains,
    store,
    logger,
    ...(providers === undefined ? {} : { providers }),
    ...(pageSize === undefined ? {} : { pageSize }),
    afterPoll: async (chainId) => {
      const { purged, failed } = await purgeDue({
        store,
        source: indexer.reader,
        blockStore,
        identity,
        chainId,
        ...(now === undefined ? {} : { now }),
      });
      for (const { dataId, receipt, purgedAt } of purged) {
        logger.info({ chainId, dataId, receipt, purgedAt }, "data purged");
      }
      // Revocations drop their slots as the view applies them (a trigger); expiries are found here.
      const { blockTimestamp } = indexer.reader.confirmedBlock({ chainId: BigInt(chainId) });
      for (const { dataId, grantee } of store.readerSlots.dropEnded({ chainId, blockTime: Number(blockTimestamp) })) {
        logger.info({ chainId, dataId, grantee }, "reader slot dropped: the grant ended");
      }
      if (failed.length > 0) {
        for (const { dataId, error } of failed) logger.error({ err: error, chainId, dataId }, "purge failed");
        throw new DeletionFailedError({
          failures: failed.map(({ dataId }) => `${chainId}/${dataId}`),
          cause: failed[0]?.error,
        });
      }
    },
  });
  return indexer;
}

/**
 * Boots the chain side of a node: polls every chain once (which carries out every deletion due there) and
 * resolves only when all succeeded. Call it after opening the store and before `listen`: a node that was down
 * purges what became due meanwhile before it serves anything.
 *
 * @throws {BootError} when a chain cannot be read or a due deletion fails; the node must not serve then.
 * @example
 * ```ts
 * await bootNode({ indexer, logger });
 * await app.listen({ host: config.http.host, port: config.http.port });
 * indexer.start();
 * ```
 */
export async function bootNode({ indexer, logger }: { indexer: Indexer; logger: Logger }): Promise<ChainPollOutcome[]> {
  const outcomes = await indexer.pollOnce();
  const failed = outcomes.filter((outcome) => !outcome.ok);
  if (failed.length > 0) {
    const first = failed[0];
    throw new BootError("The node cannot catch up with its chains.", {
      details: `failed: chain ${failed.map((outcome) => outcome.chainId).join(", chain ")}`,
      cause: first !== undefined && !first.ok ? first.error : undefined,
    });
  }
  for (const chainId of indexer.chainIds) {
    const confirmed = indexer.lastConfirmed(chainId);
    logger.info({ chainId, block: confirmed?.blockNumber, blockTime: confirmed?.blockTime }, "chain caught up");
  }
  return outcomes;
}
