/**
 * `DELETE /v1/data/:chainId/:dataId/readers/:grantee`: the owner drops one grantee's wrapped key, with a
 * signature over the readers that remain.
 */
import { parseAddress } from "../../../../records/parse-address.ts";
import { removeReader } from "../../../../records/remove-reader.ts";
import type { App, DataRouteContext } from "../../../types.ts";
import { requestTarget, writerProofOf } from "./request-target.ts";
import { DeleteReaderBody, ReaderChangeResponses, ReaderParams } from "./schemas.ts";

/**
 * Registers `DELETE /v1/data/:chainId/:dataId/readers/:grantee` (authenticated, owner only): 204, whether or not
 * the grantee had a slot, once the readers are exactly the signed ones.
 *
 * @example
 * ```ts
 * await app.register(deleteReaderRoute, context);
 * ```
 */
export async function deleteReaderRoute(app: App, context: DataRouteContext): Promise<void> {
  app.delete(
    "/v1/data/:chainId/:dataId/readers/:grantee",
    {
      onRequest: app.authenticate,
      schema: {
        summary: "Remove a reader's wrapped key (owner only)",
        tags: ["data"],
        security: [{ bearerAuth: [] }],
        params: ReaderParams,
        body: DeleteReaderBody,
        response: ReaderChangeResponses,
      },
    },
    async (request, reply) => {
      const { chainId, caller } = requestTarget(context, request, request.params.chainId);
      await removeReader(context.records, {
        chainId,
        dataId: request.params.dataId.toLowerCase(),
        caller,
        grantee: parseAddress(request.params.grantee, "grantee"),
        readers: request.body.readers,
        writer: writerProofOf(request.body.writer),
      });
      return reply.code(204).send(null);
    },
  );
}
