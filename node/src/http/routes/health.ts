/**
 * `GET /health`: liveness plus a trivial query on the metadata store. Not rate limited (probes call it often).
 */
import { Type } from "typebox";

import { HttpError } from "../../errors.ts";
import { ErrorResponse } from "../schemas/error.ts";
import type { App, RouteContext } from "../types.ts";

/** `200` body of `/health`. */
const Healthy = Type.Object({ status: Type.Literal("ok"), store: Type.Literal("ok") }, { additionalProperties: false });

/**
 * Registers `GET /health`: 200 `{ status: "ok", store: "ok" }`, or 503 `STORE_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * await app.register(healthRoute, context);
 * ```
 */
export async function healthRoute(app: App, { store }: RouteContext): Promise<void> {
  app.get(
    "/health",
    {
      config: { rateLimit: false },
      schema: {
        summary: "Liveness and store check",
        tags: ["operations"],
        response: { 200: Healthy, 503: ErrorResponse },
      },
    },
    async () => {
      if (!store.ping()) {
        throw new HttpError("The metadata store is not answering.", { statusCode: 503, code: "STORE_UNAVAILABLE" });
      }
      return { status: "ok" as const, store: "ok" as const };
    },
  );
}
