/**
 * `GET /v1/openapi.json`: the OpenAPI 3.1 document of every route, generated from the route schemas.
 */
import type { App } from "../../types.ts";

/**
 * Registers `GET /v1/openapi.json`. Must be registered after `@fastify/swagger`.
 *
 * @example
 * ```ts
 * await app.register(openApiRoute);
 * ```
 */
export async function openApiRoute(app: App): Promise<void> {
  app.get("/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
