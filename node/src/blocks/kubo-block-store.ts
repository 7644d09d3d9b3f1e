/**
 * `BlockStore` over an operator's Kubo daemon, through its HTTP RPC API (`kubo-rpc-client`), for operators who
 * already run one.
 *
 * The daemon must be private to the Idem network, or it will publish what it stores: by default Kubo announces
 * every block it holds to the public DHT (reprovider) and asks the public network for blocks it lacks. Run it with
 * the network's `swarm.key`, `LIBP2P_FORCE_PNET=1`, an empty `Bootstrap` list and `Routing.Type = "none"` (or
 * `Provide.Enabled = false`). This module cannot enforce that; it does check every CID and every block Kubo
 * returns against the bytes, so a misbehaving daemon cannot swap content.
 */
import { create } from "kubo-rpc-client";
import type { KuboRPCClient } from "kubo-rpc-client";
import { equals } from "multiformats/bytes";
import type { CID } from "multiformats/cid";

import { DEFAULT_GET_TIMEOUT_MS, MAX_BLOCK_BYTES } from "./block-store.ts";
import type { BlockGetOptions, BlockStore } from "./block-store.ts";
import { BlockBackendError, BlockNotFoundError, BlockTooLargeError } from "./errors.ts";
import { assertRawCid, rawCid } from "./raw-cid.ts";

/**
 * Options of {@link createKuboBlockStore}.
 *
 * @example
 * ```ts
 * const options: KuboBlockStoreOptions = { url: "http://127.0.0.1:5001/api/v0" };
 * ```
 */
export type KuboBlockStoreOptions = {
  /** The daemon's RPC API, e.g. `http://127.0.0.1:5001/api/v0`. Never expose that API beyond the host. */
  url: string;
  /** Timeout of a `get` that gives none; {@link DEFAULT_GET_TIMEOUT_MS} unless given. */
  defaultTimeoutMs?: number;
  /** Timeout of `put`, `has` and `delete` calls to the daemon; 10 s unless given. */
  requestTimeoutMs?: number;
};

/**
 * Creates a `BlockStore` backed by a Kubo daemon.
 *
 * @example
 * ```ts
 * const blocks = createKuboBlockStore({ url: config.kubo.url });
 * const cid = await blocks.put(ciphertext);
 * ```
 */
export function createKuboBlockStore({
  url,
  defaultTimeoutMs = DEFAULT_GET_TIMEOUT_MS,
  requestTimeoutMs = 10_000,
}: KuboBlockStoreOptions): BlockStore {
  const kubo: KuboRPCClient = create({ url });
  const backendError = (action: string, cid: CID | string, cause: unknown): BlockBackendError =>
    new BlockBackendError(`Kubo could not ${action} block ${cid}.`, { cause });

  return {
    async put(bytes) {
      if (bytes.length > MAX_BLOCK_BYTES) throw new BlockTooLargeError({ size: bytes.length, limit: MAX_BLOCK_BYTES });
      const expected = await rawCid(bytes);
      let cid: CID;
      try {
        cid = await kubo.block.put(bytes, {
          format: "raw",
          mhtype: "sha2-256",
          version: 1,
          pin: false,
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
      } catch (cause) {
        throw backendError("store", expected, cause);
      }
      if (!cid.equals(expected)) {
        throw new BlockBackendError(`Kubo stored block ${expected} under another CID.`, {
          details: `Kubo answered ${cid}`,
        });
      }
      return expected;
    },

    async get(cid, { signal, timeoutMs = defaultTimeoutMs }: BlockGetOptions = {}) {
      assertRawCid(cid);
      signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
      let bytes: Uint8Array;
      try {
        // `timeout` also makes the daemon itself stop looking.
        bytes = await kubo.block.get(cid, { signal: combined, timeout: timeoutMs });
      } catch (cause) {
        if (signal?.aborted === true) throw signal.reason;
        if (timeout.aborted || isNotFound(cause)) {
          throw new BlockNotFoundError({ cid: cid.toString(), details: `Kubo had none within ${timeoutMs} ms`, cause });
        }
        throw backendError("read", cid, cause);
      }
      if (!equals((await rawCid(bytes)).multihash.bytes, cid.multihash.bytes)) {
        throw new BlockBackendError(`Kubo returned other bytes for block ${cid}.`);
      }
      return bytes;
    },

    async has(cid) {
      assertRawCid(cid);
      try {
        // `offline`: answer from the daemon's own repo, never ask the network.
        await kubo.block.stat(cid, offlineStat(requestTimeoutMs));
        return true;
      } catch (cause) {
        if (isNotFound(cause)) return false;
        throw backendError("look up", cid, cause);
      }
    },

    async delete(cid) {
      assertRawCid(cid);
      try {
        // `force`: a block that is not there is not an error.
        for await (const removed of kubo.block.rm(cid, {
          force: true,
          signal: AbortSignal.timeout(requestTimeoutMs),
        })) {
          if (removed.error !== undefined) throw removed.error;
        }
      } catch (cause) {
        throw backendError("delete", cid, cause);
      }
    },
  };
}

/**
 * Options for `block/stat` that keep Kubo offline. The client copies every option into the query string, but its
 * types do not list Kubo's global `offline` flag: a variable (not a literal) passes it without a cast.
 */
function offlineStat(timeoutMs: number): NonNullable<Parameters<KuboRPCClient["block"]["stat"]>[1]> {
  const options = { offline: true, signal: AbortSignal.timeout(timeoutMs) };
  return options;
}

/** Kubo answers a missing block with HTTP 500 and a message saying "not found" (offline) or a deadline error. */
function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    /not found|could not find|deadline exceeded|request timed out/i.test(error.message) || error.name === "TimeoutError"
  );
}
