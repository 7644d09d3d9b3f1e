/**
 * `GET /v1/receipts/:chainId/:dataId`: the deletion receipts this node holds for a dataId — its own signed
 * statement that it purged the data (and any other node's it stores). Only the dataId's on-chain owner may ask:
 * a receipt names no person, but which dataIds an owner had deleted is the owner's business.
 */
import { getAddress, hexlify } from "ethers";
import { Type } from "typebox";

import { RecordRequestError } from "../../../../records/errors.ts";
import { COMMON_ERRORS, ErrorResponse } from "../../../schemas/error.ts";
import type { App, DataRouteContext } from "../../../types.ts";
import { requestTarget } from "../data/request-target.ts";
import { DataParams } from "../data/schemas.ts";

/**
 * One deletion receipt: `signature` is the node key's EIP-712 signature over `(chainId, dataId, node, purgedAt)`
 * (see `sdk/src/storage/deletion-receipt.ts`; check it with `verifyDeletionReceipt` against the node's registered address).
 *
 * @example
 * ```ts
 * { chainId: 31337, dataId: "0x…", node: "0xf39F…", purgedAt: 1764000000, signature: "0x…" }
 * ```
 */
export const ReceiptEntry = Type.Object(
  {
    chainId: Type.Integer({ minimum: 1 }),
    dataId: Type.String({ pattern: "^0x[0-9a-f]{64}$", description: "32-byte dataId, lowercase hex" }),
    node: Type.String({ pattern: "^0x[0-9a-fA-F]{40}$", description: "The purging node's address, checksummed" }),
    purgedAt: Type.Integer({ minimum: 0, description: "Unix seconds: max(confirmed block time, wall clock)" }),
    signature: Type.String({ pattern: "^0x[0-9a-f]{130}$", description: "65-byte signature (r ‖ s ‖ v)" }),
  },
  { additionalProperties: false },
);

/** `200` body: every receipt held for the dataId (empty until the purge happened). */
const ReceiptsResponse = Type.Array(ReceiptEntry);

/**
 * Registers `GET /v1/receipts/:chainId/:dataId` (authenticated; the dataId's on-chain owner only). Answers
 * `DATA_NOT_ANCHORED` (404) for a dataId the node's confirmed view does not know, `NOT_OWNER` (403) for anyone
 * else, and otherwise the receipts (an empty array before the purge).
 *
 * @example
 * ```ts
 * await app.register(getReceiptsRoute, { ...context, records });
 * ```
 */
export async function getReceiptsRoute(app: App, context: DataRouteContext): Promise<void> {
  app.get(
    "/v1/receipts/:chainId/:dataId",
    {
      onRequest: app.authenticate,
      schema: {
        summary: "Deletion receipts this node holds for a dataId (owner only)",
        tags: ["deletion"],
        security: [{ bearerAuth: [] }],
        params: DataParams,
        response: {
          200: ReceiptsResponse,
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
      const { dataId } = request.params;
      // The on-chain anchor outlives the deletion, so the owner stays known after the purge.
      const owner = context.records.grants.ownerOf(chainId, dataId);
      if (owner === undefined) {
        throw new RecordRequestError("The dataId is not anchored on that chain (as far as this node has confirmed).", {
          statusCode: 404,
          code: "DATA_NOT_ANCHORED",
        });
      }
      if (owner.toLowerCase() !== caller.toLowerCase()) {
        throw new RecordRequestError("Only the data's owner may fetch its deletion receipts.", {
          statusCode: 403,
          code: "NOT_OWNER",
        });
      }
      return context.store.receipts.list({ chainId, dataId }).map((receipt) => ({
        chainId: receipt.chainId,
        dataId: receipt.dataId,
        node: getAddress(receipt.node),
        purgedAt: receipt.purgedAt,
        signature: hexlify(receipt.signature),
      }));
    },
  );
}
