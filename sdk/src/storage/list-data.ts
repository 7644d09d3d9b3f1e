/**
 * List the caller's own records on a chain, as several nodes know them.
 *
 * @module
 */
import { CID } from "multiformats/cid";

import type { DataSession } from "./data-target.ts";
import { checkSessions } from "./data-target.ts";
import type { NodeFailure } from "./errors.ts";
import { InvalidNodeResponseError } from "./errors.ts";
import { readAll } from "./fan-out.ts";
import type { NodeResponse, RequestOptions } from "./node-request.ts";
import { isRecord, nodeRequest } from "./node-request.ts";

/**
 * What {@link listData} takes.
 *
 * @example
 * ```ts
 * const parameters: ListDataParameters = { sessions, chainId: 1 };
 * ```
 */
export type ListDataParameters = RequestOptions & {
  /** One session per node to ask, each on `chainId`. */
  sessions: readonly DataSession[];
  chainId: number | bigint;
};

/**
 * One of the caller's records, merged over the nodes that answered.
 *
 * @example
 * ```ts
 * const { dataId, cid, nodeUrls }: DataRecord = (await listData({ sessions, chainId })).records[0];
 * ```
 */
export type DataRecord = {
  chainId: number;
  /** Lowercase `0x` + 64 hex. */
  dataId: string;
  /** The newest CID any node holds for the dataId. */
  cid: string;
  /** The envelope's size in bytes (without reader slots). */
  size: number;
  /** When the newest copy was written, as its node records it. */
  updatedAt: Date;
  /** The nodes that hold this CID (a node holding an older one is left out: it has not caught up). */
  nodeUrls: string[];
};

/**
 * The merged list and the nodes that did not answer.
 *
 * @example
 * ```ts
 * const { records, failures }: ListDataResult = await listData({ sessions, chainId: 1 });
 * ```
 */
export type ListDataResult = { records: DataRecord[]; failures: NodeFailure[] };

/**
 * Asks every session's node at once for the caller's records on `chainId` (`GET /v1/data?chainId=`) and merges
 * the answers: one entry per dataId, with the newest CID and the nodes that hold it, oldest first. A node that
 * fails is reported in `failures`; the call fails only when none answers.
 *
 * @throws {NoHealthyNodeError} when no node could be reached.
 * @throws {NodeHttpError} or {InvalidNodeResponseError}: a node's failure, when no node answered (see
 * `getEnvelope` for which one).
 * @throws {InvalidStorageParametersError} before any request, for a bad chain id or session list.
 * @example
 * ```ts
 * const { records } = await listData({ sessions, chainId: 1 });
 * for (const { dataId, nodeUrls } of records) console.log(dataId, `on ${nodeUrls.length} nodes`);
 * ```
 */
export async function listData({ sessions, chainId, timeoutMs, signal }: ListDataParameters): Promise<ListDataResult> {
  const chain = checkSessions({ sessions, chainId });
  const { answers, failures } = await readAll({
    sessions,
    signal,
    read: async (session) =>
      parseRecords(
        await nodeRequest({
          nodeUrl: session.nodeUrl,
          method: "GET",
          path: `/v1/data?chainId=${chain}`,
          token: session.token,
          timeoutMs,
          signal,
        }),
      ),
  });
  const merged = new Map<string, DataRecord>();
  for (const { nodeUrl, value } of answers) {
    for (const record of value) {
      const known = merged.get(record.dataId);
      if (known === undefined || record.updatedAt.getTime() > known.updatedAt.getTime()) {
        merged.set(record.dataId, { ...record, nodeUrls: [nodeUrl] });
      } else if (known.cid === record.cid) {
        known.nodeUrls.push(nodeUrl);
      }
    }
  }
  const records = [...merged.values()].sort(
    (a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.dataId.localeCompare(b.dataId),
  );
  return { records, failures };
}

/** Checks a `200 [{ chainId, dataId, cid, size, updatedAt }]` answer. */
function parseRecords({ body, url, status }: NodeResponse): Omit<DataRecord, "nodeUrls">[] {
  const invalid = (details: string) => new InvalidNodeResponseError({ url, status, details });
  if (!Array.isArray(body)) throw invalid("the body is not an array");
  return body.map((entry: unknown) => {
    if (!isRecord(entry)) throw invalid("a record is not an object");
    const { chainId, dataId, cid, size, updatedAt } = entry;
    if (typeof chainId !== "number" || !Number.isSafeInteger(chainId)) throw invalid("`chainId` is not an integer");
    if (typeof dataId !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(dataId)) throw invalid("`dataId` is not a dataId");
    if (typeof cid !== "string" || !isCid(cid)) throw invalid("`cid` is not a CID");
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) throw invalid("`size` is not a size");
    const date = typeof updatedAt === "string" ? new Date(updatedAt) : undefined;
    if (date === undefined || Number.isNaN(date.getTime())) throw invalid("`updatedAt` is not a date");
    return { chainId, dataId: dataId.toLowerCase(), cid: CID.parse(cid).toString(), size, updatedAt: date };
  });
}

/** Whether `text` parses as a CID. */
function isCid(text: string): boolean {
  try {
    CID.parse(text);
    return true;
  } catch {
    return false;
  }
}
