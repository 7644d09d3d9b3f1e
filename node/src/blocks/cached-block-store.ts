/**
 * An in-memory LRU in front of a `BlockStore`, bounded by bytes. Blocks are content-addressed (the CID is the
 * sha2-256 of the bytes) and immutable, so a cached copy can never be stale; the only way a block stops being
 * served is `delete`, which evicts it here as well as deleting it from the inner store.
 *
 * The cache holds its own copies: bytes given to `put` are copied in, bytes returned by `get` are copied out, so no
 * caller can alter what is served to the next one.
 */
import type { CID } from "multiformats/cid";

import type { BlockGetOptions, BlockStore } from "./block-store.ts";

/** Default cache size: 64 MiB of block bytes. */
export const DEFAULT_BLOCK_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Options of {@link createCachedBlockStore}.
 *
 * @example
 * ```ts
 * const options: CachedBlockStoreOptions = { maxBytes: 32 * 1024 * 1024 };
 * ```
 */
export type CachedBlockStoreOptions = {
  /** Most block bytes held in memory; {@link DEFAULT_BLOCK_CACHE_BYTES} unless given. 0 caches nothing. */
  maxBytes?: number;
};

/**
 * A `BlockStore` with a cache, plus a local-only read for the read path.
 *
 * @example
 * ```ts
 * const blocks = createCachedBlockStore(createHeliaBlockStore({ helia }));
 * const bytes = await blocks.getIfLocal(cid); // undefined: not on this node (never asks peers)
 * ```
 */
export type CachedBlockStore = BlockStore & {
  /**
   * The block's bytes if this node holds it (from memory, else from the inner store's local copy), `undefined`
   * otherwise. Never asks the network for a block the inner store does not hold.
   */
  getIfLocal(cid: CID): Promise<Uint8Array | undefined>;
  /** Bytes currently cached. */
  readonly cachedBytes: number;
  /** Blocks currently cached. */
  readonly cachedBlocks: number;
};

/**
 * Wraps `inner` with an LRU of at most `maxBytes` block bytes (a block bigger than that is never cached).
 *
 * @throws {RangeError} for a negative or non-finite `maxBytes`.
 * @example
 * ```ts
 * const blockStore = createCachedBlockStore(createHeliaBlockStore({ helia: network.helia }), { maxBytes: 64 * 1024 * 1024 });
 * ```
 */
export function createCachedBlockStore(
  inner: BlockStore,
  { maxBytes = DEFAULT_BLOCK_CACHE_BYTES }: CachedBlockStoreOptions = {},
): CachedBlockStore {
  if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be ≥ 0, got ${maxBytes}`);
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used entry first.
  const cache = new Map<string, Uint8Array>();
  let bytes = 0;
  // Bumped by every delete: a read or put that started before a delete must not re-cache what it removed.
  let deletions = 0;

  const lookup = (key: string): Uint8Array | undefined => {
    const hit = cache.get(key);
    if (hit === undefined) return undefined;
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  };

  const evict = (key: string): void => {
    const held = cache.get(key);
    if (held === undefined) return;
    cache.delete(key);
    bytes -= held.length;
  };

  const remember = (key: string, block: Uint8Array, deletionsAtStart: number): void => {
    if (deletions !== deletionsAtStart || block.length > maxBytes) return;
    evict(key);
    cache.set(key, block.slice());
    bytes += block.length;
    for (const [oldest, held] of cache) {
      if (bytes <= maxBytes) break;
      cache.delete(oldest);
      bytes -= held.length;
    }
  };

  return {
    async put(block) {
      const started = deletions;
      const cid = await inner.put(block);
      remember(cid.toString(), block, started);
      return cid;
    },

    async get(cid, options?: BlockGetOptions) {
      const key = cid.toString();
      const hit = lookup(key);
      if (hit !== undefined) return hit.slice();
      const started = deletions;
      const block = await inner.get(cid, options);
      remember(key, block, started);
      return block;
    },

    async getIfLocal(cid) {
      const key = cid.toString();
      const hit = lookup(key);
      if (hit !== undefined) return hit.slice();
      const started = deletions;
      if (!(await inner.has(cid))) return undefined;
      const block = await inner.get(cid);
      remember(key, block, started);
      return block;
    },

    async has(cid) {
      if (cache.has(cid.toString())) return true;
      return inner.has(cid);
    },

    async delete(cid) {
      const key = cid.toString();
      deletions += 1;
      evict(key);
      try {
        await inner.delete(cid);
      } finally {
        deletions += 1;
        evict(key);
      }
    },

    get cachedBytes() {
      return bytes;
    },
    get cachedBlocks() {
      return cache.size;
    },
  };
}
