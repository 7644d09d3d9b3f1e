/**
 * `GET /metrics`: Prometheus text exposition of the app's registry. Not rate limited (scrapers call it often).
 */
import { Type } from "typebox";

import type { App, RouteContext } from "../types.ts";

/**
 * Registers `GET /metrics`.
 *
 * @example
 * ```ts
 * await app.register(metricsRoute, context);
 * ```
 */
export async function metricsRoute(app: App, { metrics }: RouteContext): Promise<void> {
  app.get(
    "/metrics",
    {
      config: { rateLimit: false },
      schema: {
        summary: "Prometheus metrics",
        tags: ["operations"],
        produces: ["text/plain"],
        response: { 200: Type.String({ description: "Prometheus text format 0.0.4" }) },
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
