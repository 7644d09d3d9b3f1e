/**
 * Store an envelope on several nodes at once; the write counts once a quorum of them holds it durably.
 *
 * @module
 */
import type { Signer } from "ethers";

import { equalBytes } from "../crypto/bytes.ts";
import type { Envelope } from "../crypto/envelope.ts";
import { InvalidStorageParametersError } from "./data-errors.ts";
import type { DataSession } from "./data-target.ts";
import { checkTarget, cidMatches, dataPath, fromBase64, rawCidOf } from "./data-target.ts";
import type { NodeFailure } from "./errors.ts";
import { InvalidNodeResponseError } from "./errors.ts";
import { checkQuorum, writeQuorum } from "./fan-out.ts";
import type { RequestOptions } from "./node-request.ts";
import { isRecord, nodeRequest } from "./node-request.ts";
import type { ReaderGrantees } from "./split-envelope.ts";
import { splitEnvelope } from "./split-envelope.ts";
import type { SignedWritePermission } from "./write-typed-data.ts";
import { signStoreRecord } from "./sign-store-record.ts";

/**
 * How many nodes must acknowledge a write unless the caller says otherwise (the network's durability rule).
 *
 * @example
 * ```ts
 * if (nodeUrls.length < DEFAULT_WRITE_QUORUM) console.warn("a write needs at least two nodes");
 * ```
 */
export const DEFAULT_WRITE_QUORUM = 2;

/**
 * What {@link putEnvelope} takes.
 *
 * @example
 * ```ts
 * const parameters: PutEnvelopeParameters = { sessions, signer, chainId: 1, dataId, envelope, readers, quorum: 2 };
 * ```
 */
export type PutEnvelopeParameters = RequestOptions & {
  /**
   * One session per node to write to (from `signIn`, as the dataId's on-chain owner, or as the issuer named in
   * `permission`), each on `chainId`.
   */
  sessions: readonly DataSession[];
  /**
   * The writer: the account the sessions were signed in as. It signs the write's EIP-712 `StoreRecord` once; every
   * node gets the same signature and keeps it as the write's proof.
   */
  signer: Signer;
  /** The write's time, unix milliseconds; default: now. Nodes refuse one not newer than the record they hold. */
  writtenAt?: bigint;
  /** The owner's permission, when the writer is an issuer (see `signWritePermission`). */
  permission?: SignedWritePermission;
  chainId: number | bigint;
  /** The anchored dataId, `0x` + 64 hex; the envelope's header must name it. */
  dataId: string;
  /** The envelope with its reader slots inside (from `seal`, `addReader`…). */
  envelope: Envelope;
  /** The grantee of each reader slot's public key (see {@link ReaderGrantees}). */
  readers?: ReaderGrantees;
  /** How many nodes must acknowledge; at most `sessions.length`. */
  quorum?: number;
};

/**
 * The outcome of a write that reached its quorum.
 *
 * @example
 * ```ts
 * const { cid, stored, failures }: PutEnvelopeResult = await putEnvelope({ sessions, chainId, dataId, envelope });
 * ```
 */
export type PutEnvelopeResult = {
  /** The envelope's CID (CIDv1, raw, sha2-256), which every node in `stored` answered. */
  cid: string;
  /** The nodes that hold the write durably (base URLs, in the order of `sessions`). */
  stored: string[];
  /** The nodes that did not, and why; retry them later to restore full replication. */
  failures: NodeFailure[];
};

/**
 * Stores (or replaces) the envelope on every session's node at once (`PUT /v1/data/:chainId/:dataId`, the
 * envelope without reader slots and the slots apart). A node acknowledges with `201 { cid }` once its copy is
 * durable; an acknowledgement counts only if its CID is the one the client computes from the bytes it sent (a
 * node answering another CID is a failure). The call waits for every node's answer, each bounded by `timeoutMs`,
 * so `stored` names every node that holds the write.
 *
 * The signer signs one EIP-712 `StoreRecord` (see `write-typed-data.ts`) over the dataId, the envelope's sha2-256,
 * the readers' hash and `writtenAt` before the first request. Nodes check the caller is the on-chain owner (or the
 * issuer the owner's `permission` names), the signature is the caller's, the write is newer than the one they hold,
 * and each reader slot is wrapped for the grantee's registered key; a refusal is that node's failure
 * (`NodeHttpError` with the node's code, e.g. `NOT_OWNER`, `STALE_WRITE`, `READER_KEY_NOT_REGISTERED`).
 *
 * @throws {WriteQuorumError} when fewer than `quorum` nodes acknowledged; the write may be on those in `succeeded`.
 * @throws {InvalidStorageParametersError} before any request: a quorum above the node count, the same node
 * twice, a session on another chain, a bad dataId, an envelope whose header names another chain or dataId, a
 * reader key without a grantee, a `writtenAt` outside 0 … 2^53-1, a permission for another dataId.
 * @example
 * ```ts
 * const sessions = await Promise.all(nodeUrls.map((nodeUrl) => signIn({ nodeUrl, signer: owner, chainId: 1 })));
 * const envelope = seal({ payload, chainId: 1n, dataId: getBytes(dataId), owners: [ownerKey], readers: [granteeKey.publicKey] });
 * const { cid, stored } = await putEnvelope({
 *   sessions,
 *   signer: owner,
 *   chainId: 1,
 *   dataId,
 *   envelope,
 *   readers: new Map([[hexlify(granteeKey.publicKey), grantee]]),
 * });
 * ```
 */
export async function putEnvelope({
  sessions,
  signer,
  chainId,
  dataId,
  envelope,
  readers,
  writtenAt = BigInt(Date.now()),
  permission,
  quorum = DEFAULT_WRITE_QUORUM,
  timeoutMs,
  signal,
}: PutEnvelopeParameters): Promise<PutEnvelopeResult> {
  const target = checkTarget({ sessions, chainId, dataId });
  checkQuorum({ quorum, nodes: sessions.length });
  if (envelope.header.chainId !== BigInt(target.chainId) || !equalBytes(envelope.header.dataId, target.dataIdBytes)) {
    throw new InvalidStorageParametersError({ details: "the envelope's header names another chain or dataId" });
  }
  // Sent as a JSON number: it must be exact there.
  if (typeof writtenAt !== "bigint" || writtenAt < 0n || writtenAt > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidStorageParametersError({ details: "`writtenAt` must be a bigint in 0 … 2^53-1 (unix ms)" });
  }
  if (permission !== undefined && permission.dataId.toLowerCase() !== target.dataId) {
    throw new InvalidStorageParametersError({ details: "the write permission is for another dataId" });
  }
  if (permission !== undefined && permission.expiresAt > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidStorageParametersError({ details: "the write permission's `expiresAt` is above 2^53-1" });
  }
  const wire = splitEnvelope({ envelope, ...(readers === undefined ? {} : { readers }) });
  const bytes = fromBase64(wire.envelope)!;
  const expected = (await rawCidOf(bytes)).toString();
  const writer = await signStoreRecord({
    signer,
    chainId: target.chainId,
    dataId: target.dataId,
    envelope: bytes,
    readers: wire.readers.map(({ grantee, slot }) => ({ grantee, slot: fromBase64(slot)! })),
    writtenAt,
  });
  const body = {
    ...wire,
    writer,
    ...(permission === undefined
      ? {}
      : {
          permission: {
            issuer: permission.issuer,
            expiresAt: Number(permission.expiresAt),
            signature: permission.signature,
          },
        }),
  };
  signal?.throwIfAborted();

  const { stored, failures } = await writeQuorum({
    sessions,
    quorum,
    signal,
    write: async (session) => {
      const answer = await nodeRequest({
        nodeUrl: session.nodeUrl,
        method: "PUT",
        path: dataPath(target),
        token: session.token,
        body,
        timeoutMs,
        signal,
      });
      const invalid = (details: string) =>
        new InvalidNodeResponseError({ url: answer.url, status: answer.status, details });
      if (answer.status !== 201) throw invalid("expected 201");
      const cid = isRecord(answer.body) ? answer.body.cid : undefined;
      if (typeof cid !== "string") throw invalid("`cid` is missing");
      if (!(await cidMatches(cid, bytes)))
        throw invalid(`the node answered CID ${cid}, not the envelope's ${expected}`);
    },
  });
  return { cid: expected, stored, failures };
}
