/**
 * Take one grantee's wrapped data key off several nodes at once.
 *
 * @module
 */
import type { Signer } from "ethers";

import type { DataSession } from "./data-target.ts";
import { checkTarget, dataPath } from "./data-target.ts";
import { checkQuorum, writeQuorum } from "./fan-out.ts";
import type { RequestOptions } from "./node-request.ts";
import { nodeRequest } from "./node-request.ts";
import { DEFAULT_WRITE_QUORUM } from "./put-envelope.ts";
import type { ReaderSlotWriteResult } from "./put-reader.ts";
import { checkGrantee, checkOtherReaders } from "./put-reader.ts";
import { signReaderChange } from "./sign-reader-change.ts";
import type { ReaderLeaf } from "./write-typed-data.ts";

/**
 * What {@link removeReaderSlot} takes.
 *
 * @example
 * ```ts
 * const parameters: RemoveReaderSlotParameters = { sessions, signer: owner, chainId: 1, dataId, cid, readers: [], grantee };
 * ```
 */
export type RemoveReaderSlotParameters = RequestOptions & {
  /** One owner session per node, each on `chainId`. */
  sessions: readonly DataSession[];
  /** The owner: signs the readers that remain. */
  signer: Signer;
  /** The stored envelope's CID, as `getEnvelope` returns it. */
  cid: string;
  /** The readers that remain (see `readerLeavesOf`); readers not listed lose their slots too. */
  readers: readonly ReaderLeaf[];
  /** Unix milliseconds; now unless given. Must be newer than the record's last write or reader change. */
  writtenAt?: bigint;
  chainId: number | bigint;
  /** `0x` + 64 hex. */
  dataId: string;
  /** The grantee whose slot goes. */
  grantee: string;
  /** How many nodes must acknowledge; at most `sessions.length`. */
  quorum?: number;
};

/**
 * Removes `grantee`'s reader slot on every session's node at once
 * (`DELETE /v1/data/:chainId/:dataId/readers/:grantee`, owner only, with the owner's `StoreRecord` signature over
 * the envelope and the readers that remain; a node answers 204 whether or not the slot was there). This only
 * stops nodes handing the grantee its wrapped key: revoke the grant on-chain to stop reads, and re-seal with a new
 * data key if the grantee may already hold the old one.
 *
 * @throws {WriteQuorumError} when fewer than `quorum` nodes answered 204.
 * @throws {InvalidStorageParametersError} before any request (quorum, sessions, dataId, grantee, readers, cid).
 * @example
 * ```ts
 * const { cid, envelope, grantees } = await getEnvelope({ sessions, chainId: 1, dataId });
 * const readers = readerLeavesOf({ envelope, grantees }).filter((leaf) => leaf.grantee !== grantee);
 * await removeReaderSlot({ sessions, signer: owner, chainId: 1, dataId, cid, readers, grantee });
 * ```
 */
export async function removeReaderSlot({
  sessions,
  signer,
  chainId,
  dataId,
  cid,
  readers,
  writtenAt = BigInt(Date.now()),
  grantee,
  quorum = DEFAULT_WRITE_QUORUM,
  timeoutMs,
  signal,
}: RemoveReaderSlotParameters): Promise<ReaderSlotWriteResult> {
  const target = checkTarget({ sessions, chainId, dataId });
  checkQuorum({ quorum, nodes: sessions.length });
  const address = checkGrantee(grantee);
  const remaining = checkOtherReaders({ readers, grantee: address });
  const writer = await signReaderChange({ signer, chainId, dataId, cid, readers: remaining, writtenAt });
  const body = { readers: remaining, writer };
  const { stored, failures } = await writeQuorum({
    sessions,
    quorum,
    signal,
    write: (session) =>
      nodeRequest({
        nodeUrl: session.nodeUrl,
        method: "DELETE",
        path: dataPath(target, `/readers/${address}`),
        token: session.token,
        body,
        timeoutMs,
        signal,
      }),
  });
  return { stored, failures };
}
