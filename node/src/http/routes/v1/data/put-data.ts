/**
 * `PUT /v1/data/:chainId/:dataId`: the on-chain owner, or an issuer with the owner's EIP-712 write permission,
 * stores (or replaces) an envelope and its readers' slots, signed by the writer.
 */
import { getBytes } from "ethers";

import { putRecord } from "../../../../records/put-record.ts";
import { COMMON_ERRORS, ErrorResponse } from "../../../schemas/error.ts";
import type { App, DataRouteContext } from "../../../types.ts";
import { fromBase64, requestTarget, writerProofOf } from "./request-target.ts";
import { DataParams, PutDataBody, PutDataResponse } from "./schemas.ts";

/**
 * Registers `PUT /v1/data/:chainId/:dataId` (authenticated). Answers `201 { cid, replicas }` once the record and its
 * slots are committed durably (and pushed to the node's peers: `replicas` counts the nodes holding it); see `putRecord` for every check and refusal.
 *
 * @example
 * ```ts
 * await app.register(putDataRoute, context);
 * ```
 */
export async function putDataRoute(app: App, context: DataRouteContext): Promise<void> {
  app.put(
    "/v1/data/:chainId/:dataId",
    {
      onRequest: app.authenticate,
      schema: {
        summary: "Store an envelope (the dataId's on-chain owner, or an issuer with the owner's permission)",
        tags: ["data"],
        security: [{ bearerAuth: [] }],
        params: DataParams,
        body: PutDataBody,
        response: {
          201: PutDataResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          409: ErrorResponse,
          503: ErrorResponse,
          ...COMMON_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const { chainId, caller } = requestTarget(context, request, request.params.chainId);
      const { writer, permission } = request.body;
      const { cid, replicas } = await putRecord(context.records, {
        chainId,
        dataId: request.params.dataId.toLowerCase(),
        caller,
        envelope: fromBase64(request.body.envelope),
        readers: (request.body.readers ?? []).map(({ grantee, slot }) => ({ grantee, slot: fromBase64(slot) })),
        writer: writerProofOf(writer),
        ...(permission === undefined
          ? {}
          : {
              permission: {
                issuer: permission.issuer,
                expiresAt: permission.expiresAt,
                signature: getBytes(permission.signature),
              },
            }),
      });
      return reply.code(201).send({ cid, replicas });
    },
  );
}
