/**
 * Give one grantee its wrapped data key on several nodes at once.
 *
 * @module
 */
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

/**
 * What {@link putReaderSlot} takes.
 *
 * @example
 * ```ts
 * const parameters: PutReaderSlotParameters = { sessions, chainId: 1, dataId, grantee, slot };
 * ```
 */
export type PutReaderSlotParameters = RequestOptions & {
  /** One owner session per node, each on `chainId`. */
  sessions: readonly DataSession[];
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
 * (`PUT /v1/data/:chainId/:dataId/readers/:grantee`, owner only). The call waits for every node's answer.
 *
 * @throws {WriteQuorumError} when fewer than `quorum` nodes answered 204; a node's refusal is in `failures` (e.g.
 * 400 `READER_KEY_NOT_REGISTERED`, 404 `RECORD_NOT_FOUND`).
 * @throws {InvalidStorageParametersError} before any request (quorum, sessions, dataId, grantee).
 * @example
 * ```ts
 * const updated = addReader({ envelope, keyPair: ownerKey, publicKey: granteeKey.publicKey });
 * const slot = updated.readerSlots.find((s) => equalBytes(s.publicKey, granteeKey.publicKey))!;
 * await putReaderSlot({ sessions, chainId: 1, dataId, grantee, slot });
 * ```
 */
export async function putReaderSlot({
  sessions,
  chainId,
  dataId,
  grantee,
  slot,
  quorum = DEFAULT_WRITE_QUORUM,
  timeoutMs,
  signal,
}: PutReaderSlotParameters): Promise<ReaderSlotWriteResult> {
  const target = checkTarget({ sessions, chainId, dataId });
  checkQuorum({ quorum, nodes: sessions.length });
  const address = checkGrantee(grantee);
  const body = { slot: toBase64(encodeReaderSlot({ slot })) };
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
