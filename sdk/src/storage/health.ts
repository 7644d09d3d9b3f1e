/**
 * Check whether a node is up and serving.
 *
 * @module
 */
import { InvalidNodeResponseError, NodeHttpError, NodeUnreachableError } from "./errors.ts";
import type { RequestOptions } from "./node-request.ts";
import { isRecord, nodeRequest } from "./node-request.ts";
import { nodeBaseUrl } from "./node-url.ts";

/** How long a health check waits, unless the caller says otherwise: health checks should fail fast. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 3000;

/**
 * The outcome of one health check. A healthy node's `details` is its `/health` body (e.g.
 * `{ status: "ok", store: "ok" }`); an unhealthy one's `error` says why.
 *
 * @example
 * ```ts
 * const health: NodeHealth = await checkHealth({ nodeUrl });
 * if (!health.healthy) console.warn(health.error.shortMessage);
 * ```
 */
export type NodeHealth =
  | { nodeUrl: string; healthy: true; latencyMs: number; details: Record<string, unknown> }
  | {
      nodeUrl: string;
      healthy: false;
      latencyMs: number;
      error: NodeHttpError | NodeUnreachableError | InvalidNodeResponseError;
    };

/**
 * What {@link checkHealth} takes.
 *
 * @example
 * ```ts
 * const parameters: CheckHealthParameters = { nodeUrl: "https://node1.idem.example", timeoutMs: 1000 };
 * ```
 */
export type CheckHealthParameters = RequestOptions & {
  nodeUrl: string;
};

/**
 * Asks a node's `GET /health`. A node is healthy when it answers 200 with `status: "ok"` in time. A node's failure
 * is returned, not thrown, so lists of nodes can be checked without `try`.
 *
 * @throws {InvalidNodeUrlError} when `nodeUrl` is not usable (a mistake of the caller, not of the node).
 * @example
 * ```ts
 * const health = await checkHealth({ nodeUrl: "https://node1.idem.example" });
 * console.log(health.healthy ? `up (${health.latencyMs} ms)` : `down: ${health.error.shortMessage}`);
 * ```
 */
export async function checkHealth({
  nodeUrl,
  timeoutMs = DEFAULT_HEALTH_TIMEOUT_MS,
  signal,
}: CheckHealthParameters): Promise<NodeHealth> {
  const baseUrl = nodeBaseUrl(nodeUrl);
  const started = Date.now();
  const latency = () => Date.now() - started;
  try {
    const { body, url, status } = await nodeRequest({
      nodeUrl: baseUrl,
      method: "GET",
      path: "/health",
      timeoutMs,
      signal,
    });
    if (!isRecord(body) || body.status !== "ok") {
      const error = new InvalidNodeResponseError({ url, status, details: '`status` is not "ok"' });
      return { nodeUrl: baseUrl, healthy: false, latencyMs: latency(), error };
    }
    return { nodeUrl: baseUrl, healthy: true, latencyMs: latency(), details: body };
  } catch (error) {
    if (isNodeFailure(error)) return { nodeUrl: baseUrl, healthy: false, latencyMs: latency(), error };
    throw error;
  }
}

/** Whether `error` is a failure of the node (as opposed to the caller's abort or a bug). */
function isNodeFailure(error: unknown): error is NodeHttpError | NodeUnreachableError | InvalidNodeResponseError {
  return (
    error instanceof NodeHttpError || error instanceof NodeUnreachableError || error instanceof InvalidNodeResponseError
  );
}
