/**
 * `BlockStore` over a Helia node (see `startNetwork`): blocks live in its on-disk blockstore, and a block that is
 * not local is fetched from connected Idem peers over bitswap, within a timeout. Helia verifies every fetched block
 * against its CID before storing it.
 */
import type { Helia } from "helia";
import type { CID } from "multiformats/cid";

import { DEFAULT_GET_TIMEOUT_MS, MAX_BLOCK_BYTES } from "./block-store.ts";
import type { BlockGetOptions, BlockStore } from "./block-store.ts";
import { BlockBackendError, BlockNotFoundError, BlockTooLargeError } from "./errors.ts";
import { assertRawCid, rawCid } from "./raw-cid.ts";

/**
 * Options of {@link createHeliaBlockStore}.
 *
 * @example
 * ```ts
 * const options: HeliaBlockStoreOptions = { helia: network.helia, defaultTimeoutMs: 5_000 };
 * ```
 */
export type HeliaBlockStoreOptions = {
  /** A started Helia node, e.g. `network.helia`. */
  helia: Pick<Helia, "blockstore">;
  /** Timeout of a `get` that gives none; {@link DEFAULT_GET_TIMEOUT_MS} unless given. */
  defaultTimeoutMs?: number;
};

/**
 * Creates a `BlockStore` over a Helia node.
 *
 * @example
 * ```ts
 * const network = await startNetwork({ dataDir, privateKey, psk });
 * const blocks = createHeliaBlockStore({ helia: network.helia });
 * const cid = await blocks.put(ciphertext);
 * ```
 */
export function createHeliaBlockStore({
  helia,
  defaultTimeoutMs = DEFAULT_GET_TIMEOUT_MS,
}: HeliaBlockStoreOptions): BlockStore {
  const { blockstore } = helia;
  return {
    async put(bytes) {
      if (bytes.length > MAX_BLOCK_BYTES) throw new BlockTooLargeError({ size: bytes.length, limit: MAX_BLOCK_BYTES });
      const cid = await rawCid(bytes);
      try {
        await blockstore.put(cid, bytes);
      } catch (cause) {
        throw new BlockBackendError(`Could not store block ${cid}.`, { cause });
      }
      return cid;
    },

    async get(cid, { signal, timeoutMs = defaultTimeoutMs }: BlockGetOptions = {}) {
      assertRawCid(cid);
      signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
      try {
        return await collect(blockstore.get(cid, { signal: combined }));
      } catch (cause) {
        // The caller's own abort is theirs to handle; anything else (timeout, no peer had it) is "not found".
        if (signal?.aborted === true) throw signal.reason;
        throw new BlockNotFoundError({
          cid: cid.toString(),
          details: timeout.aborted ? `no peer delivered it within ${timeoutMs} ms` : undefined,
          cause,
        });
      }
    },

    async has(cid: CID) {
      assertRawCid(cid);
      return blockstore.has(cid);
    },

    async delete(cid: CID) {
      assertRawCid(cid);
      // blockstore-fs ignores a missing file, so a second delete is a no-op.
      try {
        await blockstore.delete(cid);
      } catch (cause) {
        throw new BlockBackendError(`Could not delete block ${cid}.`, { cause });
      }
    },
  };
}

/** Helia yields a block as chunks; joins them into one array. */
async function collect(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
  }
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
