/**
 * `GET /v1/auth/session`: who the caller is.
 */
import { ErrorResponse } from "../../../schemas/error.ts";
import { noStore } from "./no-store.ts";
import type { App } from "../../../types.ts";
import { SessionInfo } from "./schemas.ts";
import type { RequestSession } from "../../../plugins/auth.ts";

/**
 * Registers `GET /v1/auth/session` (authenticated).
 *
 * @example
 * ```ts
 * await app.register(getSessionRoute);
 * ```
 */
export async function getSessionRoute(app: App): Promise<void> {
  app.get(
    "/v1/auth/session",
    {
      onRequest: app.authenticate,
      onSend: noStore,
      schema: {
        summary: "The signed-in caller",
        tags: ["auth"],
        security: [{ bearerAuth: [] }],
        response: { 200: SessionInfo, 401: ErrorResponse, 429: ErrorResponse, 500: ErrorResponse },
      },
    },
    async (request) => {
      const session = request.session as RequestSession;
      return {
        address: session.address,
        chainId: session.chainId,
        expiresAt: new Date(session.expiresAt * 1000).toISOString(),
      };
    },
  );
}
