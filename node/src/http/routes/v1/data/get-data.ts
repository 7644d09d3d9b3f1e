/**
 * `GET /v1/data/:chainId/:dataId`: the owner, or a live grantee (only its own wrapped key; the read is logged).
 */
import { getRecord } from "../../../../records/get-record.ts";
import { COMMON_ERRORS, ErrorResponse } from "../../../schemas/error.ts";
import type { App, DataRouteContext } from "../../../types.ts";
import { requestTarget, toBase64 } from "./request-target.ts";
import { DataParams, GetDataResponse } from "./schemas.ts";

/**
 * Registers `GET /v1/data/:chainId/:dataId` (authenticated). No chain RPC: the grant comes from the node's indexed
 * view at its confirmed block time, the record from SQLite, the envelope from the local block store.
 *
 * @example
 * ```ts
 * await app.register(getDataRoute, context);
 * ```
 */
export async function getDataRoute(app: App, context: DataRouteContext): Promise<void> {
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
    async (request) => {
      const { chainId, caller } = requestTarget(context, request, request.params.chainId);
      const served = await getRecord(context.records, {
        chainId,
        dataId: request.params.dataId.toLowerCase(),
        caller,
      });
      return {
        cid: served.cid,
        envelope: toBase64(served.envelope),
        readers: served.readers.map(({ grantee, slot }) => ({ grantee, slot: toBase64(slot) })),
      };
    },
  );
}
