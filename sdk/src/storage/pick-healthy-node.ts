/**
 * Pick a node to read from: the first healthy one of a list.
 *
 * @module
 */
import type { NodeFailure } from "./errors.ts";
import { NoHealthyNodeError } from "./errors.ts";
import type { NodeHealth } from "./health.ts";
import { DEFAULT_HEALTH_TIMEOUT_MS, checkHealth } from "./health.ts";
import type { RequestOptions } from "./node-request.ts";
import { nodeBaseUrl } from "./node-url.ts";

/**
 * What {@link pickHealthyNode} takes.
 *
 * @example
 * ```ts
 * const parameters: PickHealthyNodeParameters = { nodeUrls: ["https://node1.idem.example"], timeoutMs: 2000 };
 * ```
 */
export type PickHealthyNodeParameters = RequestOptions & {
  /** Candidate nodes, most preferred first. */
  nodeUrls: readonly string[];
};

/**
 * A healthy node: its URL (without a trailing slash), how long its health check took, and its `/health` body.
 *
 * @example
 * ```ts
 * const { nodeUrl, latencyMs }: HealthyNode = await pickHealthyNode({ nodeUrls });
 * ```
 */
export type HealthyNode = Extract<NodeHealth, { healthy: true }>;

/**
 * Checks every node's `/health` at once, each with `timeoutMs`, and returns the first healthy node in the order
 * given (a healthy node is returned as soon as every node listed before it has failed; checks still running are
 * then cancelled). The whole call takes at most about `timeoutMs`.
 *
 * @throws {NoHealthyNodeError} when no node is healthy (or the list is empty), with each node's failure.
 * @throws {InvalidNodeUrlError} when a URL in the list is not usable.
 * @example
 * ```ts
 * const { nodeUrl } = await pickHealthyNode({
 *   nodeUrls: ["https://node1.idem.example", "https://node2.idem.example"],
 * });
 * const session = await signIn({ nodeUrl, signer, chainId: 1 });
 * ```
 */
export async function pickHealthyNode({
  nodeUrls,
  timeoutMs = DEFAULT_HEALTH_TIMEOUT_MS,
  signal,
}: PickHealthyNodeParameters): Promise<HealthyNode> {
  // Every URL is checked up front, so a typo fails the call rather than counting as an unhealthy node.
  for (const nodeUrl of nodeUrls) nodeBaseUrl(nodeUrl);
  signal?.throwIfAborted();
  const cancel = new AbortController();
  const combined = signal === undefined ? cancel.signal : AbortSignal.any([signal, cancel.signal]);
  // Each check settles to a result or to the abort that ended it (a check cancelled below is never read).
  const checks: Promise<NodeHealth | { aborted: unknown }>[] = nodeUrls.map((nodeUrl) =>
    checkHealth({ nodeUrl, timeoutMs, signal: combined }).catch((reason: unknown) => ({ aborted: reason })),
  );
  const failures: NodeFailure[] = [];
  try {
    for (const check of checks) {
      const result = await check;
      if ("aborted" in result) throw result.aborted;
      if (result.healthy) return result;
      failures.push({ nodeUrl: result.nodeUrl, error: result.error });
    }
  } finally {
    cancel.abort();
  }
  throw new NoHealthyNodeError({ failures });
}
