/**
 * SDK errors of the storage client's data operations that are the caller's mistake, found before any request.
 *
 * @module
 */
import { IdemError } from "../errors.ts";

/**
 * A data operation's parameters are unusable before any request is made: a quorum larger than the number of nodes
 * (or not a positive integer), the same node twice, a session signed in on another chain, a malformed `dataId`,
 * an envelope whose header names another chain or dataId, or a reader key without a grantee. The message names
 * the problem, never a secret.
 *
 * @example
 * ```ts
 * try {
 *   await putEnvelope({ sessions: [session], chainId: 1, dataId, envelope, quorum: 2 });
 * } catch (error) {
 *   if (error instanceof InvalidStorageParametersError) console.error(error.details); // "quorum 2 is more than the 1 node given"
 * }
 * ```
 */
export class InvalidStorageParametersError extends IdemError {
  override name = "InvalidStorageParametersError";

  constructor({ details }: { details: string }) {
    super("Invalid storage parameters.", { details });
  }
}
