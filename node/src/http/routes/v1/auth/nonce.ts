/**
 * `POST /v1/auth/nonce`: issues a single-use SIWE nonce, stored with its expiry. The request has no body.
 */
import { newSiweNonce } from "../../../../auth/tokens.ts";
import { unixSeconds } from "../../../../clock.ts";
import { COMMON_ERRORS } from "../../../schemas/error.ts";
import type { App, RouteContext } from "../../../types.ts";
import { NonceResponse } from "./schemas.ts";

/**
 * Registers `POST /v1/auth/nonce`. Expired nonces are swept on each issue, so the table stays small.
 *
 * @example
 * ```ts
 * await app.register(nonceRoute, context);
 * ```
 */
export async function nonceRoute(app: App, { config, store, clock, binding }: RouteContext): Promise<void> {
  app.post(
    "/v1/auth/nonce",
    {
      schema: {
        summary: "Issue a sign-in nonce",
        tags: ["auth"],
        response: { 201: NonceResponse, ...COMMON_ERRORS },
      },
    },
    async (_request, reply) => {
      const now = unixSeconds(clock);
      const nonce = newSiweNonce();
      const expiresAt = now + config.auth.nonceTtlSeconds;
      store.transaction(() => {
        store.siweNonces.deleteExpired(now);
        store.siweNonces.insert({ nonce, issuedAt: now, expiresAt });
      });
      return reply.code(201).send({
        nonce,
        issuedAt: new Date(now * 1000).toISOString(),
        expiresAt: new Date(expiresAt * 1000).toISOString(),
        domain: binding.domain,
        uri: binding.origin,
        chainIds: [...binding.chainIds],
      });
    },
  );
}
