/**
 * Internal: one request to several nodes. Writes need a quorum of acknowledgements; reads need one node that
 * answers, and decide which failure to report when none does.
 *
 * @module
 */
import { IdemError } from "../errors.ts";
import type { NodeFailure } from "./errors.ts";
import { NoHealthyNodeError, NodeHttpError, NodeUnreachableError, WriteQuorumError } from "./errors.ts";
import { InvalidStorageParametersError } from "./data-errors.ts";
import type { DataSession } from "./data-target.ts";
import { nodeBaseUrl } from "./node-url.ts";

/**
 * Checks that `quorum` is a positive integer no larger than the number of nodes.
 *
 * @throws {InvalidStorageParametersError} otherwise.
 * @example
 * ```ts
 * checkQuorum({ quorum: 2, nodes: sessions.length });
 * ```
 */
export function checkQuorum({ quorum, nodes }: { quorum: number; nodes: number }): void {
  if (!Number.isSafeInteger(quorum) || quorum < 1) {
    throw new InvalidStorageParametersError({ details: "`quorum` must be a positive integer" });
  }
  if (quorum > nodes) {
    throw new InvalidStorageParametersError({
      details: `quorum ${quorum} is more than the ${nodes} node${nodes === 1 ? "" : "s"} given`,
    });
  }
}

/**
 * Sends `write` to every session's node at once and waits for every answer (each bounded by its request
 * timeout), so that the result names every node that holds the write. A node failure (an `IdemError`) is
 * collected; anything else (the caller's abort, a bug) is thrown as is.
 *
 * @throws {WriteQuorumError} when fewer than `quorum` nodes acknowledged.
 * @example
 * ```ts
 * const { results, stored, failures } = await writeQuorum({ sessions, quorum: 2, write: (session) => put(session) });
 * ```
 */
export async function writeQuorum<T>({
  sessions,
  quorum,
  write,
  signal,
}: {
  sessions: readonly DataSession[];
  quorum: number;
  write: (session: DataSession) => Promise<T>;
  signal?: AbortSignal | undefined;
}): Promise<{ results: T[]; stored: string[]; failures: NodeFailure[] }> {
  const settled = await Promise.allSettled(sessions.map((session) => write(session)));
  signal?.throwIfAborted();
  const results: T[] = [];
  const stored: string[] = [];
  const failures: NodeFailure[] = [];
  settled.forEach((outcome, index) => {
    const nodeUrl = nodeBaseUrl(sessions[index]!.nodeUrl);
    if (outcome.status === "fulfilled") {
      results.push(outcome.value);
      stored.push(nodeUrl);
    } else if (outcome.reason instanceof IdemError) {
      failures.push({ nodeUrl, error: outcome.reason });
    } else {
      throw outcome.reason;
    }
  });
  if (stored.length < quorum) throw new WriteQuorumError({ needed: quorum, succeeded: stored, failures });
  return { results, stored, failures };
}

/** Whether `error` is a node's authoritative "no": 403 (not the owner or a live grantee) or 404 (no record). */
function isRefusal(error: IdemError): error is NodeHttpError {
  return error instanceof NodeHttpError && (error.status === 403 || error.status === 404);
}

/**
 * The error a read reports when no node served it:
 * - no node could be reached: `NoHealthyNodeError` with every node's failure;
 * - every node that answered refused with 403 or 404: the first of those refusals (a "no" counts only when no
 *   reachable node says otherwise: a node may lag behind the chain or miss a replica);
 * - otherwise: the first failure of a reachable node that was not a refusal (a 5xx, an invalid answer…): the
 *   data may exist, but that node could not serve it.
 *
 * @example
 * ```ts
 * throw readFailure(failures);
 * ```
 */
export function readFailure(failures: readonly NodeFailure[]): IdemError {
  const reachable = failures.filter(({ error }) => !(error instanceof NodeUnreachableError));
  if (reachable.length === 0) return new NoHealthyNodeError({ failures });
  const other = reachable.find(({ error }) => !isRefusal(error));
  return (other ?? reachable[0]!).error;
}

/**
 * Asks every session's node at once and keeps every answer: for reads that merge what several nodes know (the
 * list of records, the audit trail).
 *
 * @throws the {@link readFailure} of the failures when no node answered.
 * @example
 * ```ts
 * const { answers, failures } = await readAll({ sessions, read: (session) => list(session) });
 * ```
 */
export async function readAll<T>({
  sessions,
  read,
  signal,
}: {
  sessions: readonly DataSession[];
  read: (session: DataSession) => Promise<T>;
  signal?: AbortSignal | undefined;
}): Promise<{ answers: { nodeUrl: string; value: T }[]; failures: NodeFailure[] }> {
  const settled = await Promise.allSettled(sessions.map((session) => read(session)));
  signal?.throwIfAborted();
  const answers: { nodeUrl: string; value: T }[] = [];
  const failures: NodeFailure[] = [];
  settled.forEach((outcome, index) => {
    const nodeUrl = nodeBaseUrl(sessions[index]!.nodeUrl);
    if (outcome.status === "fulfilled") answers.push({ nodeUrl, value: outcome.value });
    else if (outcome.reason instanceof IdemError) failures.push({ nodeUrl, error: outcome.reason });
    else throw outcome.reason;
  });
  if (answers.length === 0) throw readFailure(failures);
  return { answers, failures };
}
