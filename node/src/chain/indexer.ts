/**
 * The node's chain indexer: one SDK `ChainFollower` per configured chain, all inside one `GrantReader` over the
 * node's SQLite store, polled on a timer. The grant view and the cursors are durable, so a restart resumes each
 * chain at its cursor.
 *
 * Each chain has its own loop: poll, then the `afterPoll` hook (the node purges due deletions there), then wait
 * `pollIntervalMs`. Work on one chain is serialized, so polls of a chain never overlap, whether started by the
 * timer or by {@link Indexer.pollOnce}; chains never wait for one another. A failed poll is logged and the loop
 * goes on.
 */
import { JsonRpcProvider } from "ethers";
import type { Provider } from "ethers";
import type { Logger } from "pino";

import type { PollResult } from "../../../sdk/src/chain/follower.ts";
import { GrantReader } from "../../../sdk/src/chain/grant-reader.ts";
import type { ChainConfig } from "../config/schema.ts";
import { SqliteGrantViewStore } from "../store/grant-view-store.ts";
import type { Store } from "../store/store.ts";

/** Blocks per `getLogs` call unless told otherwise; under the range limit of common RPC providers. */
export const DEFAULT_PAGE_SIZE = 2_000n;

/**
 * Where one chain's indexing stands, for `/health` and metrics.
 *
 * @example
 * ```ts
 * const { blockNumber, blockTime, lagBlocks } = indexer.status(31337);
 * ```
 */
export type ChainStatus = {
  chainId: number;
  /** Last confirmed block applied, and its time (unix seconds); undefined before the first successful poll. */
  blockNumber: number | undefined;
  blockTime: number | undefined;
  /** Chain head minus the applied block, as of the last successful poll (includes the confirmation depth). */
  lagBlocks: number | undefined;
  /** Wall-clock ms of the last successful poll; undefined if none since start. */
  lastSuccessAt: number | undefined;
  /** Polls failed in a row since the last success. */
  consecutiveFailures: number;
  /** Short message of the last failure, if the last poll failed. */
  lastError: string | undefined;
};

/**
 * The outcome of one poll of one chain (see {@link Indexer.pollOnce}).
 *
 * @example
 * ```ts
 * for (const outcome of await indexer.pollOnce()) if (!outcome.ok) logger.warn(outcome.error);
 * ```
 */
export type ChainPollOutcome =
  { chainId: number; ok: true; result: PollResult } | { chainId: number; ok: false; error: unknown };

/**
 * Options of {@link Indexer}.
 *
 * @example
 * ```ts
 * const indexer = new Indexer({ chains: config.chains, store, logger });
 * ```
 */
export type IndexerOptions = {
  chains: readonly ChainConfig[];
  store: Store;
  logger: Logger;
  /**
   * Providers to use instead of a `JsonRpcProvider` on `rpcUrl`, by chain id (tests pass Hardhat's in-process
   * provider). Providers given here are not destroyed by {@link Indexer.stop}.
   */
  providers?: ReadonlyMap<number, Provider>;
  /** Blocks per `getLogs`; {@link DEFAULT_PAGE_SIZE} unless given. */
  pageSize?: bigint;
  /**
   * Runs after each successful poll of a chain, before its next poll may start (the node purges due deletions
   * here). A throw is logged like a poll failure.
   */
  afterPoll?: (chainId: number) => Promise<void> | void;
};

type ChainState = {
  config: ChainConfig;
  /** The tail of this chain's work queue: every poll chains onto it, so none overlap. */
  queue: Promise<unknown>;
  timer: NodeJS.Timeout | undefined;
  status: ChainStatus;
};

/**
 * Follows every configured chain into the node's grant view.
 *
 * @example
 * ```ts
 * const indexer = new Indexer({ chains: config.chains, store, logger, afterPoll: (chainId) => purge(chainId) });
 * await indexer.pollOnce(); // boot: catch up before serving
 * indexer.start();
 * indexer.reader.isGranted({ chainId: 31337n, owner, grantee, dataId });
 * await indexer.stop();
 * ```
 */
export class Indexer {
  /** The grant reader over the SQLite view: the read path asks it (no network involved). */
  readonly reader: GrantReader;
  readonly #logger: Logger;
  readonly #chains = new Map<number, ChainState>();
  readonly #owned: JsonRpcProvider[] = [];
  readonly #afterPoll: ((chainId: number) => Promise<void> | void) | undefined;
  #running = false;

  /**
   * Builds one follower per chain. Makes no request: providers are static (no network detection) and uncached
   * (`cacheTimeout: -1`, or ethers would answer `getBlockNumber` from a 250 ms cache).
   *
   * @throws {InvalidChainConfigError} for a chain configured twice or an invalid address.
   */
  constructor({ chains, store, logger, providers, pageSize = DEFAULT_PAGE_SIZE, afterPoll }: IndexerOptions) {
    this.#logger = logger;
    this.#afterPoll = afterPoll;
    const followed = chains.map((chain) => {
      let provider = providers?.get(chain.chainId);
      if (provider === undefined) {
        const created = new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true, cacheTimeout: -1 });
        this.#owned.push(created);
        provider = created;
      }
      return {
        chainId: BigInt(chain.chainId),
        provider,
        accessGrants: chain.accessGrants,
        confirmations: BigInt(chain.confirmations),
        fromBlock: BigInt(chain.fromBlock),
        pageSize,
      };
    });
    try {
      this.reader = new GrantReader({ chains: followed, store: new SqliteGrantViewStore({ store }) });
    } catch (error) {
      this.#destroyProviders();
      throw error;
    }
    for (const config of chains) {
      const cursor = store.chainCursors.get(config.chainId);
      this.#chains.set(config.chainId, {
        config,
        queue: Promise.resolve(),
        timer: undefined,
        status: {
          chainId: config.chainId,
          blockNumber: cursor?.blockNumber,
          blockTime: cursor?.blockTime,
          lagBlocks: undefined,
          lastSuccessAt: undefined,
          consecutiveFailures: 0,
          lastError: undefined,
        },
      });
    }
  }

  /**
   * The chain ids indexed, in config order.
   *
   * @example
   * ```ts
   * for (const chainId of indexer.chainIds) console.log(indexer.status(chainId));
   * ```
   */
  get chainIds(): number[] {
    return [...this.#chains.keys()];
  }

  /**
   * Polls every chain once (each after any poll of it already running) and runs `afterPoll` for each chain that
   * succeeded. Never throws: failures are logged and returned.
   *
   * @example
   * ```ts
   * const outcomes = await indexer.pollOnce();
   * if (outcomes.some((outcome) => !outcome.ok)) throw new Error("a chain is unreachable");
   * ```
   */
  pollOnce(): Promise<ChainPollOutcome[]> {
    return Promise.all([...this.#chains.values()].map((state) => this.#enqueue(state)));
  }

  /**
   * Starts polling every chain every `pollIntervalMs` (measured from the end of one poll to the start of the
   * next). A no-op when already started.
   *
   * @example
   * ```ts
   * indexer.start();
   * ```
   */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    for (const state of this.#chains.values()) this.#schedule(state, 0);
  }

  /**
   * Stops the timers and waits for polls in flight. With `destroy` (the default), also destroys the providers
   * the indexer created; a stopped indexer may be started again only with `destroy: false`.
   *
   * @example
   * ```ts
   * await indexer.stop();
   * ```
   */
  async stop({ destroy = true }: { destroy?: boolean } = {}): Promise<void> {
    this.#running = false;
    for (const state of this.#chains.values()) {
      clearTimeout(state.timer);
      state.timer = undefined;
    }
    await Promise.all([...this.#chains.values()].map((state) => state.queue));
    if (destroy) this.#destroyProviders();
  }

  /**
   * The last confirmed block applied on a chain (number and time), or `undefined` before the first poll.
   *
   * @example
   * ```ts
   * const confirmed = indexer.lastConfirmed(31337);
   * ```
   */
  lastConfirmed(chainId: number): { blockNumber: number; blockTime: number } | undefined {
    const { blockNumber, blockTime } = this.status(chainId);
    return blockNumber === undefined || blockTime === undefined ? undefined : { blockNumber, blockTime };
  }

  /**
   * Where a chain's indexing stands (cursor, lag, failures), for `/health`.
   *
   * @throws {RangeError} for a chain that is not indexed.
   * @example
   * ```ts
   * const healthy = indexer.chainIds.every((chainId) => indexer.status(chainId).consecutiveFailures === 0);
   * ```
   */
  status(chainId: number): ChainStatus {
    const state = this.#chains.get(chainId);
    if (state === undefined) throw new RangeError(`chain ${chainId} is not indexed`);
    return { ...state.status };
  }

  #schedule(state: ChainState, delayMs: number): void {
    if (!this.#running) return;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.#enqueue(state).then(() => this.#schedule(state, state.config.pollIntervalMs));
    }, delayMs);
  }

  #enqueue(state: ChainState): Promise<ChainPollOutcome> {
    const run = state.queue.then(() => this.#pollChain(state));
    state.queue = run;
    return run;
  }

  /** One poll of one chain and its `afterPoll`; never throws. */
  async #pollChain(state: ChainState): Promise<ChainPollOutcome> {
    const chainId = state.config.chainId;
    try {
      const result = await this.reader.poll({ chainId: BigInt(chainId) });
      const { status } = state;
      if (result.cursor !== undefined) {
        status.blockNumber = Number(result.cursor.blockNumber);
        status.blockTime = Number(result.cursor.blockTimestamp);
        status.lagBlocks = Number(result.confirmedBlock - result.cursor.blockNumber) + state.config.confirmations;
      }
      if (this.#afterPoll !== undefined) await this.#afterPoll(chainId);
      status.lastSuccessAt = Date.now();
      status.consecutiveFailures = 0;
      status.lastError = undefined;
      this.#logger.debug({ chainId, block: status.blockNumber, events: result.events }, "chain polled");
      return { chainId, ok: true, result };
    } catch (error) {
      const { status } = state;
      status.consecutiveFailures += 1;
      status.lastError = error instanceof Error ? error.message : String(error);
      this.#logger.warn({ err: error, chainId, failures: status.consecutiveFailures }, "chain poll failed");
      return { chainId, ok: false, error };
    }
  }

  #destroyProviders(): void {
    for (const provider of this.#owned.splice(0)) provider.destroy();
  }
}
