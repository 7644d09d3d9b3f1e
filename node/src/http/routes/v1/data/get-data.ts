/**
 * `GET /v1/data/:chainId/:dataId`: the owner, or a live grantee (only its own wrapped key; the read is logged).
 */
import type { Static } from "typebox";

import { auditRead } from "../../../../records/audit-read.ts";
import { authorizeRead } from "../../../../records/authorize-read.ts";
import { getRecord } from "../../../../records/get-record.ts";
import { COMMON_ERRORS, ErrorResponse } from "../../../schemas/error.ts";
import type { App, DataRouteContext } from "../../../types.ts";
import { requestTarget } from "./request-target.ts";
import { createServedBodies, servedBody } from "./served-bodies.ts";
import { DataParams, GetDataResponse } from "./schemas.ts";

/**
 * Registers `GET /v1/data/:chainId/:dataId` (authenticated). No chain RPC: the grant comes from the node's indexed
 * view at its confirmed block time, the record from SQLite, the envelope from the local block store. The answer's
 * bytes are kept per caller while the record and its slots are unchanged (`served-bodies.ts`); the grant check
 * and the audit row are never skipped.
 *
 * @example
 * ```ts
 * await app.register(getDataRoute, context);
 * ```
 */
export async function getDataRoute(app: App, context: DataRouteContext): Promise<void> {
  const { records } = context;
  const bodies = createServedBodies();
  app.get(
    "/v1/data/:chainId/:dataId",
    {
      onRequest: app.authenticate,
      schema: {
        summary: "Read an envelope (owner, or live grantee: its own slot only)",
        tags: ["data"],
        security: [{ bearerAuth: [] }],
        params: DataParams,
        response: {
          200: GetDataResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          503: ErrorResponse,
          ...COMMON_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const { chainId, caller } = requestTarget(context, request, request.params.chainId);
      const dataId = request.params.dataId.toLowerCase();
      const target = { chainId, dataId, caller };
      // Read in the same turn as the record below, so a kept body is exactly what was read at this generation.
      const generation = records.store.servedGeneration();
      const key = `${chainId} ${dataId} ${caller}`;
      const kept = generation === undefined ? undefined : bodies.get(key, generation);
      let body: Buffer;
      if (kept === undefined) {
        const served = await getRecord(records, target);
        body = servedBody(served);
        if (generation !== undefined) bodies.set(key, { owner: served.owner, body, generation });
      } else {
        // The same checks as `getRecord`, every time: the live grant, then the durable audit row.
        if (authorizeRead(records, { ...target, owner: kept.owner }) === "grantee") {
          await auditRead(records, { ...target, owner: kept.owner });
        }
        body = kept.body;
      }
      // Bytes with their type: fastify sends a Buffer as it is, unserialized. They are a `GetDataResponse` (the 200
      // schema above documents them), which the type provider cannot know of bytes.
      return reply.type("application/json; charset=utf-8").send(body as unknown as Static<typeof GetDataResponse>);
    },
  );
}
