/**
 * Read an envelope from the first node that serves it, and check the node's answer before it is trusted.
 *
 * @module
 */
import { getAddress, isAddress } from "ethers";

import { equalBytes } from "../crypto/bytes.ts";
import type { Envelope } from "../crypto/envelope.ts";
import { IdemError, InvalidEnvelopeError } from "../errors.ts";
import type { DataSession } from "./data-target.ts";
import { checkTarget, cidMatches, dataPath, fromBase64 } from "./data-target.ts";
import type { NodeFailure } from "./errors.ts";
import { InvalidNodeResponseError } from "./errors.ts";
import { readFailure } from "./fan-out.ts";
import type { NodeResponse, RequestOptions } from "./node-request.ts";
import { isRecord, nodeRequest } from "./node-request.ts";
import { nodeBaseUrl } from "./node-url.ts";
import { joinEnvelope } from "./split-envelope.ts";

/**
 * What {@link getEnvelope} takes.
 *
 * @example
 * ```ts
 * const parameters: GetEnvelopeParameters = { sessions, chainId: 1, dataId };
 * ```
 */
export type GetEnvelopeParameters = RequestOptions & {
  /** One session per node to try, most preferred first, each on `chainId` (the owner's or a grantee's). */
  sessions: readonly DataSession[];
  chainId: number | bigint;
  /** `0x` + 64 hex. */
  dataId: string;
};

/**
 * An envelope as one node served it.
 *
 * @example
 * ```ts
 * const { envelope, nodeUrl }: GetEnvelopeResult = await getEnvelope({ sessions, chainId, dataId });
 * ```
 */
export type GetEnvelopeResult = {
  /** The CID of the stored envelope (without reader slots); checked against the bytes. */
  cid: string;
  /**
   * The envelope with the reader slots the caller may see inside (all of them for the owner, its own for a
   * grantee), ready for `open`.
   */
  envelope: Envelope;
  /** The grantee of each reader slot, in the order of `envelope.readerSlots`. */
  grantees: string[];
  /** The node that served it (base URL). */
  nodeUrl: string;
  /** The nodes tried before it, and why each was passed over. */
  failures: NodeFailure[];
};

/**
 * Reads the envelope (`GET /v1/data/:chainId/:dataId`) from the sessions' nodes in order, one at a time, and
 * returns the first answer that passes the checks: its envelope bytes hash to the CID it names (CIDv1, raw,
 * sha2-256), decode as an envelope without reader slots whose header names `chainId` and `dataId`, and its reader
 * slots decode. A node that fails (unreachable, an error status, an answer that fails the checks) is passed over
 * and the next one tried.
 *
 * The CID check proves the bytes are the ones the node names, not that they are the owner's: what proves that is
 * `open`, whose authenticated decryption fails on any change. A reader slot is outside the CID; a changed slot
 * also fails in `open`.
 *
 * When no node serves the envelope, the error is chosen so that one node's "no" is not mistaken for the network's:
 * @throws {NodeHttpError} 403 (`NOT_GRANTED`: neither the owner nor a live grantee) or 404 (`RECORD_NOT_FOUND`)
 * only when every node that answered said so (the first such answer); unreachable nodes are skipped.
 * @throws {InvalidNodeResponseError} or another {@link NodeHttpError} (e.g. 503 `BLOCK_UNAVAILABLE`): the first
 * failure of a node that answered otherwise than 403/404, when no node served the envelope.
 * @throws {NoHealthyNodeError} when no node could be reached.
 * @throws {InvalidStorageParametersError} before any request, for a bad dataId, chain id or session list.
 * @example
 * ```ts
 * const sessions = await Promise.all(nodeUrls.map((nodeUrl) => signIn({ nodeUrl, signer: grantee, chainId: 1 })));
 * const { envelope } = await getEnvelope({ sessions, chainId: 1, dataId });
 * const payload = open({ envelope, keyPair: granteeKey, chainId: 1n, dataId: getBytes(dataId) });
 * ```
 */
export async function getEnvelope({
  sessions,
  chainId,
  dataId,
  timeoutMs,
  signal,
}: GetEnvelopeParameters): Promise<GetEnvelopeResult> {
  const target = checkTarget({ sessions, chainId, dataId });
  const failures: NodeFailure[] = [];
  for (const session of sessions) {
    const nodeUrl = nodeBaseUrl(session.nodeUrl);
    try {
      const answer = await nodeRequest({
        nodeUrl,
        method: "GET",
        path: dataPath(target),
        token: session.token,
        timeoutMs,
        signal,
      });
      const { cid, envelope, grantees } = await checkAnswer(answer, target);
      return { cid, envelope, grantees, nodeUrl, failures };
    } catch (error) {
      if (!(error instanceof IdemError) || signal?.aborted === true) throw error;
      failures.push({ nodeUrl, error });
    }
  }
  throw readFailure(failures);
}

/** Checks a `200 { cid, envelope, readers }` answer (see {@link getEnvelope}). */
async function checkAnswer(
  { body, url, status }: NodeResponse,
  target: { chainId: number; dataIdBytes: Uint8Array },
): Promise<{ cid: string; envelope: Envelope; grantees: string[] }> {
  const invalid = (details: string) => new InvalidNodeResponseError({ url, status, details });
  if (!isRecord(body)) throw invalid("the body is not a JSON object");
  const { cid, envelope: text, readers } = body;
  if (typeof cid !== "string") throw invalid("`cid` is missing");
  if (typeof text !== "string") throw invalid("`envelope` is missing");
  if (!Array.isArray(readers)) throw invalid("`readers` is not an array");
  const wireReaders = readers.map((reader: unknown) => {
    if (!isRecord(reader) || typeof reader.grantee !== "string" || typeof reader.slot !== "string") {
      throw invalid("a reader is not `{ grantee, slot }`");
    }
    if (!isAddress(reader.grantee)) throw invalid("a reader's grantee is not an address");
    return { grantee: getAddress(reader.grantee), slot: reader.slot };
  });
  const bytes = fromBase64(text);
  if (bytes === undefined) throw invalid("`envelope` is not standard base64");
  if (!(await cidMatches(cid, bytes))) throw invalid("the envelope's bytes do not match its CID");
  let envelope: Envelope;
  try {
    envelope = joinEnvelope({ envelope: text, readers: wireReaders });
  } catch (error) {
    if (error instanceof InvalidEnvelopeError) throw invalid(`the envelope is not valid: ${error.details ?? ""}`);
    throw error;
  }
  if (envelope.header.chainId !== BigInt(target.chainId) || !equalBytes(envelope.header.dataId, target.dataIdBytes)) {
    throw invalid("the envelope's header names another chain or dataId than the one asked for");
  }
  return { cid, envelope, grantees: wireReaders.map(({ grantee }) => grantee) };
}
