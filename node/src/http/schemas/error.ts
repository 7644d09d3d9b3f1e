/**
 * The error answer's schema, shared by every route's 4xx/5xx responses (and the OpenAPI document).
 */
import { Type } from "typebox";

/**
 * `{ error: { code, message } }`.
 *
 * @example
 * ```ts
 * schema: { response: { 401: ErrorResponse } }
 * ```
 */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: "Stable machine-readable code, e.g. VALIDATION_FAILED" }),
        message: Type.String({ description: "One line for a person" }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: "Error" },
);

/**
 * Error responses every route can give (validation, body size, rate limit, internal), to spread into a route's
 * `response` schema.
 *
 * @example
 * ```ts
 * schema: { response: { 200: Ok, ...COMMON_ERRORS } }
 * ```
 */
export const COMMON_ERRORS = {
  400: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  429: ErrorResponse,
  500: ErrorResponse,
} as const;
