/**
 * Give one grantee its wrapped data key on several nodes at once.
 *
 * @module
 */
import type { Signer } from "ethers";
import { getAddress, isAddress } from "ethers";

import { encodeReaderSlot } from "../crypto/encode.ts";
import type { ReaderSlot } from "../crypto/envelope.ts";
import { InvalidStorageParametersError } from "./data-errors.ts";
import type { DataSession } from "./data-target.ts";
import { checkTarget, dataPath, toBase64 } from "./data-target.ts";
import type { NodeFailure } from "./errors.ts";
import { checkQuorum, writeQuorum } from "./fan-out.ts";
import type { RequestOptions } from "./node-request.ts";
import { nodeRequest } from "./node-request.ts";
import { DEFAULT_WRITE_QUORUM } from "./put-envelope.ts";
import { signReaderChange } from "./sign-reader-change.ts";
import type { ReaderLeaf } from "./write-typed-data.ts";
import { readerLeafOf } from "./write-typed-data.ts";

/**
 * What {@link putReaderSlot} takes.
 *
 * @example
 * ```ts
 * const parameters: PutReaderSlotParameters = { sessions, signer: owner, chainId: 1, dataId, cid, readers: [], grantee, slot };
 * ```
 */
export type PutReaderSlotParameters = RequestOptions & {
  /** One owner session per node, each on `chainId`. */
  sessions: readonly DataSession[];
  /** The owner: signs the new reader set. */
  signer: Signer;
  /** The stored envelope's CID, as `getEnvelope` returns it. */
  cid: string;
  /** The other readers the owner keeps (see `readerLeavesOf`); readers not listed lose their slots. */
  readers: readonly ReaderLeaf[];
  /** Unix milliseconds; now unless given. Must be newer than the record's last write or reader change. */
  writtenAt?: bigint;
  chainId: number | bigint;
  /** `0x` + 64 hex. */
  dataId: string;
  /** The grantee's address; the slot must be wrapped for the key it registered in the KeyRegistry. */
  grantee: string;
  /** The grantee's reader slot (e.g. from `addReader`'s envelope). */
  slot: ReaderSlot;
  /** How many nodes must acknowledge; at most `sessions.length`. */
  quorum?: number;
};

/**
 * The outcome of a reader-slot write that reached its quorum.
 *
 * @example
 * ```ts
 * const { stored, failures }: ReaderSlotWriteResult = await putReaderSlot({ sessions, chainId, dataId, grantee, slot });
 * ```
 */
export type ReaderSlotWriteResult = {
  /** The nodes that acknowledged (base URLs, in the order of `sessions`). */
  stored: string[];
  /** The nodes that did not, and why. */
  failures: NodeFailure[];
};

/**
 * Adds or replaces `grantee`'s reader slot on every session's node at once
 * (`PUT /v1/data/:chainId/:dataId/readers/:grantee`, owner only), with the owner's `StoreRecord` signature over
 * the envelope and the new reader set (`readers` and the grantee's slot), which nodes keep as the record's proof
 * and replicate. The call waits for every node's answer.
 *
 * @throws {WriteQuorumError} when fewer than `quorum` nodes answered 204; a node's refusal is in `failures` (e.g.
 * 400 `READER_KEY_NOT_REGISTERED`, 404 `RECORD_NOT_FOUND`, 409 `STALE_WRITE`).
 * @throws {InvalidStorageParametersError} before any request (quorum, sessions, dataId, grantee).
 * @example
 * ```ts
 * const updated = addReader({ envelope, keyPair: ownerKey, publicKey: granteeKey.publicKey });
 * const slot = updated.readerSlots.find((s) => equalBytes(s.publicKey, granteeKey.publicKey))!;
 * await putReaderSlot({ sessions, signer: owner, chainId: 1, dataId, cid, readers: [], grantee, slot });
 * ```
 */
export async function putReaderSlot({
  sessions,
  signer,
  chainId,
  dataId,
  cid,
  readers,
  writtenAt = BigInt(Date.now()),
  grantee,
  slot,
  quorum = DEFAULT_WRITE_QUORUM,
  timeoutMs,
  signal,
}: PutReaderSlotParameters): Promise<ReaderSlotWriteResult> {
  const target = checkTarget({ sessions, chainId, dataId });
  checkQuorum({ quorum, nodes: sessions.length });
  const address = checkGrantee(grantee);
  const others = checkOtherReaders({ readers, grantee: address });
  const slotBytes = encodeReaderSlot({ slot });
  const writer = await signReaderChange({
    signer,
    chainId,
    dataId,
    cid,
    readers: [...others, readerLeafOf({ grantee: address, slot: slotBytes })],
    writtenAt,
  });
  const body = { slot: toBase64(slotBytes), readers: others, writer };
  const { stored, failures } = await writeQuorum({
    sessions,
    quorum,
    signal,
    write: (session) =>
      nodeRequest({
        nodeUrl: session.nodeUrl,
        method: "PUT",
        path: dataPath(target, `/readers/${address}`),
        token: session.token,
        body,
        timeoutMs,
        signal,
      }),
  });
  return { stored, failures };
}

/**
 * The grantee's checksummed address.
 *
 * @throws {InvalidStorageParametersError} when `grantee` is not an address.
 * @example
 * ```ts
 * checkGrantee("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"); // "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
 * ```
 */
export function checkGrantee(grantee: string): string {
  if (!isAddress(grantee)) throw new InvalidStorageParametersError({ details: "`grantee` is not an address" });
  return getAddress(grantee);
}

/**
 * The readers' leaves with checksummed grantees, none of them `grantee` (the reader being changed).
 *
 * @throws {InvalidStorageParametersError} when a leaf is malformed, names `grantee` or a grantee twice.
 * @example
 * ```ts
 * const others = checkOtherReaders({ readers, grantee });
 * ```
 */
export function checkOtherReaders({
  readers,
  grantee,
}: {
  readers: readonly ReaderLeaf[];
  grantee: string;
}): ReaderLeaf[] {
  const seen = new Set([grantee.toLowerCase()]);
  return readers.map(({ grantee: other, slotHash }) => {
    const address = checkGrantee(other);
    if (seen.has(address.toLowerCase())) {
      throw new InvalidStorageParametersError({ details: `\`readers\` names ${address} twice or as the grantee` });
    }
    seen.add(address.toLowerCase());
    if (!/^0x[0-9a-fA-F]{64}$/.test(slotHash)) {
      throw new InvalidStorageParametersError({ details: "`readers[].slotHash` is not 32-byte hex" });
    }
    return { grantee: address, slotHash: slotHash.toLowerCase() };
  });
}
