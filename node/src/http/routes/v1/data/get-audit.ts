/**
 * `GET /v1/audit?chainId=&dataId=`: the owner's audit trail — which grantee read which dataId, when, at which
 * confirmed block, on which node.
 */
import { listAudit } from "../../../../records/list-audit.ts";
import { COMMON_ERRORS, ErrorResponse } from "../../../schemas/error.ts";
import type { App, DataRouteContext } from "../../../types.ts";
import { isoTime, requestTarget } from "./request-target.ts";
import { AuditQuery, AuditResponse } from "./schemas.ts";

/**
 * Registers `GET /v1/audit` (authenticated): reads of the caller's own data only, newest first.
 *
 * @example
 * ```ts
 * await app.register(getAuditRoute, context);
 * ```
 */
export async function getAuditRoute(app: App, context: DataRouteContext): Promise<void> {
  app.get(
    "/v1/audit",
    {
      onRequest: app.authenticate,
      schema: {
        summary: "The caller's audit trail: grantee reads of its data",
        tags: ["data"],
        security: [{ bearerAuth: [] }],
        querystring: AuditQuery,
        response: { 200: AuditResponse, 401: ErrorResponse, 403: ErrorResponse, ...COMMON_ERRORS },
      },
    },
    async (request) => {
      const { chainId, caller } = requestTarget(context, request, request.query.chainId);
      const { dataId, limit = 100 } = request.query;
      return listAudit(context.records, { chainId, owner: caller, dataId, limit }).map((entry) => ({
        ...entry,
        readAt: isoTime(entry.readAt),
      }));
    },
  );
}
