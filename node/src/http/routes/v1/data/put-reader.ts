/**
 * `PUT /v1/data/:chainId/:dataId/readers/:grantee`: the owner adds or replaces one grantee's wrapped key, with
 * a signature over the new reader set.
 */
import { parseAddress } from "../../../../records/parse-address.ts";
import { putReader } from "../../../../records/put-reader.ts";
import type { App, DataRouteContext } from "../../../types.ts";
import { fromBase64, requestTarget, writerProofOf } from "./request-target.ts";
import { PutReaderBody, ReaderChangeResponses, ReaderParams } from "./schemas.ts";

/**
 * Registers `PUT /v1/data/:chainId/:dataId/readers/:grantee` (authenticated, owner only): 204 once stored. The
 * slot must be wrapped for the key `grantee` registered in the chain's KeyRegistry, and the owner must sign the
 * new reader set (it becomes the record's proof, replicated to peers).
 *
 * @example
 * ```ts
 * await app.register(putReaderRoute, context);
 * ```
 */
export async function putReaderRoute(app: App, context: DataRouteContext): Promise<void> {
  app.put(
    "/v1/data/:chainId/:dataId/readers/:grantee",
    {
      onRequest: app.authenticate,
      schema: {
        summary: "Add a reader's wrapped key (owner only; the grantee's registered key)",
        tags: ["data"],
        security: [{ bearerAuth: [] }],
        params: ReaderParams,
        body: PutReaderBody,
        response: ReaderChangeResponses,
      },
    },
    async (request, reply) => {
      const { chainId, caller } = requestTarget(context, request, request.params.chainId);
      await putReader(context.records, {
        chainId,
        dataId: request.params.dataId.toLowerCase(),
        caller,
        grantee: parseAddress(request.params.grantee, "grantee"),
        slot: fromBase64(request.body.slot),
        readers: request.body.readers,
        writer: writerProofOf(request.body.writer),
      });
      return reply.code(204).send(null);
    },
  );
}
