/**
 * What the data routes need to know from the chains, as a small synchronous interface over the node's own indexed
 * view (never an RPC): who owns a dataId, whether a grant is live at the confirmed block time, whether deletion
 * was requested, and which block the view is at. {@link grantAccessFromReader} adapts the SDK's `GrantReader`
 * (or anything with its read methods, e.g. one over the node's SQLite grant view).
 */
import { ChainNotSyncedError, UnknownChainError } from "../../../sdk/src/chain/errors.ts";
import type { GrantReader } from "../../../sdk/src/chain/grant-reader.ts";
import { RecordRequestError } from "./errors.ts";

/**
 * The confirmed block a chain's view is at: grants are evaluated at its time, and audit rows record its number.
 *
 * @example
 * ```ts
 * const { blockNumber, blockTimestamp } = grants.confirmedBlock(31337);
 * ```
 */
export type ConfirmedBlock = { blockNumber: number; blockTimestamp: number };

/**
 * The node's indexed view of AccessGrants, per chain. Every method answers from memory or local disk.
 * Addresses may be given in any case; dataIds are `0x` + 64 hex.
 *
 * Each method throws a {@link RecordRequestError}: `CHAIN_UNSUPPORTED` (400) for a chain the view does not follow,
 * `CHAIN_NOT_SYNCED` (503) before the chain's first applied block.
 *
 * @example
 * ```ts
 * const owner = grants.ownerOf(31337, dataId);
 * if (owner !== undefined && grants.isGranted(31337, owner, caller, dataId)) serve();
 * ```
 */
export interface GrantAccess {
  /** The dataId's on-chain owner (checksummed) as of the confirmed block, or `undefined` if not anchored yet. */
  ownerOf(chainId: number, dataId: string): string | undefined;
  /** Whether `owner`'s grant of `dataId` to `grantee` is live at the confirmed block time. */
  isGranted(chainId: number, owner: string, grantee: string, dataId: string): boolean;
  /** Whether the owner requested deletion of `dataId` (due or not): no more writes are accepted. */
  isDeletionPending(chainId: number, dataId: string): boolean;
  /** The confirmed block the view is at. */
  confirmedBlock(chainId: number): ConfirmedBlock;
}

/**
 * The read methods of the SDK's `GrantReader` the adapter uses.
 *
 * @example
 * ```ts
 * const source: GrantReaderLike = new GrantReader({ chains, store });
 * ```
 */
export type GrantReaderLike = Pick<GrantReader, "ownerOf" | "isGranted" | "deletionEffectiveAt" | "confirmedBlock">;

/**
 * A {@link GrantAccess} over a `GrantReader`: chain ids become bigints, block numbers and times numbers, and the
 * reader's "unknown chain" / "not synced" errors become the node's `CHAIN_UNSUPPORTED` / `CHAIN_NOT_SYNCED`.
 *
 * @example
 * ```ts
 * const reader = new GrantReader({ chains: [{ chainId: 31337n, provider, accessGrants, confirmations: 2n, fromBlock: 0n, pageSize: 1000n }] });
 * await reader.pollAll();
 * const grants = grantAccessFromReader(reader);
 * const app = await buildApp({ config, store, chain, logger, blockStore, grants, nodeId });
 * ```
 */
export function grantAccessFromReader(reader: GrantReaderLike): GrantAccess {
  return {
    ownerOf: (chainId, dataId) => translate(() => reader.ownerOf({ chainId: BigInt(chainId), dataId })),
    isGranted: (chainId, owner, grantee, dataId) =>
      translate(() => reader.isGranted({ chainId: BigInt(chainId), owner, grantee, dataId })),
    isDeletionPending: (chainId, dataId) =>
      translate(() => reader.deletionEffectiveAt({ chainId: BigInt(chainId), dataId }) !== undefined),
    confirmedBlock: (chainId) =>
      translate(() => {
        const cursor = reader.confirmedBlock({ chainId: BigInt(chainId) });
        // Block numbers and times stay far below 2^53 on any real chain.
        return { blockNumber: Number(cursor.blockNumber), blockTimestamp: Number(cursor.blockTimestamp) };
      }),
  };
}

/** Runs `read`, turning the reader's chain errors into the node's answers. */
function translate<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownChainError) {
      throw new RecordRequestError("This node does not follow that chain.", {
        statusCode: 400,
        code: "CHAIN_UNSUPPORTED",
      });
    }
    if (error instanceof ChainNotSyncedError) {
      throw new RecordRequestError("This node has not synced that chain yet; try again later.", {
        statusCode: 503,
        code: "CHAIN_NOT_SYNCED",
      });
    }
    throw error;
  }
}
