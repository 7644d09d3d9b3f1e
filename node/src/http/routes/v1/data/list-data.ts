/**
 * `GET /v1/data?chainId=`: the caller's own records on one chain.
 */
import { listRecords } from "../../../../records/list-records.ts";
import { COMMON_ERRORS, ErrorResponse } from "../../../schemas/error.ts";
import type { App, DataRouteContext } from "../../../types.ts";
import { isoTime, requestTarget } from "./request-target.ts";
import { ListDataQuery, ListDataResponse } from "./schemas.ts";

/**
 * Registers `GET /v1/data` (authenticated).
 *
 * @example
 * ```ts
 * await app.register(listDataRoute, context);
 * ```
 */
export async function listDataRoute(app: App, context: DataRouteContext): Promise<void> {
  app.get(
    "/v1/data",
    {
      onRequest: app.authenticate,
      schema: {
        summary: "List the caller's own records on a chain",
        tags: ["data"],
        security: [{ bearerAuth: [] }],
        querystring: ListDataQuery,
        response: { 200: ListDataResponse, 401: ErrorResponse, 403: ErrorResponse, ...COMMON_ERRORS },
      },
    },
    async (request) => {
      const { chainId, caller } = requestTarget(context, request, request.query.chainId);
      return listRecords(context.records, { chainId, owner: caller }).map((record) => ({
        ...record,
        updatedAt: isoTime(record.updatedAt),
      }));
    },
  );
}
