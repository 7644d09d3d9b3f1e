/**
 * Maps anything thrown while handling a request to the one error answer the node gives:
 * `{ error: { code, message } }` with a status. Client mistakes get their 4xx; everything else is a 500 with a
 * fixed message. No stack, no cause and no internal detail ever reaches the body.
 */
import { STATUS_CODES } from "node:http";

import { ChainUnavailableError, HttpError } from "../../errors.ts";

/**
 * The JSON body of every 4xx/5xx answer.
 *
 * @example
 * ```ts
 * const body: ErrorBody = { error: { code: "NOT_FOUND", message: "Route not found." } };
 * ```
 */
export type ErrorBody = { error: { code: string; message: string } };

/**
 * An error answer: status and body.
 *
 * @example
 * ```ts
 * const { statusCode, body } = toErrorReply(error);
 * ```
 */
export type ErrorReply = { statusCode: number; body: ErrorBody };

/** Fastify's own client-error codes, with the answer each gets (fixed messages: fastify's may echo input). */
const FASTIFY_CODES: Readonly<Record<string, { statusCode: number; code: string; message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { statusCode: 413, code: "BODY_TOO_LARGE", message: "The request body is too large." },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    statusCode: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "The request body's content type is not supported; send application/json.",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    statusCode: 400,
    code: "INVALID_CONTENT_LENGTH",
    message: "The Content-Length header does not match the body.",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    statusCode: 400,
    code: "EMPTY_BODY",
    message: "The request says it carries JSON but its body is empty.",
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    statusCode: 400,
    code: "MALFORMED_JSON",
    message: "The request body is not valid JSON.",
  },
  FST_ERR_BAD_URL: { statusCode: 400, code: "BAD_URL", message: "The request URL is malformed." },
  FST_ERR_MAX_PARAM_LENGTH: { statusCode: 414, code: "URI_TOO_LONG", message: "A path parameter is too long." },
  FST_ERR_ASYNC_CONSTRAINT: { statusCode: 400, code: "BAD_REQUEST", message: "The request cannot be routed." },
  FST_ERR_CTP_INVALID_TYPE: { statusCode: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "Invalid content type." },
};

/** A stable code for a bare 4xx status. */
const STATUS_TO_CODE: Readonly<Record<number, string>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  406: "NOT_ACCEPTABLE",
  408: "REQUEST_TIMEOUT",
  413: "BODY_TOO_LARGE",
  414: "URI_TOO_LONG",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
  431: "HEADERS_TOO_LARGE",
};

/**
 * The answer for `error`.
 *
 * @example
 * ```ts
 * toErrorReply(new UnauthenticatedError()); // { statusCode: 401, body: { error: { code: "UNAUTHENTICATED", … } } }
 * toErrorReply(new Error("boom"));          // { statusCode: 500, body: { error: { code: "INTERNAL_ERROR", … } } }
 * ```
 */
export function toErrorReply(error: unknown): ErrorReply {
  const reply = (statusCode: number, code: string, message: string): ErrorReply => ({
    statusCode,
    body: { error: { code, message } },
  });
  if (error instanceof HttpError) return reply(error.statusCode, error.code, error.shortMessage);
  if (error instanceof ChainUnavailableError) {
    return reply(503, "CHAIN_UNAVAILABLE", "A chain this node follows is unreachable; try again later.");
  }
  if (typeof error !== "object" || error === null) return internal();
  const { code, statusCode, validation, message } = error as {
    code?: unknown;
    statusCode?: unknown;
    validation?: unknown;
    message?: unknown;
  };
  if (Array.isArray(validation)) {
    return reply(400, "VALIDATION_FAILED", typeof message === "string" ? message : "The request is invalid.");
  }
  const known = typeof code === "string" ? FASTIFY_CODES[code] : undefined;
  if (known !== undefined) return reply(known.statusCode, known.code, known.message);
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    const fallback = STATUS_TO_CODE[statusCode] ?? "BAD_REQUEST";
    const text = statusCode === 429 ? "Too many requests; slow down." : `${STATUS_CODES[statusCode] ?? "Bad request"}.`;
    return reply(statusCode, fallback, text);
  }
  return internal();
}

/** The one answer for a failure of the node's own. */
function internal(): ErrorReply {
  return { statusCode: 500, body: { error: { code: "INTERNAL_ERROR", message: "Internal server error." } } };
}
