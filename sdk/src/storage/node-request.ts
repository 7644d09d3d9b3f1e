/**
 * Internal: the one HTTP call of the storage client. JSON in and out, a timeout, the bearer token, and every
 * failure mapped to a typed error. Uses the global `fetch`, so it runs in browsers and in Node.
 *
 * @module
 */
import { InvalidNodeResponseError, NodeHttpError, NodeUnreachableError } from "./errors.ts";
import { nodeBaseUrl } from "./node-url.ts";

/** How long a request may take, headers and body, unless the caller says otherwise. */
export const DEFAULT_NODE_TIMEOUT_MS = 10_000;

/** Replaces the token in text that came from a node. */
const REDACTED = "[redacted]";

/**
 * Options every storage operation passes through to {@link nodeRequest}.
 *
 * @example
 * ```ts
 * await whoami({ session, timeoutMs: 2000, signal: controller.signal });
 * ```
 */
export type RequestOptions = {
  /** Milliseconds before the request is abandoned with `NodeUnreachableError` (`timedOut: true`). */
  timeoutMs?: number;
  /** Aborts the request; the caller's abort reason is thrown as is. */
  signal?: AbortSignal;
};

/**
 * What {@link nodeRequest} takes.
 *
 * @example
 * ```ts
 * const parameters: NodeRequestParameters = { nodeUrl, method: "GET", path: "/v1/auth/session", token };
 * ```
 */
export type NodeRequestParameters = RequestOptions & {
  nodeUrl: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Starts with `/`, e.g. `/v1/auth/nonce`. */
  path: string;
  /** Sent as JSON when present. */
  body?: unknown;
  /** Session token, sent as `Authorization: Bearer <token>`. */
  token?: string;
};

/**
 * A successful answer.
 *
 * @example
 * ```ts
 * const { status, body } = await nodeRequest({ nodeUrl, method: "POST", path: "/v1/auth/nonce" });
 * ```
 */
export type NodeResponse = {
  status: number;
  /** The request's URL. */
  url: string;
  /** The parsed JSON body; `undefined` when the answer has none (e.g. 204). */
  body: unknown;
};

/**
 * Sends one request to a node. Redirects are not followed (a redirect would carry the bearer token elsewhere); the
 * browser sends no cookies.
 *
 * @throws {NodeHttpError} on a status outside 2xx (with the node's error code when it sent one).
 * @throws {NodeUnreachableError} on a network failure or timeout.
 * @throws {InvalidNodeResponseError} when a 2xx answer is not JSON.
 * @throws {InvalidNodeUrlError} when `nodeUrl` is not usable.
 * @example
 * ```ts
 * const { body } = await nodeRequest({ nodeUrl, method: "GET", path: "/v1/auth/session", token: session.token });
 * ```
 */
export async function nodeRequest({
  nodeUrl,
  method,
  path,
  body,
  token,
  timeoutMs = DEFAULT_NODE_TIMEOUT_MS,
  signal,
}: NodeRequestParameters): Promise<NodeResponse> {
  const url = `${nodeBaseUrl(nodeUrl)}${path}`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);

  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      redirect: "manual",
      credentials: "omit",
      signal: combined,
    });
    // The timeout covers the body too: a node that sends headers and then stalls is unreachable as well.
    text = await response.text();
  } catch (error) {
    if (signal?.aborted === true) throw signal.reason;
    throw new NodeUnreachableError({ url, timedOut: timeout.aborted, cause: error });
  }

  if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
    throw new NodeHttpError({
      status: response.status,
      url,
      code: undefined,
      nodeMessage: "The node answered with a redirect, which the client does not follow.",
    });
  }
  if (!response.ok) {
    const error = errorBody(text);
    throw new NodeHttpError({
      status: response.status,
      url,
      code: error === undefined ? undefined : scrub(error.code, token),
      nodeMessage: error === undefined ? undefined : scrub(error.message, token),
    });
  }
  if (text === "") return { status: response.status, url, body: undefined };
  try {
    return { status: response.status, url, body: JSON.parse(text) as unknown };
  } catch {
    throw new InvalidNodeResponseError({ url, status: response.status, details: "the body is not JSON" });
  }
}

/** The node's `{ error: { code, message } }`, or `undefined` if the body is not that. */
function errorBody(text: string): { code: string; message: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || !isRecord(parsed.error)) return undefined;
  const { code, message } = parsed.error;
  if (typeof code !== "string" || typeof message !== "string") return undefined;
  return { code, message };
}

/** `text` with every occurrence of `secret` replaced: a node must not be able to echo the token into an error. */
function scrub(text: string, secret: string | undefined): string {
  return secret === undefined || secret === "" ? text : text.split(secret).join(REDACTED);
}

/**
 * Whether `value` is a plain JSON object.
 *
 * @example
 * ```ts
 * if (isRecord(body) && typeof body.token === "string") …
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
