/**
 * Typed errors of the node's block storage (Helia or Kubo). Each extends the node's `NodeError` (itself the SDK's
 * `IdemError`). Messages name the CID, never block contents (blocks are ciphertext, but still user data).
 */
import { NodeError } from "../errors.ts";
import type { IdemErrorParameters } from "../../../sdk/src/errors.ts";

/**
 * Base class of every error a `BlockStore` raises on purpose.
 *
 * @example
 * ```ts
 * try {
 *   await blocks.get(cid);
 * } catch (error) {
 *   if (error instanceof BlockStoreError) console.error(error.shortMessage);
 * }
 * ```
 */
export class BlockStoreError extends NodeError {
  override name = "BlockStoreError";
}

/**
 * The block is not stored locally and no peer (or the Kubo daemon) delivered it within the timeout.
 *
 * @example
 * ```ts
 * try {
 *   await blocks.get(cid, { timeoutMs: 5_000 });
 * } catch (error) {
 *   if (error instanceof BlockNotFoundError) console.warn(`missing ${error.cid}`);
 * }
 * ```
 */
export class BlockNotFoundError extends BlockStoreError {
  override name = "BlockNotFoundError";
  /** The CID asked for, as a string. */
  readonly cid: string;

  constructor({ cid, details, cause }: { cid: string } & IdemErrorParameters) {
    super(`Block ${cid} was not found.`, { details, cause });
    this.cid = cid;
  }
}

/**
 * The CID is not one the node stores: only CIDv1, `raw` codec, sha2-256 (`bafkrei…`) is accepted.
 *
 * @example
 * ```ts
 * try {
 *   await blocks.get(CID.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"));
 * } catch (error) {
 *   if (error instanceof UnsupportedCidError) console.error(error.details);
 * }
 * ```
 */
export class UnsupportedCidError extends BlockStoreError {
  override name = "UnsupportedCidError";
  /** The CID refused, as a string. */
  readonly cid: string;

  constructor({ cid, details }: { cid: string; details: string }) {
    super(`Unsupported CID ${cid}.`, { details });
    this.cid = cid;
  }
}

/**
 * The block is larger than the network can replicate (`MAX_BLOCK_BYTES`, 1 MiB): split it first.
 *
 * @example
 * ```ts
 * try {
 *   await blocks.put(hugeEnvelope);
 * } catch (error) {
 *   if (error instanceof BlockTooLargeError) console.error(error.size, error.limit);
 * }
 * ```
 */
export class BlockTooLargeError extends BlockStoreError {
  override name = "BlockTooLargeError";
  /** Size of the block refused, in bytes. */
  readonly size: number;
  /** The limit, in bytes. */
  readonly limit: number;

  constructor({ size, limit }: { size: number; limit: number }) {
    super(`The block is too large: ${size} bytes.`, { details: `the limit is ${limit} bytes` });
    this.size = size;
    this.limit = limit;
  }
}

/**
 * The storage backend failed for a reason other than a missing block: a disk error, or a Kubo daemon that is down
 * or answered an error.
 *
 * @example
 * ```ts
 * try {
 *   await blocks.put(ciphertext);
 * } catch (error) {
 *   if (error instanceof BlockBackendError) console.error(error.shortMessage, error.cause);
 * }
 * ```
 */
export class BlockBackendError extends BlockStoreError {
  override name = "BlockBackendError";
}
