/**
 * Ask a node who a session belongs to.
 *
 * @module
 */
import type { RequestOptions } from "./node-request.ts";
import { nodeRequest } from "./node-request.ts";
import type { NodeSession, SessionInfo } from "./node-session.ts";
import { parseSessionInfo } from "./node-session.ts";

/**
 * What {@link whoami} takes.
 *
 * @example
 * ```ts
 * const parameters: WhoamiParameters = { session, timeoutMs: 2000 };
 * ```
 */
export type WhoamiParameters = RequestOptions & {
  /** The session to ask about (from `signIn`). */
  session: Pick<NodeSession, "nodeUrl" | "token">;
};

/**
 * The session's address, chain and expiry as the node holds them (`GET /v1/auth/session`). A way to check that a
 * stored session still works.
 *
 * @throws {NodeHttpError} `401 UNAUTHENTICATED` when the session has expired or was signed out.
 * @throws {NodeUnreachableError} on a network failure or timeout.
 * @throws {InvalidNodeResponseError} when the answer is not what the API defines.
 * @example
 * ```ts
 * const { address, expiresAt } = await whoami({ session });
 * ```
 */
export async function whoami({ session, timeoutMs, signal }: WhoamiParameters): Promise<SessionInfo> {
  const answer = await nodeRequest({
    nodeUrl: session.nodeUrl,
    method: "GET",
    path: "/v1/auth/session",
    token: session.token,
    timeoutMs,
    signal,
  });
  return parseSessionInfo(answer);
}
