/**
 * The chain follower: reads one chain's AccessGrants events up to its confirmed head, in pages, into a
 * {@link GrantView}.
 *
 * Reorgs: only blocks at least `confirmations` deep are read, so a reorg up to that depth never reaches the view.
 * A deeper reorg is out of scope: it is detected (the cursor block's hash no longer matches, {@link ChainReorgError})
 * and the follower stops; it does not rewind. Pick the depth per chain accordingly.
 *
 * @module
 */
import { getAddress, type Provider } from "ethers";
import { ChainIdMismatchError, ChainReorgError, ChainRpcError, InvalidChainConfigError } from "./errors.ts";
import { ACCESS_GRANTS_EVENT_TOPICS, decodeAccessGrantsLog, type AccessGrantsEvent } from "./events.ts";
import type { AppliedBlock, GrantView } from "./grant-view.ts";

/**
 * One chain to follow.
 *
 * @example
 * ```ts
 * const config: ChainConfig = {
 *   chainId: 8453n,
 *   provider: new JsonRpcProvider(url, 8453, { staticNetwork: true }),
 *   accessGrants: "0x…",
 *   confirmations: 12n,
 *   fromBlock: 21_000_000n, // the deployment block
 *   pageSize: 2_000n,
 * };
 * ```
 */
export type ChainConfig = {
  chainId: bigint;
  /** Any ethers provider: a `JsonRpcProvider`, Hardhat's, a `FallbackProvider`. */
  provider: Provider;
  /** Address of the AccessGrants deployment on this chain. */
  accessGrants: string;
  /** How many blocks behind the head the follower stays; 0 follows the head itself. */
  confirmations: bigint;
  /** First block to read (the deployment block): events before it are never seen. */
  fromBlock: bigint;
  /** Blocks per `getLogs` call, at least 1; stay under the RPC's range limit. */
  pageSize: bigint;
};

/**
 * What one {@link ChainFollower.poll} did.
 *
 * @example
 * ```ts
 * const { confirmedBlock, events } = await follower.poll();
 * logger.info({ confirmedBlock, events }, "polled");
 * ```
 */
export type PollResult = {
  chainId: bigint;
  /** The confirmed head seen: head - confirmations. Below `fromBlock`, nothing was read. */
  confirmedBlock: bigint;
  /** Pages read and applied. */
  pages: number;
  /** Events applied. */
  events: number;
  /** The cursor after the poll (block applied up to, its time); undefined if nothing was ever applied. */
  cursor: { blockNumber: bigint; blockTimestamp: bigint } | undefined;
};

/**
 * Follows one chain into a shared {@link GrantView}. Each {@link ChainFollower.poll} checks the provider's chain
 * id (first poll only), reads the head, and applies every block from the cursor + 1 up to head - confirmations,
 * `pageSize` blocks per `getLogs`. Each page is applied together with its last block's number, time and hash as
 * the new cursor, so a crash or an RPC error mid-poll leaves the view at a page boundary and the next poll (by this
 * or a new follower over the same store) resumes there, reading nothing twice.
 *
 * @example
 * ```ts
 * const view = new GrantView({ store: new MemoryGrantViewStore() });
 * const follower = new ChainFollower({ config, view });
 * setInterval(() => follower.poll().catch(logger.error), 2_000);
 * view.isGranted({ chainId: config.chainId, owner, grantee, dataId });
 * ```
 */
export class ChainFollower {
  /** The config this follower runs with (address checksummed). */
  readonly config: Readonly<ChainConfig>;
  readonly #view: GrantView;
  #chainChecked = false;
  #running: Promise<PollResult> | undefined;

  constructor({ config, view }: { config: ChainConfig; view: GrantView }) {
    const { chainId, confirmations, fromBlock, pageSize } = config;
    if (chainId <= 0n) throw new InvalidChainConfigError({ details: `chain id must be positive, got ${chainId}` });
    if (confirmations < 0n) {
      throw new InvalidChainConfigError({ details: `confirmations must be at least 0, got ${confirmations}` });
    }
    if (fromBlock < 0n)
      throw new InvalidChainConfigError({ details: `fromBlock must be at least 0, got ${fromBlock}` });
    if (pageSize < 1n) throw new InvalidChainConfigError({ details: `pageSize must be at least 1, got ${pageSize}` });
    let accessGrants: string;
    try {
      accessGrants = getAddress(config.accessGrants);
    } catch {
      throw new InvalidChainConfigError({ details: `chain ${chainId}: accessGrants is not an address` });
    }
    this.config = Object.freeze({ ...config, accessGrants });
    this.#view = view;
  }

  /** The chain this follower reads. */
  get chainId(): bigint {
    return this.config.chainId;
  }

  /**
   * Reads and applies everything newly confirmed. Concurrent calls share one run. Throws
   * {@link ChainIdMismatchError}, {@link ChainRpcError} or {@link ChainReorgError}; pages applied before the
   * failure stay applied, the failing page is not.
   *
   * @example
   * ```ts
   * await follower.poll();
   * view.isGranted({ chainId: follower.chainId, owner, grantee, dataId }); // as of the confirmed head
   * ```
   */
  poll(): Promise<PollResult> {
    this.#running ??= this.#poll().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #poll(): Promise<PollResult> {
    const { chainId, provider, confirmations, fromBlock, pageSize } = this.config;
    if (!this.#chainChecked) {
      const network = await this.#rpc("getNetwork", () => provider.getNetwork());
      if (network.chainId !== chainId) throw new ChainIdMismatchError({ expected: chainId, actual: network.chainId });
      this.#chainChecked = true;
    }

    const cursor = this.#view.cursor({ chainId });
    if (cursor !== undefined) {
      const block = await this.#block(cursor.blockNumber);
      if (block.hash !== cursor.blockHash) {
        throw new ChainReorgError({
          chainId,
          blockNumber: cursor.blockNumber,
          details: `applied hash ${cursor.blockHash}, chain now has ${block.hash}`,
        });
      }
    }

    const head = BigInt(await this.#rpc("getBlockNumber", () => provider.getBlockNumber()));
    const confirmedBlock = head - confirmations;
    let pages = 0;
    let events = 0;
    const start = cursor === undefined ? fromBlock : cursor.blockNumber + 1n;
    for (let from = start; from <= confirmedBlock; from += pageSize) {
      const to = from + pageSize - 1n < confirmedBlock ? from + pageSize - 1n : confirmedBlock;
      const page = await this.#page(from, to);
      const toBlock = await this.#block(to);
      this.#view.applyBlocks({ chainId, events: page, toBlock });
      pages += 1;
      events += page.length;
    }

    const after = this.#view.cursor({ chainId });
    return {
      chainId,
      confirmedBlock,
      pages,
      events,
      cursor: after && { blockNumber: after.blockNumber, blockTimestamp: after.blockTimestamp },
    };
  }

  /** The decoded events of blocks [from, to], sorted by (blockNumber, logIndex). */
  async #page(from: bigint, to: bigint): Promise<AccessGrantsEvent[]> {
    const { provider, accessGrants } = this.config;
    const logs = await this.#rpc("getLogs", () =>
      provider.getLogs({
        address: accessGrants,
        topics: [[...ACCESS_GRANTS_EVENT_TOPICS]],
        fromBlock: from,
        toBlock: to,
      }),
    );
    const events: AccessGrantsEvent[] = [];
    for (const log of logs) {
      if (log.removed) continue; // not expected below the confirmation depth; never apply an orphaned log
      const block = BigInt(log.blockNumber);
      if (getAddress(log.address) !== accessGrants || block < from || block > to) {
        throw new ChainRpcError({
          chainId: this.config.chainId,
          method: "getLogs",
          details: `log ${log.blockNumber}/${log.index} from ${log.address} is outside the filter`,
        });
      }
      let event: AccessGrantsEvent | undefined;
      try {
        event = decodeAccessGrantsLog({ log });
      } catch (cause) {
        throw new ChainRpcError({
          chainId: this.config.chainId,
          method: "getLogs",
          details: `log ${log.blockNumber}/${log.index} does not decode`,
          cause,
        });
      }
      if (event !== undefined) events.push(event);
    }
    return events.sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    );
  }

  async #block(number: bigint): Promise<AppliedBlock> {
    const block = await this.#rpc("getBlock", () => this.config.provider.getBlock(number));
    if (block === null || block.hash === null) {
      throw new ChainRpcError({
        chainId: this.config.chainId,
        method: "getBlock",
        details: `block ${number} not found`,
      });
    }
    return { number, timestamp: BigInt(block.timestamp), hash: block.hash };
  }

  async #rpc<T>(method: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      throw new ChainRpcError({ chainId: this.config.chainId, method, cause });
    }
  }
}
