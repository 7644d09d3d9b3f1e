/**
 * Typed errors of the chain reader (`sdk/src/chain/`): the grant view, the chain follower and the multi-chain
 * grant reader. Each extends {@link IdemError}; none carries a secret (the reader never touches one).
 *
 * @module
 */
import { IdemError } from "../errors.ts";

/**
 * The provider a follower was given serves another chain than the one its config names. Nothing is read or
 * applied: mixing two chains' events into one view would grant on the wrong chain.
 *
 * @example
 * ```ts
 * try {
 *   await follower.poll();
 * } catch (error) {
 *   if (error instanceof ChainIdMismatchError) console.error(`RPC serves ${error.actual}, expected ${error.expected}`);
 * }
 * ```
 */
export class ChainIdMismatchError extends IdemError {
  override name = "ChainIdMismatchError";
  /** The chain id in the follower's config. */
  readonly expected: bigint;
  /** The chain id the provider reports. */
  readonly actual: bigint;

  constructor({ expected, actual }: { expected: bigint; actual: bigint }) {
    super("The provider serves another chain than the one configured.", {
      details: `configured chain id ${expected}, provider reports ${actual}`,
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * A JSON-RPC call of a follower failed (network error, node error, malformed answer). The page being read is not
 * applied and the cursor stays where it was, so the next poll retries from the same block.
 *
 * @example
 * ```ts
 * try {
 *   await follower.poll();
 * } catch (error) {
 *   if (error instanceof ChainRpcError) logger.warn({ chainId: error.chainId, method: error.method }, error.shortMessage);
 * }
 * ```
 */
export class ChainRpcError extends IdemError {
  override name = "ChainRpcError";
  /** The chain whose RPC failed. */
  readonly chainId: bigint;
  /** What the follower was doing: `getNetwork`, `getBlockNumber`, `getLogs` or `getBlock`. */
  readonly method: string;

  constructor({
    chainId,
    method,
    details,
    cause,
  }: {
    chainId: bigint;
    method: string;
    details?: string;
    cause?: unknown;
  }) {
    super(`RPC call ${method} failed on chain ${chainId}.`, { details, cause });
    this.chainId = chainId;
    this.method = method;
  }
}

/**
 * Events were offered to the grant view out of order: at or before a block it has already applied, not sorted by
 * (blockNumber, logIndex), or past the block the batch claims to end at. The batch is refused as a whole.
 *
 * @example
 * ```ts
 * try {
 *   view.applyBlocks({ chainId, events, toBlock });
 * } catch (error) {
 *   if (error instanceof EventOrderError) console.error(error.details);
 * }
 * ```
 */
export class EventOrderError extends IdemError {
  override name = "EventOrderError";

  constructor({ details }: { details: string }) {
    super("Events are out of order.", { details });
  }
}

/**
 * A question about a chain the view has never synced: there is no confirmed block, hence no block time to
 * evaluate a grant at. Poll the chain's follower first.
 *
 * @example
 * ```ts
 * try {
 *   reader.isGranted({ chainId: 1n, owner, grantee, dataId });
 * } catch (error) {
 *   if (error instanceof ChainNotSyncedError) await reader.poll({ chainId: 1n });
 * }
 * ```
 */
export class ChainNotSyncedError extends IdemError {
  override name = "ChainNotSyncedError";
  /** The chain with no confirmed block yet. */
  readonly chainId: bigint;

  constructor({ chainId }: { chainId: bigint }) {
    super(`Chain ${chainId} has not been synced yet.`, {
      details: "no confirmed block is known; poll the chain's follower first",
    });
    this.chainId = chainId;
  }
}

/**
 * The grant reader was asked about a chain it does not follow.
 *
 * @example
 * ```ts
 * try {
 *   reader.isGranted({ chainId: 10n, owner, grantee, dataId });
 * } catch (error) {
 *   if (error instanceof UnknownChainError) console.error(`chain ${error.chainId} is not configured`);
 * }
 * ```
 */
export class UnknownChainError extends IdemError {
  override name = "UnknownChainError";
  /** The chain asked about. */
  readonly chainId: bigint;

  constructor({ chainId }: { chainId: bigint }) {
    super(`Chain ${chainId} is not followed.`);
    this.chainId = chainId;
  }
}

/**
 * A chain follower or grant reader config is unusable: a negative confirmation depth, a page size below one, a
 * malformed contract address, or two configs for the same chain.
 *
 * @example
 * ```ts
 * try {
 *   new ChainFollower({ config: { ...config, pageSize: 0n }, view });
 * } catch (error) {
 *   if (error instanceof InvalidChainConfigError) console.error(error.details);
 * }
 * ```
 */
export class InvalidChainConfigError extends IdemError {
  override name = "InvalidChainConfigError";

  constructor({ details }: { details: string }) {
    super("Invalid chain config.", { details });
  }
}

/**
 * The block the view last applied is no longer on the provider's chain: a reorg deeper than the confirmation
 * depth. The follower stops rather than serve from a state the chain no longer has; recovering (rewind and
 * rescan) is left to the operator. Raise the confirmation depth for this chain.
 *
 * @example
 * ```ts
 * try {
 *   await follower.poll();
 * } catch (error) {
 *   if (error instanceof ChainReorgError) alertOperator(error.chainId, error.blockNumber);
 * }
 * ```
 */
export class ChainReorgError extends IdemError {
  override name = "ChainReorgError";
  /** The chain that reorganized. */
  readonly chainId: bigint;
  /** The applied block whose hash changed. */
  readonly blockNumber: bigint;

  constructor({ chainId, blockNumber, details }: { chainId: bigint; blockNumber: bigint; details: string }) {
    super(`Chain ${chainId} reorganized below the confirmation depth at block ${blockNumber}.`, { details });
    this.chainId = chainId;
    this.blockNumber = blockNumber;
  }
}
