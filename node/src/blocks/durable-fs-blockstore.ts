/**
 * Helia's filesystem blockstore with durable writes. `blockstore-fs` writes a block to a temp file and renames it,
 * with no fsync: a block whose write was acknowledged could be lost, or left empty, by a power loss. This store
 * keeps its on-disk layout (same sharding, same `.data` files, so an existing `blocks/` directory reads as before)
 * and its reads, replaces `put` with {@link writeFileDurably} (a `put` resolves only once the block is on disk for
 * good) and fsyncs the directory after a `delete` (a purged block does not come back after a power loss). Every block Helia stores goes through here: the node's own writes and blocks fetched from
 * peers over bitswap.
 */
import { join } from "node:path";

import { FsBlockstore } from "blockstore-fs";
import { NextToLast } from "blockstore-fs/sharding";
import type { CID } from "multiformats/cid";

import { BlockBackendError } from "./errors.ts";
import { syncDirectory, systemDurableFs, writeFileDurably } from "./durable-write.ts";
import type { DurableFs } from "./durable-write.ts";

/**
 * Options of {@link DurableFsBlockstore}.
 *
 * @example
 * ```ts
 * const options: DurableFsBlockstoreOptions = { fs: systemDurableFs };
 * ```
 */
export type DurableFsBlockstoreOptions = {
  /** The file-system seam of the writes; `node:fs/promises` unless given. */
  fs?: DurableFs;
};

/**
 * A `blockstore-fs` `FsBlockstore` whose `put` and `delete` (and so `putMany`, `deleteMany`) are durable when they
 * resolve.
 *
 * @example
 * ```ts
 * const blockstore = new DurableFsBlockstore(join(dataDir, "blocks"));
 * await blockstore.open();
 * const helia = createHeliaLight({ blockstore, datastore, routers: [closedRouting()] });
 * ```
 */
export class DurableFsBlockstore extends FsBlockstore {
  readonly #sharding: NextToLast;
  readonly #fs: DurableFs;

  constructor(location: string, { fs = systemDurableFs }: DurableFsBlockstoreOptions = {}) {
    // blockstore-fs's default strategy, held here too so that `put` writes where `get` reads.
    const sharding = new NextToLast();
    super(location, { shardingStrategy: sharding });
    this.#sharding = sharding;
    this.#fs = fs;
  }

  /**
   * Stores the block durably (temp file, fsync, rename, fsync of the directory); resolves once it is.
   *
   * @throws {BlockBackendError} when the file system fails; nothing is left under the block's name then.
   */
  override async put(
    key: CID,
    value: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    options?: { signal?: AbortSignal },
  ): Promise<CID> {
    options?.signal?.throwIfAborted();
    const { dir, file } = this.#sharding.encode(key);
    try {
      await writeFileDurably({ path: join(this.path, dir, file), bytes: await concat(value), fs: this.#fs });
    } catch (cause) {
      throw new BlockBackendError(`Could not store block ${key} durably.`, { cause });
    }
    return key;
  }

  /**
   * Removes the block's file (a missing one is not an error) and fsyncs its directory.
   *
   * @throws {BlockBackendError} when the file system fails.
   */
  override async delete(key: CID, options?: { signal?: AbortSignal }): Promise<void> {
    await super.delete(key, options);
    const { dir } = this.#sharding.encode(key);
    try {
      await syncDirectory(this.#fs, join(this.path, dir));
    } catch (cause) {
      // A shard directory that was never created holds nothing to make durable.
      if ((cause as { code?: unknown }).code === "ENOENT") return;
      throw new BlockBackendError(`Could not delete block ${key} durably.`, { cause });
    }
  }
}

/** One array from a block given whole or in chunks. */
async function concat(value: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (value instanceof Uint8Array) return value;
  const parts: Uint8Array[] = [];
  for await (const part of value) parts.push(part);
  return Buffer.concat(parts);
}
