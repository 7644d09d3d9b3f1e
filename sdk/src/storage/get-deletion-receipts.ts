/**
 * The owner's deletion receipts: each node's signed statement that it purged a dataId.
 *
 * @module
 */
import { getAddress, isAddress } from "ethers";

import type { DataSession } from "./data-target.ts";
import { checkTarget } from "./data-target.ts";
import { verifyDeletionReceipt } from "./deletion-receipt.ts";
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
 * One node's receipt, its signature checked: `node` signed it.
 *
 * @example
 * ```ts
 * const { node, purgedAt, nodeUrl }: DeletionReceipt = (await getDeletionReceipts({ sessions, chainId, dataId })).receipts[0];
 * ```
 */
export type DeletionReceipt = {
  chainId: number;
  /** Lowercase `0x` + 64 hex. */
  dataId: string;
  /** The purging node's identity address, checksummed: the receipt's signer. */
  node: string;
  /** Unix seconds. */
  purgedAt: bigint;
  /** 65-byte signature, hex. */
  signature: string;
  /** The node that served it (base URL). */
  nodeUrl: string;
};

/**
 * The receipts the nodes hold and the nodes that did not answer.
 *
 * @example
 * ```ts
 * const { receipts, failures }: DeletionReceipts = await getDeletionReceipts({ sessions, chainId, dataId });
 * ```
 */
export type DeletionReceipts = { receipts: DeletionReceipt[]; failures: NodeFailure[] };

/**
 * Asks every session's node at once for its receipts of `dataId` (`GET /v1/receipts/:chainId/:dataId`; an empty
 * list until the node has purged it), one per purging node. Every receipt's signature is checked against the `node` it names, and a node
 * that serves a receipt signed by someone else, or one for another dataId, is reported in `failures`. Whether
 * `node` is a registered node is the caller's check (`getNode` on `NodeRegistry`).
 *
 * @throws {NoHealthyNodeError} when no node could be reached.
 * @throws {NodeHttpError} or {InvalidNodeResponseError}: a node's failure, when no node answered.
 * @throws {InvalidStorageParametersError} before any request (sessions, chain id, dataId).
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
}: GetDeletionReceiptsParameters): Promise<DeletionReceipts> {
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
        target,
      ),
  });
  return {
    receipts: answers.flatMap(({ nodeUrl, value }) => value.map((receipt) => ({ ...receipt, nodeUrl }))),
    failures,
  };
}

/** Checks a `200 [{ chainId, dataId, node, purgedAt, signature }]` answer and every receipt's signer. */
function parseReceipts(
  { body, url, status }: NodeResponse,
  target: { chainId: number; dataId: string },
): Omit<DeletionReceipt, "nodeUrl">[] {
  const invalid = (details: string) => new InvalidNodeResponseError({ url, status, details });
  if (!Array.isArray(body)) throw invalid("the body is not an array");
  return body.map((entry: unknown) => {
    if (!isRecord(entry)) throw invalid("a receipt is not an object");
    const { chainId, dataId, node, purgedAt, signature } = entry;
    if (chainId !== target.chainId) throw invalid("a receipt is for another chain");
    if (typeof dataId !== "string" || dataId.toLowerCase() !== target.dataId) {
      throw invalid("a receipt is for another dataId");
    }
    if (typeof node !== "string" || !isAddress(node)) throw invalid("`node` is not an address");
    if (typeof purgedAt !== "number" || !Number.isSafeInteger(purgedAt) || purgedAt < 0) {
      throw invalid("`purgedAt` is not a time");
    }
    if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
      throw invalid("`signature` is not a 65-byte signature");
    }
    const receipt = {
      chainId,
      dataId: target.dataId,
      node: getAddress(node),
      purgedAt: BigInt(purgedAt),
      signature,
    };
    const message = { chainId: BigInt(chainId), dataId: target.dataId, node: receipt.node, purgedAt: receipt.purgedAt };
    let signer: string;
    try {
      signer = verifyDeletionReceipt({ message, signature });
    } catch {
      throw invalid("a receipt's signature is malformed");
    }
    if (signer !== receipt.node) throw invalid("a receipt is not signed by the node it names");
    return receipt;
  });
}
