/**
 * The `Cache-Control: no-store` hook of the session routes: their answers carry a bearer token or who holds it,
 * which no cache (browser, proxy) may keep.
 */
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * Route-level `onSend` hook: sets `Cache-Control: no-store` on every answer of the route, errors included.
 *
 * @example
 * ```ts
 * app.get("/v1/auth/session", { onSend: noStore, … }, handler);
 * ```
 */
export async function noStore(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.header("cache-control", "no-store");
  return payload;
}
