/**
 * The owner's deletion receipts: each node's signed statement that it purged a dataId.
 *
 * @module
 */
import { getAddress, isAddress } from "ethers";

import type { DataSession } from "./data-target.ts";
import { checkTarget } from "./data-target.ts";
import type { NodeFailure } from "./errors.ts";
import { InvalidNodeResponseError } from "./errors.ts";
import { readAll } from "./fan-out.ts";
import type { NodeResponse, RequestOptions } from "./node-request.ts";
import { isRecord, nodeRequest } from "./node-request.ts";

/**
 * What {@link getDeletionReceipts} takes.
 *
 * @example
 * ```ts
 * const parameters: GetDeletionReceiptsParameters = { sessions, chainId: 1, dataId };
 * ```
 */
export type GetDeletionReceiptsParameters = RequestOptions & {
  /** One owner session per node to ask, each on `chainId`. */
  sessions: readonly DataSession[];
  chainId: number | bigint;
  /** `0x` + 64 hex. */
  dataId: string;
};

/**
 * One node's receipt. `signature` is the node key's EIP-712 signature over `(chainId, dataId, node, purgedAt)`;
 * check that it recovers to `node` and that `node` is registered.
 *
 * @example
 * ```ts
 * const { node, purgedAt }: DeletionReceipt = receipts[0];
 * ```
 */
export type DeletionReceipt = {
  chainId: number;
  /** Lowercase `0x` + 64 hex. */
  dataId: string;
  /** The purging node's address, checksummed. */
  node: string;
  /** Unix seconds. */
  purgedAt: number;
  signature: string;
};

/**
 * Asks every session's node at once for the receipts it holds for `dataId` (`GET /v1/receipts/:chainId/:dataId`,
 * owner only) and merges them, one per purging node (a node may also hold its peers'). Empty until the purge.
 *
 * @throws {NoHealthyNodeError} or the nodes' failure (e.g. `NodeHttpError` 403 `NOT_OWNER`) when none answered.
 * @throws {InvalidStorageParametersError} before any request.
 * @example
 * ```ts
 * const { receipts } = await getDeletionReceipts({ sessions, chainId: 1, dataId });
 * for (const { node, purgedAt } of receipts) console.log(`${node} purged it at ${purgedAt}`);
 * ```
 */
export async function getDeletionReceipts({
  sessions,
  chainId,
  dataId,
  timeoutMs,
  signal,
}: GetDeletionReceiptsParameters): Promise<{ receipts: DeletionReceipt[]; failures: NodeFailure[] }> {
  const target = checkTarget({ sessions, chainId, dataId });
  const { answers, failures } = await readAll({
    sessions,
    signal,
    read: async (session) =>
      parseReceipts(
        await nodeRequest({
          nodeUrl: session.nodeUrl,
          method: "GET",
          path: `/v1/receipts/${target.chainId}/${target.dataId}`,
          token: session.token,
          timeoutMs,
          signal,
        }),
      ),
  });
  const byNode = new Map<string, DeletionReceipt>();
  for (const { value } of answers)
    for (const receipt of value) if (!byNode.has(receipt.node)) byNode.set(receipt.node, receipt);
  return { receipts: [...byNode.values()].sort((a, b) => a.node.localeCompare(b.node)), failures };
}

/** Checks a `200 [{ chainId, dataId, node, purgedAt, signature }]` answer. */
function parseReceipts({ body, url, status }: NodeResponse): DeletionReceipt[] {
  const invalid = (details: string) => new InvalidNodeResponseError({ url, status, details });
  if (!Array.isArray(body)) throw invalid("the body is not an array");
  return body.map((entry: unknown) => {
    if (!isRecord(entry)) throw invalid("a receipt is not an object");
    const { chainId, dataId, node, purgedAt, signature } = entry;
    if (typeof chainId !== "number" || !Number.isSafeInteger(chainId)) throw invalid("`chainId` is not an integer");
    if (typeof dataId !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(dataId)) throw invalid("`dataId` is not a dataId");
    if (typeof node !== "string" || !isAddress(node)) throw invalid("`node` is not an address");
    if (typeof purgedAt !== "number" || !Number.isSafeInteger(purgedAt)) throw invalid("`purgedAt` is not a time");
    if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
      throw invalid("`signature` is not a signature");
    }
    return { chainId, dataId: dataId.toLowerCase(), node: getAddress(node), purgedAt, signature };
  });
}
