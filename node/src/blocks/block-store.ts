/**
 * The one interface the node uses for ciphertext blocks, whatever holds them (Helia over the private libp2p
 * network, or an operator's Kubo daemon). Blocks are raw bytes addressed by CIDv1, `raw` codec, sha2-256
 * (`bafkrei…`): the same CID Kubo's `ipfs block put` gives.
 */
import type { CID } from "multiformats/cid";

/**
 * Largest block the node stores: 1 MiB. Kubo refuses bigger blocks without `--allow-big-block`, and bitswap (Helia's
 * and Kubo's) will not move a block over its 2 MiB message limit, so a bigger block could not be replicated.
 * Larger envelopes must be split into several blocks by the caller.
 */
export const MAX_BLOCK_BYTES = 1024 * 1024;

/** Default time a `get` may wait for peers (or Kubo) before failing with `BlockNotFoundError`. */
export const DEFAULT_GET_TIMEOUT_MS = 10_000;

/**
 * Options of {@link BlockStore.get}.
 *
 * @example
 * ```ts
 * const options: BlockGetOptions = { signal: request.signal, timeoutMs: 5_000 };
 * ```
 */
export type BlockGetOptions = {
  /** Aborts the get; the abort reason is thrown as is. */
  signal?: AbortSignal | undefined;
  /** How long to wait for a block that is not local; {@link DEFAULT_GET_TIMEOUT_MS} unless given. */
  timeoutMs?: number | undefined;
};

/**
 * Content-addressed storage of opaque (encrypted) blocks.
 *
 * @example
 * ```ts
 * const cid = await blocks.put(ciphertext);
 * const same = await blocks.get(cid, { timeoutMs: 5_000 });
 * await blocks.delete(cid);
 * ```
 */
export type BlockStore = {
  /**
   * Stores the bytes as one raw block and returns its CID (CIDv1, raw, sha2-256). Storing the same bytes twice is
   * harmless and returns the same CID.
   *
   * @throws {BlockTooLargeError} for more than {@link MAX_BLOCK_BYTES} bytes.
   */
  put(bytes: Uint8Array): Promise<CID>;
  /**
   * Returns the block's bytes: from local storage first, then from peers (or Kubo's own network), within
   * `timeoutMs`.
   *
   * @throws {BlockNotFoundError} when no copy arrives in time.
   * @throws {UnsupportedCidError} for a CID that is not CIDv1, raw, sha2-256.
   */
  get(cid: CID, options?: BlockGetOptions): Promise<Uint8Array>;
  /** Whether the block is stored locally. Never asks the network. */
  has(cid: CID): Promise<boolean>;
  /** Removes the local copy. Deleting a block that is not there is not an error. */
  delete(cid: CID): Promise<void>;
};
