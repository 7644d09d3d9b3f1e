/**
 * The multi-chain grant reader: one {@link ChainFollower} per configured chain over one {@link GrantView}, and
 * grant questions answered per chain at that chain's confirmed block time.
 *
 * @module
 */
import { ChainNotSyncedError, InvalidChainConfigError, UnknownChainError } from "./errors.ts";
import { ChainFollower, type ChainConfig, type PollResult } from "./follower.ts";
import { GrantView, type GrantListFilter } from "./grant-view.ts";
import { MemoryGrantViewStore } from "./memory-store.ts";
import type { AnchorRecord, ChainCursor, DeletionRecord, GrantRecord, GrantViewStore } from "./store.ts";

/**
 * The outcome of polling one chain in {@link GrantReader.pollAll}: its result, or the error that stopped it.
 *
 * @example
 * ```ts
 * for (const outcome of await reader.pollAll()) if ("error" in outcome) logger.warn(outcome.error);
 * ```
 */
export type PollOutcome = { chainId: bigint; result: PollResult } | { chainId: bigint; error: unknown };

/** Names one grant on one chain. */
export type ReaderGrantQuery = { chainId: bigint; owner: string; grantee: string; dataId: string };

/**
 * Follows several chains at once, never mixing them: each chain has its own follower, cursor and block time, and
 * every record is keyed by chain id. Questions name the chain; the answer is as of that chain's confirmed block,
 * evaluated at that block's time (never the wall clock).
 *
 * @example
 * ```ts
 * const reader = new GrantReader({ chains: [mainnetConfig, baseConfig], store: sqliteStore });
 * setInterval(() => void reader.pollAll(), 2_000);
 * if (reader.isGranted({ chainId: 8453n, owner, grantee, dataId })) serve();
 * ```
 */
export class GrantReader {
  /** The view every follower writes to; read it directly for custom queries. */
  readonly view: GrantView;
  readonly #followers = new Map<bigint, ChainFollower>();

  constructor({
    chains,
    store = new MemoryGrantViewStore(),
  }: {
    chains: readonly ChainConfig[];
    store?: GrantViewStore;
  }) {
    this.view = new GrantView({ store });
    for (const config of chains) {
      if (this.#followers.has(config.chainId)) {
        throw new InvalidChainConfigError({ details: `chain ${config.chainId} is configured twice` });
      }
      this.#followers.set(config.chainId, new ChainFollower({ config, view: this.view }));
    }
  }

  /**
   * The chain ids followed, in config order.
   *
   * @example
   * ```ts
   * for (const chainId of reader.chainIds) console.log(reader.confirmedBlock({ chainId }));
   * ```
   */
  get chainIds(): bigint[] {
    return [...this.#followers.keys()];
  }

  /**
   * Polls one chain (see {@link ChainFollower.poll}).
   *
   * @example
   * ```ts
   * await reader.poll({ chainId: 1n });
   * ```
   */
  poll({ chainId }: { chainId: bigint }): Promise<PollResult> {
    return this.#follower(chainId).poll();
  }

  /**
   * Polls every chain concurrently; one chain's failure does not stop the others.
   *
   * @example
   * ```ts
   * const outcomes = await reader.pollAll();
   * ```
   */
  async pollAll(): Promise<PollOutcome[]> {
    const followers = [...this.#followers.values()];
    const settled = await Promise.allSettled(followers.map((follower) => follower.poll()));
    return settled.map((outcome, i) => {
      const chainId = followers[i]!.chainId;
      return outcome.status === "fulfilled" ? { chainId, result: outcome.value } : { chainId, error: outcome.reason };
    });
  }

  /**
   * The chain's confirmed block as last applied: number, time, hash. Throws {@link ChainNotSyncedError} before
   * the first successful poll.
   *
   * @example
   * ```ts
   * const { blockNumber, blockTimestamp } = reader.confirmedBlock({ chainId: 1n });
   * ```
   */
  confirmedBlock({ chainId }: { chainId: bigint }): ChainCursor {
    this.#follower(chainId);
    const cursor = this.view.cursor({ chainId });
    if (cursor === undefined) throw new ChainNotSyncedError({ chainId });
    return cursor;
  }

  /**
   * Whether `owner`'s grant of `dataId` to `grantee` is live on the chain, at its confirmed block time.
   *
   * @example
   * ```ts
   * if (!reader.isGranted({ chainId, owner, grantee, dataId })) return reply.code(403).send();
   * ```
   */
  isGranted({ chainId, owner, grantee, dataId }: ReaderGrantQuery): boolean {
    return this.view.isGranted({ chainId, owner, grantee, dataId, at: this.#now(chainId) });
  }

  /**
   * `isGranted` plus: `dataId` is a credential of `schema` anchored by `issuer`, not revoked by it.
   *
   * @example
   * ```ts
   * reader.isCredentialGranted({ chainId, owner, grantee, dataId, issuer, schema });
   * ```
   */
  isCredentialGranted(query: ReaderGrantQuery & { issuer: string; schema: string }): boolean {
    return this.view.isCredentialGranted({ ...query, at: this.#now(query.chainId) });
  }

  /**
   * The owner of `dataId` on its home chain, or `undefined` if not anchored there (as of the confirmed block).
   *
   * @example
   * ```ts
   * const owner = reader.ownerOf({ chainId, dataId });
   * ```
   */
  ownerOf({ chainId, dataId }: { chainId: bigint; dataId: string }): string | undefined {
    this.#now(chainId);
    return this.view.ownerOf({ chainId, dataId });
  }

  /**
   * The anchor of `dataId` on the chain, or `undefined`.
   *
   * @example
   * ```ts
   * const anchor = reader.anchorOf({ chainId, dataId });
   * ```
   */
  anchorOf({ chainId, dataId }: { chainId: bigint; dataId: string }): AnchorRecord | undefined {
    this.#now(chainId);
    return this.view.anchorOf({ chainId, dataId });
  }

  /**
   * When nodes must purge `dataId` (seconds), or `undefined` if no deletion was requested.
   *
   * @example
   * ```ts
   * const effectiveAt = reader.deletionEffectiveAt({ chainId, dataId });
   * ```
   */
  deletionEffectiveAt({ chainId, dataId }: { chainId: bigint; dataId: string }): bigint | undefined {
    this.#now(chainId);
    return this.view.deletionEffectiveAt({ chainId, dataId });
  }

  /**
   * Deletion requests due at the chain's confirmed block time.
   *
   * @example
   * ```ts
   * for (const { dataId } of reader.deletionsDue({ chainId })) await purge({ chainId, dataId });
   * ```
   */
  deletionsDue({ chainId }: { chainId: bigint }): DeletionRecord[] {
    return this.view.deletionsDue({ chainId, at: this.#now(chainId) });
  }

  /**
   * The grants `owner` gave on the chain; with `live`, only those live at the confirmed block time.
   *
   * @example
   * ```ts
   * const live = reader.grantsOf({ chainId, owner, live: true });
   * ```
   */
  grantsOf({ chainId, owner, live }: { chainId: bigint; owner: string } & Omit<GrantListFilter, "at">): GrantRecord[] {
    return this.view.grantsOf({ chainId, owner, live, at: this.#now(chainId) });
  }

  /**
   * The grants on `dataId` on the chain; with `live`, only those live at the confirmed block time.
   *
   * @example
   * ```ts
   * const readers = reader.granteesOf({ chainId, dataId, live: true }).map((grant) => grant.grantee);
   * ```
   */
  granteesOf({
    chainId,
    dataId,
    live,
  }: { chainId: bigint; dataId: string } & Omit<GrantListFilter, "at">): GrantRecord[] {
    return this.view.granteesOf({ chainId, dataId, live, at: this.#now(chainId) });
  }

  #follower(chainId: bigint): ChainFollower {
    const follower = this.#followers.get(chainId);
    if (follower === undefined) throw new UnknownChainError({ chainId });
    return follower;
  }

  /** The chain's confirmed block time; throws for an unknown or never-synced chain. */
  #now(chainId: bigint): bigint {
    return this.confirmedBlock({ chainId }).blockTimestamp;
  }
}
