/**
 * `DELETE /v1/auth/session`: logs out (the session's token stops working at once).
 */
import { Type } from "typebox";

import { ErrorResponse } from "../../../schemas/error.ts";
import type { App, RouteContext } from "../../../types.ts";
import type { RequestSession } from "../../../plugins/auth.ts";

/**
 * Registers `DELETE /v1/auth/session` (authenticated): 204, no body.
 *
 * @example
 * ```ts
 * await app.register(deleteSessionRoute, context);
 * ```
 */
export async function deleteSessionRoute(app: App, { store }: RouteContext): Promise<void> {
  app.delete(
    "/v1/auth/session",
    {
      onRequest: app.authenticate,
      schema: {
        summary: "Log out",
        tags: ["auth"],
        security: [{ bearerAuth: [] }],
        response: { 204: Type.Null(), 401: ErrorResponse, 429: ErrorResponse, 500: ErrorResponse },
      },
    },
    async (request, reply) => {
      store.sessions.remove((request.session as RequestSession).tokenHash);
      return reply.code(204).send(null);
    },
  );
}
