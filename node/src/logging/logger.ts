/**
 * The node's pino logger. Requests are logged with their headers, minus anything that authenticates: the
 * Authorization header, cookies, and any field named `signature` or `token` are replaced by `[redacted]`.
 */
import { pino } from "pino";
import type { DestinationStream, Logger, LevelWithSilent } from "pino";

/**
 * Paths pino redacts in every log line.
 *
 * @example
 * ```ts
 * REDACT_PATHS.includes("req.headers.authorization"); // true
 * ```
 */
export const REDACT_PATHS: readonly string[] = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  "signature",
  "*.signature",
  "token",
  "*.token",
  "body.signature",
  "body.message",
];

/**
 * Creates the node's logger.
 *
 * @param destination - Where lines go (stdout by default; a stream in tests).
 * @example
 * ```ts
 * const logger = createLogger({ level: config.logLevel });
 * ```
 */
export function createLogger({
  level = "info",
  destination,
}: {
  level?: LevelWithSilent;
  destination?: DestinationStream;
} = {}): Logger {
  const options = {
    level,
    redact: { paths: [...REDACT_PATHS], censor: "[redacted]" },
    serializers: {
      req(request: { method: string; url: string; headers: Record<string, unknown>; ip?: string; id?: string }) {
        return { id: request.id, method: request.method, url: request.url, ip: request.ip, headers: request.headers };
      },
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
