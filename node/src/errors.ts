/**
 * Typed errors of the Idem storage node, on the SDK's `IdemError` base: one subclass per failure.
 *
 * Rules every subclass follows (the SDK's, plus one):
 * - `shortMessage` is one line a client can read; `details` says more, for an operator.
 * - No secret ever goes into a message: no key, session token, signature or ciphertext. Messages name the field
 *   that was wrong, never a secret value.
 * - An error a client may see carries an HTTP `statusCode` and a stable machine-readable `code`: the error
 *   handler answers `{ error: { code, message: shortMessage } }` with that status and nothing else.
 */
import { IdemError } from "../../sdk/src/errors.ts";
import type { IdemErrorParameters } from "../../sdk/src/errors.ts";

/**
 * Base class of every error the node raises on purpose.
 *
 * @example
 * ```ts
 * try {
 *   loadConfig({ path });
 * } catch (error) {
 *   if (error instanceof NodeError) console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class NodeError extends IdemError {
  override name = "NodeError";
}

/**
 * The node's configuration (file or environment) is invalid. `issues` names each bad field, e.g.
 * `http.port: must be <= 65535` or `chains.0.rpcUrl (from the config file): must match format "uri"`.
 *
 * @example
 * ```ts
 * try {
 *   loadConfig({ path: "node.json", env: process.env });
 * } catch (error) {
 *   if (error instanceof ConfigError) for (const issue of error.issues) console.error(issue);
 * }
 * ```
 */
export class ConfigError extends NodeError {
  override name = "ConfigError";
  /** One line per bad field, each starting with the field's path. */
  readonly issues: readonly string[];

  constructor({ issues, cause }: { issues: readonly string[]; cause?: unknown }) {
    super("Invalid node configuration.", { details: issues.join("; "), cause });
    this.issues = issues;
  }
}

/**
 * The node's identity key file is missing, readable by others, or not a secp256k1 private key. The message names
 * the file and the problem, never the key.
 *
 * @example
 * ```ts
 * try {
 *   await loadIdentityKey({ path });
 * } catch (error) {
 *   if (error instanceof IdentityKeyError) console.error(error.message);
 * }
 * ```
 */
export class IdentityKeyError extends NodeError {
  override name = "IdentityKeyError";
}

/**
 * A write to the metadata store failed and was rolled back, or the store could not be opened or migrated.
 *
 * @example
 * ```ts
 * try {
 *   store.transaction(() => store.records.put(record));
 * } catch (error) {
 *   if (error instanceof StoreError) console.error(error.shortMessage);
 * }
 * ```
 */
export class StoreError extends NodeError {
  override name = "StoreError";
}

/**
 * A chain the node follows could not be reached or answered something unexpected.
 *
 * @example
 * ```ts
 * try {
 *   await gateway.isValidSignature({ chainId, address, hash, signature });
 * } catch (error) {
 *   if (error instanceof ChainUnavailableError) console.error(error.chainId);
 * }
 * ```
 */
export class ChainUnavailableError extends NodeError {
  override name = "ChainUnavailableError";
  /** The chain that failed. */
  readonly chainId: number;

  constructor({ chainId, details, cause }: { chainId: number } & IdemErrorParameters) {
    super(`Chain ${chainId} is unavailable.`, { details, cause });
    this.chainId = chainId;
  }
}

/** Parameters of an {@link HttpError}. */
export type HttpErrorParameters = IdemErrorParameters & {
  /** HTTP status of the answer (4xx for a client's mistake, 5xx for the node's). */
  statusCode: number;
  /** Stable, machine-readable code, SCREAMING_SNAKE_CASE. */
  code: string;
};

/**
 * An error the HTTP layer answers as `{ error: { code, message } }` with `statusCode`. `details` and `cause` are
 * logged, never sent.
 *
 * @example
 * ```ts
 * throw new HttpError("Route not found.", { statusCode: 404, code: "NOT_FOUND" });
 * ```
 */
export class HttpError extends NodeError {
  override name = "HttpError";
  /** HTTP status of the answer. */
  readonly statusCode: number;
  /** Stable, machine-readable code. */
  readonly code: string;

  constructor(shortMessage: string, { statusCode, code, details, cause }: HttpErrorParameters) {
    super(shortMessage, { details, cause });
    this.statusCode = statusCode;
    this.code = code;
  }
}

/**
 * The request carries no valid session: no `Authorization: Bearer` header, an unknown token, or an expired one.
 *
 * @example
 * ```ts
 * if (session === undefined) throw new UnauthenticatedError();
 * ```
 */
export class UnauthenticatedError extends HttpError {
  override name = "UnauthenticatedError";

  constructor({ details }: { details?: string } = {}) {
    super("Authentication required.", { statusCode: 401, code: "UNAUTHENTICATED", details });
  }
}

/**
 * A Sign-In with Ethereum attempt was refused. `code` says why (`SIWE_DOMAIN_MISMATCH`, `SIWE_NONCE_USED`, …);
 * a message that cannot be parsed is a 400, every other refusal a 401.
 *
 * @example
 * ```ts
 * throw new SiweRejectedError("The nonce was already used.", { code: "SIWE_NONCE_USED" });
 * ```
 */
export class SiweRejectedError extends HttpError {
  override name = "SiweRejectedError";

  constructor(
    shortMessage: string,
    { code, statusCode = 401, details }: { code: string; statusCode?: number; details?: string },
  ) {
    super(shortMessage, { statusCode, code, details });
  }
}
