/**
 * Errors of the deletion path and of booting a node: both mean "do not serve yet".
 */
import { NodeError } from "../errors.ts";

/**
 * Some due deletions could not be carried out (they are retried at the next poll). `failures` names each dataId.
 *
 * @example
 * ```ts
 * try {
 *   await purgeChain(31337);
 * } catch (error) {
 *   if (error instanceof DeletionFailedError) logger.error({ failures: error.failures }, error.shortMessage);
 * }
 * ```
 */
export class DeletionFailedError extends NodeError {
  override name = "DeletionFailedError";
  /** `chainId/dataId` of each deletion that failed. */
  readonly failures: readonly string[];

  constructor({ failures, cause }: { failures: readonly string[]; cause?: unknown }) {
    super("Some due deletions could not be carried out.", { details: failures.join(", "), cause });
    this.failures = failures;
  }
}

/**
 * The node cannot serve yet: a chain could not be read, or a due deletion could not be carried out, before the
 * HTTP server would listen.
 *
 * @example
 * ```ts
 * try {
 *   await bootNode({ indexer });
 * } catch (error) {
 *   if (error instanceof BootError) process.exitCode = 1;
 * }
 * ```
 */
export class BootError extends NodeError {
  override name = "BootError";
}
