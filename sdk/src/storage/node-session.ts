/**
 * The session a node opens at sign-in, and the checks on the node's session answers.
 *
 * @module
 */
import { getAddress, isAddress } from "ethers";

import { InvalidNodeResponseError } from "./errors.ts";
import { isRecord } from "./node-request.ts";

/**
 * A signed-in session on one node. `token` is a bearer secret: whoever holds it acts as `address` on that node
 * until `expiresAt`. Keep it out of logs and URLs; {@link signOut} ends it.
 *
 * @example
 * ```ts
 * const session: NodeSession = await signIn({ nodeUrl, signer, chainId: 1 });
 * console.log(`${session.address} signed in until ${session.expiresAt.toISOString()}`);
 * ```
 */
export type NodeSession = {
  /** The node the session is valid on (as given to `signIn`). */
  readonly nodeUrl: string;
  /** The bearer token. Secret. */
  readonly token: string;
  /** The signed-in address (an EOA or a smart account), checksummed. */
  readonly address: string;
  /** The chain the sign-in named. */
  readonly chainId: number;
  /** When the node stops accepting the token. */
  readonly expiresAt: Date;
};

/**
 * Who a session belongs to, as the node sees it (`GET /v1/auth/session`).
 *
 * @example
 * ```ts
 * const { address, chainId, expiresAt } = await whoami({ session });
 * ```
 */
export type SessionInfo = {
  /** Checksummed. */
  address: string;
  chainId: number;
  expiresAt: Date;
};

/**
 * Checks the node's `{ address, chainId, expiresAt }` answer.
 *
 * @throws {InvalidNodeResponseError} when a field is missing or mistyped.
 * @example
 * ```ts
 * const info = parseSessionInfo({ body, url, status });
 * ```
 */
export function parseSessionInfo({ body, url, status }: { body: unknown; url: string; status: number }): SessionInfo {
  const invalid = (details: string) => new InvalidNodeResponseError({ url, status, details });
  if (!isRecord(body)) throw invalid("the body is not a JSON object");
  const { address, chainId, expiresAt } = body;
  if (typeof address !== "string" || !isAddress(address)) throw invalid("`address` is not an address");
  if (typeof chainId !== "number" || !Number.isSafeInteger(chainId) || chainId <= 0) {
    throw invalid("`chainId` is not a positive integer");
  }
  const expires = typeof expiresAt === "string" ? new Date(expiresAt) : undefined;
  if (expires === undefined || Number.isNaN(expires.getTime())) throw invalid("`expiresAt` is not a date");
  return { address: getAddress(address), chainId, expiresAt: expires };
}
