/**
 * The owner's audit trail: which grantee read which of the owner's data, when, on which node.
 *
 * @module
 */
import { getAddress, isAddress } from "ethers";

import { InvalidStorageParametersError } from "./data-errors.ts";
import type { DataSession } from "./data-target.ts";
import { checkSessions, checkTarget } from "./data-target.ts";
import type { NodeFailure } from "./errors.ts";
import { InvalidNodeResponseError } from "./errors.ts";
import { readAll } from "./fan-out.ts";
import type { NodeResponse, RequestOptions } from "./node-request.ts";
import { isRecord, nodeRequest } from "./node-request.ts";

/**
 * The most entries one node returns per request (the node's own cap), and so the largest `limit`.
 *
 * @example
 * ```ts
 * const { entries } = await getAuditTrail({ sessions, chainId: 1, limit: MAX_AUDIT_LIMIT });
 * ```
 */
export const MAX_AUDIT_LIMIT = 1000;

/**
 * What {@link getAuditTrail} takes.
 *
 * @example
 * ```ts
 * const parameters: GetAuditTrailParameters = { sessions, chainId: 1, dataId, limit: 50 };
 * ```
 */
export type GetAuditTrailParameters = RequestOptions & {
  /** One owner session per node to ask, each on `chainId`. */
  sessions: readonly DataSession[];
  chainId: number | bigint;
  /** Only reads of this dataId (`0x` + 64 hex); all of the owner's data when left out. */
  dataId?: string;
  /** At most this many entries, the newest (1 … 1000; each node is asked for as many). */
  limit?: number;
};

/**
 * One grantee read, as the node that served it logged it.
 *
 * @example
 * ```ts
 * const { reader, readAt, nodeId }: AuditEntry = (await getAuditTrail({ sessions, chainId })).entries[0];
 * ```
 */
export type AuditEntry = {
  chainId: number;
  /** Lowercase `0x` + 64 hex. */
  dataId: string;
  /** The grantee that read, checksummed. */
  reader: string;
  /** The node that served the read (its identity address). */
  nodeId: string;
  /** The confirmed block the grant was checked at. */
  blockNumber: number;
  readAt: Date;
};

/**
 * The merged trail and the nodes that did not answer.
 *
 * @example
 * ```ts
 * const { entries, failures }: AuditTrail = await getAuditTrail({ sessions, chainId: 1 });
 * ```
 */
export type AuditTrail = { entries: AuditEntry[]; failures: NodeFailure[] };

/**
 * Asks every session's node at once for the owner's audit trail (`GET /v1/audit?chainId=&dataId=&limit=`) and
 * merges the answers: an entry several nodes report (same dataId, reader, node id, block and time) appears once;
 * newest first; at most `limit`. A node that fails is reported in `failures`, so the trail may miss the reads
 * only that node logged; the call fails only when none answers.
 *
 * @throws {NoHealthyNodeError} when no node could be reached.
 * @throws {NodeHttpError} or {InvalidNodeResponseError}: a node's failure, when no node answered.
 * @throws {InvalidStorageParametersError} before any request (sessions, chain id, dataId, limit).
 * @example
 * ```ts
 * const { entries } = await getAuditTrail({ sessions, chainId: 1, dataId });
 * for (const { reader, readAt } of entries) console.log(`${reader} read it at ${readAt.toISOString()}`);
 * ```
 */
export async function getAuditTrail({
  sessions,
  chainId,
  dataId,
  limit = 100,
  timeoutMs,
  signal,
}: GetAuditTrailParameters): Promise<AuditTrail> {
  const chain =
    dataId === undefined ? checkSessions({ sessions, chainId }) : checkTarget({ sessions, chainId, dataId }).chainId;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_AUDIT_LIMIT) {
    throw new InvalidStorageParametersError({ details: `\`limit\` must be an integer in 1 … ${MAX_AUDIT_LIMIT}` });
  }
  const query = new URLSearchParams({ chainId: String(chain), limit: String(limit) });
  if (dataId !== undefined) query.set("dataId", dataId.toLowerCase());
  const { answers, failures } = await readAll({
    sessions,
    signal,
    read: async (session) =>
      parseEntries(
        await nodeRequest({
          nodeUrl: session.nodeUrl,
          method: "GET",
          path: `/v1/audit?${query.toString()}`,
          token: session.token,
          timeoutMs,
          signal,
        }),
      ),
  });
  const unique = new Map<string, AuditEntry>();
  for (const { value } of answers) {
    for (const entry of value) {
      const key = [entry.chainId, entry.dataId, entry.reader, entry.nodeId, entry.blockNumber, +entry.readAt].join("|");
      if (!unique.has(key)) unique.set(key, entry);
    }
  }
  const entries = [...unique.values()]
    .sort(
      (a, b) =>
        b.readAt.getTime() - a.readAt.getTime() ||
        b.blockNumber - a.blockNumber ||
        a.nodeId.localeCompare(b.nodeId) ||
        a.reader.localeCompare(b.reader),
    )
    .slice(0, limit);
  return { entries, failures };
}

/** Checks a `200 [{ chainId, dataId, reader, nodeId, blockNumber, readAt }]` answer. */
function parseEntries({ body, url, status }: NodeResponse): AuditEntry[] {
  const invalid = (details: string) => new InvalidNodeResponseError({ url, status, details });
  if (!Array.isArray(body)) throw invalid("the body is not an array");
  return body.map((entry: unknown) => {
    if (!isRecord(entry)) throw invalid("an entry is not an object");
    const { chainId, dataId, reader, nodeId, blockNumber, readAt } = entry;
    if (typeof chainId !== "number" || !Number.isSafeInteger(chainId)) throw invalid("`chainId` is not an integer");
    if (typeof dataId !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(dataId)) throw invalid("`dataId` is not a dataId");
    if (typeof reader !== "string" || !isAddress(reader)) throw invalid("`reader` is not an address");
    if (typeof nodeId !== "string" || nodeId === "") throw invalid("`nodeId` is missing");
    if (typeof blockNumber !== "number" || !Number.isSafeInteger(blockNumber) || blockNumber < 0) {
      throw invalid("`blockNumber` is not a block number");
    }
    const date = typeof readAt === "string" ? new Date(readAt) : undefined;
    if (date === undefined || Number.isNaN(date.getTime())) throw invalid("`readAt` is not a date");
    return {
      chainId,
      dataId: dataId.toLowerCase(),
      reader: getAddress(reader),
      nodeId: nodeId.toLowerCase(),
      blockNumber,
      readAt: date,
    };
  });
}
