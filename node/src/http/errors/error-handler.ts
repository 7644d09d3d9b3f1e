/**
 * Two of the four hooks that give every error the JSON shape `{ error: { code, message } }`: the error handler
 * (thrown errors, validation, body limit, rate limit) and the not-found handler. The other two are fastify
 * constructor options, in `framework-errors.ts`.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

import { toErrorReply } from "./to-error-reply.ts";

/**
 * Registers the error and not-found handlers on the root instance. A 5xx is logged with its error (cause and stack
 * go to the log, never the body); a 4xx is logged at `info` without a stack.
 *
 * @example
 * ```ts
 * await app.register(errorHandlerPlugin);
 * ```
 */
export const errorHandlerPlugin = fp(
  async function errorHandler(app: FastifyInstance): Promise<void> {
    app.setErrorHandler(function handle(error, request, reply) {
      const { statusCode, body } = toErrorReply(error);
      if (statusCode >= 500) request.log.error({ err: error }, "request failed");
      else request.log.info({ code: body.error.code, statusCode }, "request refused");
      // A rate-limit answer keeps the headers the plugin set (Retry-After, X-RateLimit-*).
      return reply.code(statusCode).type("application/json; charset=utf-8").send(body);
    });
    app.setNotFoundHandler(function notFound(_request, reply) {
      return reply
        .code(404)
        .type("application/json; charset=utf-8")
        .send({ error: { code: "NOT_FOUND", message: "Route not found." } });
    });
  },
  { name: "idem-error-handler" },
);
