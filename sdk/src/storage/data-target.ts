/**
 * Internal: what every data operation checks before its first request (the chain id, the dataId, the sessions),
 * and the byte helpers of the data API (standard base64, raw sha2-256 CIDv1).
 *
 * @module
 */
import { decodeBase64, encodeBase64 } from "ethers";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

import { DATA_ID_BYTES } from "../crypto/envelope.ts";
import { fromHex } from "../crypto/bytes.ts";
import { InvalidStorageParametersError } from "./data-errors.ts";
import type { NodeSession } from "./node-session.ts";
import { nodeBaseUrl } from "./node-url.ts";

/**
 * The session fields a data operation uses.
 *
 * @example
 * ```ts
 * const session: DataSession = await signIn({ nodeUrl, signer, chainId: 1 });
 * ```
 */
export type DataSession = Pick<NodeSession, "nodeUrl" | "token" | "chainId">;

/**
 * A checked target: the chain id as a number, the dataId as lowercase hex and as bytes.
 *
 * @example
 * ```ts
 * const { chainId, dataId, dataIdBytes } = checkTarget({ sessions, chainId: 1n, dataId });
 * ```
 */
export type CheckedTarget = { chainId: number; dataId: string; dataIdBytes: Uint8Array };

/**
 * Checks a chain id (positive safe integer) and the sessions (at least one, each on that chain, no node twice).
 *
 * @throws {InvalidStorageParametersError} when one of them is unusable.
 * @throws {InvalidNodeUrlError} when a session's node URL is unusable.
 * @example
 * ```ts
 * const chainId = checkSessions({ sessions, chainId: 1n });
 * ```
 */
export function checkSessions({
  sessions,
  chainId,
}: {
  sessions: readonly DataSession[];
  chainId: number | bigint;
}): number {
  const chain = Number(chainId);
  if (!Number.isSafeInteger(chain) || chain <= 0 || BigInt(chain) !== BigInt(chainId)) {
    throw new InvalidStorageParametersError({ details: "`chainId` must be a positive integer" });
  }
  if (sessions.length === 0) throw new InvalidStorageParametersError({ details: "no session given" });
  const seen = new Set<string>();
  for (const session of sessions) {
    const url = nodeBaseUrl(session.nodeUrl);
    // The same node twice would count one acknowledgement twice towards a quorum.
    if (seen.has(url)) throw new InvalidStorageParametersError({ details: `node ${url} is given twice` });
    seen.add(url);
    if (session.chainId !== chain) {
      throw new InvalidStorageParametersError({
        details: `the session on ${url} was signed in on chain ${session.chainId}, not ${chain}`,
      });
    }
  }
  return chain;
}

/**
 * Checks the sessions and chain id (as {@link checkSessions}) and a dataId (`0x` + 64 hex).
 *
 * @throws {InvalidStorageParametersError} when one of them is unusable.
 * @example
 * ```ts
 * const { chainId, dataId } = checkTarget({ sessions, chainId: 1, dataId: "0x…" });
 * ```
 */
export function checkTarget({
  sessions,
  chainId,
  dataId,
}: {
  sessions: readonly DataSession[];
  chainId: number | bigint;
  dataId: string;
}): CheckedTarget {
  const chain = checkSessions({ sessions, chainId });
  const dataIdBytes = fromHex(dataId, DATA_ID_BYTES);
  if (dataIdBytes === undefined || !/^0x[0-9a-fA-F]{64}$/.test(dataId)) {
    throw new InvalidStorageParametersError({ details: "`dataId` must be 0x followed by 64 hex digits" });
  }
  return { chainId: chain, dataId: dataId.toLowerCase(), dataIdBytes };
}

/**
 * The path of a record, or of one of its reader slots.
 *
 * @example
 * ```ts
 * dataPath({ chainId: 1, dataId }); // "/v1/data/1/0x…"
 * ```
 */
export function dataPath({ chainId, dataId }: Pick<CheckedTarget, "chainId" | "dataId">, suffix = ""): string {
  return `/v1/data/${chainId}/${dataId}${suffix}`;
}

/** Standard base64 with padding (RFC 4648 §4), as the node's schemas define it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Standard base64 of `bytes` (runs in browsers and Node).
 *
 * @example
 * ```ts
 * toBase64(Uint8Array.of(1, 2, 3)); // "AQID"
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  return encodeBase64(bytes);
}

/**
 * Bytes of standard padded base64, or `undefined` when `text` is not that (lenient decoders would accept junk).
 *
 * @example
 * ```ts
 * fromBase64("AQID"); // Uint8Array [1, 2, 3]
 * fromBase64("not base64!"); // undefined
 * ```
 */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  return Uint8Array.from(decodeBase64(text));
}

/**
 * The CID a node gives `bytes` stored as one block: CIDv1, raw codec, sha2-256 (`bafkrei…`).
 *
 * @example
 * ```ts
 * (await rawCidOf(bytes)).toString(); // "bafkrei…"
 * ```
 */
export async function rawCidOf(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes));
}

/**
 * Whether `text` is the raw sha2-256 CIDv1 of `bytes` (in any multibase the parser knows).
 *
 * @example
 * ```ts
 * if (!(await cidMatches(body.cid, bytes))) throw invalid("the envelope does not match its CID");
 * ```
 */
export async function cidMatches(text: string, bytes: Uint8Array): Promise<boolean> {
  let cid: CID;
  try {
    cid = CID.parse(text);
  } catch {
    return false;
  }
  return cid.equals(await rawCidOf(bytes));
}
