/**
 * End a session on its node.
 *
 * @module
 */
import type { RequestOptions } from "./node-request.ts";
import { nodeRequest } from "./node-request.ts";
import type { NodeSession } from "./node-session.ts";

/**
 * What {@link signOut} takes.
 *
 * @example
 * ```ts
 * const parameters: SignOutParameters = { session };
 * ```
 */
export type SignOutParameters = RequestOptions & {
  /** The session to end (from `signIn`). */
  session: Pick<NodeSession, "nodeUrl" | "token">;
};

/**
 * Ends the session (`DELETE /v1/auth/session`): its token stops working on the node at once. Forget the session
 * object afterwards.
 *
 * @throws {NodeHttpError} `401 UNAUTHENTICATED` when the session had already ended.
 * @throws {NodeUnreachableError} on a network failure or timeout (the session may still be live).
 * @example
 * ```ts
 * await signOut({ session });
 * ```
 */
export async function signOut({ session, timeoutMs, signal }: SignOutParameters): Promise<void> {
  await nodeRequest({
    nodeUrl: session.nodeUrl,
    method: "DELETE",
    path: "/v1/auth/session",
    token: session.token,
    timeoutMs,
    signal,
  });
}
