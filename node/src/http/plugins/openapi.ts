/**
 * `@fastify/swagger` setup: the OpenAPI document's header and the bearer security scheme. Registered before the
 * routes, which it collects as they are added.
 */
import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";

/**
 * Registers `@fastify/swagger` on `app`.
 *
 * @example
 * ```ts
 * await registerOpenApi(app, { publicUrl: config.http.publicUrl });
 * ```
 */
export async function registerOpenApi(app: FastifyInstance, { publicUrl }: { publicUrl: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Idem storage node",
        version: "1.0.0",
        description: "Stores ciphertext, enforces on-chain access grants, carries out deletions.",
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", description: "Session token from POST /v1/auth/session" },
        },
      },
    },
  });
}
