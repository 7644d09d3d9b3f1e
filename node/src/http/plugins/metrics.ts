/**
 * Prometheus metrics: the process's default metrics plus a request counter and a latency histogram, labelled by
 * route pattern (never the raw URL, so unknown paths cannot blow up the label set), method and status.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * One app's metrics, in a registry of its own (several apps in one process, as in tests, do not collide).
 *
 * @example
 * ```ts
 * const metrics = createMetrics();
 * await metrics.registry.metrics();
 * ```
 */
export type Metrics = {
  readonly registry: Registry;
  readonly requests: Counter<Label>;
  readonly duration: Histogram<Label>;
};

/** The labels of the HTTP metrics. */
type Label = "method" | "route" | "status_code";

/**
 * Creates the registry and the HTTP metrics.
 *
 * @example
 * ```ts
 * const metrics = createMetrics();
 * ```
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "idem_node_" });
  const labelNames = ["method", "route", "status_code"] as const;
  return {
    registry,
    requests: new Counter({
      name: "idem_node_http_requests_total",
      help: "HTTP requests answered, by route pattern, method and status",
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: "idem_node_http_request_duration_seconds",
      help: "Time to answer an HTTP request, by route pattern, method and status",
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

/**
 * Counts and times every answered request.
 *
 * @example
 * ```ts
 * await app.register(metricsPlugin, { metrics });
 * ```
 */
export const metricsPlugin = fp(
  async function metricsHooks(app: FastifyInstance, { metrics }: { metrics: Metrics }): Promise<void> {
    // prom-client hashes a label object on every call; the children of each (method, route, status) are looked
    // up once and kept. The set is bounded: methods Node's parser accepts, route patterns, status codes.
    const children = new Map<string, { requests: Counter.Internal; duration: Histogram.Internal<Label> }>();
    // A callback hook: it runs on every answer, and an async one costs each a promise.
    app.addHook("onResponse", (request, reply, done) => {
      const route = request.routeOptions.url ?? "(unmatched)";
      const key = `${request.method} ${reply.statusCode} ${route}`;
      let child = children.get(key);
      if (child === undefined) {
        const labels = { method: request.method, route, status_code: String(reply.statusCode) };
        child = { requests: metrics.requests.labels(labels), duration: metrics.duration.labels(labels) };
        children.set(key, child);
      }
      child.requests.inc();
      child.duration.observe(reply.elapsedTime / 1000);
      done();
    });
  },
  { name: "idem-metrics" },
);
