/**
 * The two error hooks that are fastify constructor options: `frameworkErrors` (errors fastify raises before a
 * route runs, e.g. a malformed URL or a too-long parameter) and `clientErrorHandler` (what Node's HTTP parser
 * rejects before fastify sees a request: bad syntax, oversized headers, timeouts). Both answer the node's JSON
 * error shape.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

import type { FastifyReply, FastifyRequest } from "fastify";

import { toErrorReply } from "./to-error-reply.ts";

/**
 * `frameworkErrors` option: answers fastify's routing errors with the JSON error shape.
 *
 * @example
 * ```ts
 * Fastify({ frameworkErrors });
 * ```
 */
export function frameworkErrors(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const { statusCode, body } = toErrorReply(error);
  request.log.info({ code: body.error.code, statusCode }, "request refused by the framework");
  void reply.code(statusCode).type("application/json; charset=utf-8").send(body);
}

/** Node's parser error codes, and the status each is answered with. */
const PARSER_STATUS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_HEADERS_TIMEOUT: 408,
};

/**
 * `clientErrorHandler` option: writes a JSON error answer on the raw socket (if it is still writable) and closes
 * it. A reset connection is just closed.
 *
 * @example
 * ```ts
 * Fastify({ clientErrorHandler });
 * ```
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const statusCode = PARSER_STATUS[error.code ?? ""] ?? 400;
  const { body } = toErrorReply({ statusCode });
  const payload = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(payload)}\r\n` +
      "Connection: close\r\n\r\n" +
      payload,
  );
}
