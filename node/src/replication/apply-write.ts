/**
 * Applies a replicated write received from a peer (pushed, gossiped, or fetched while catching up), trusting
 * nothing of the peer: the owner comes from this node's own view of the chain, the writer's signature (and the
 * owner's permission) are verified through this node's chain gateway, reader keys are checked against the
 * KeyRegistry, a stale write is refused, and the envelope is the block named by the CID, fetched over bitswap
 * within a timeout. The checks and the one-transaction commit are the PUT path's own: after an early signature
 * check from the CID alone (so a forged message costs no block fetch), the write goes through `putRecord` with the
 * writer as the caller, and without the `onStored` hook (a replicated write is not pushed on again).
 */
import { getAddress, hexlify } from "ethers";
import { CID } from "multiformats/cid";

import { readerLeafOf, readersHashOfLeaves, storeRecordDigest } from "../../../sdk/src/storage/write-typed-data.ts";
import { UnsupportedCidError } from "../blocks/errors.ts";
import { rawCid } from "../blocks/raw-cid.ts";
import { ChainUnavailableError } from "../errors.ts";
import type { RecordsDependencies } from "../records/dependencies.ts";
import { RecordRequestError } from "../records/errors.ts";
import { isSignatureOf } from "../records/is-signature-of.ts";
import { putRecord } from "../records/put-record.ts";
import type { ReplicatedRecord } from "./message.ts";

/** Default time a replicated write's block may take to arrive over bitswap. */
export const DEFAULT_REPLICATION_BLOCK_TIMEOUT_MS = 5_000;

/**
 * What became of a replicated write: `stored` (now durable here, or already was: the same write), `pending` (this
 * node cannot decide yet: the dataId is not anchored in its view, the chain is not synced or unreachable, the block
 * did not arrive; worth retrying), or `refused` for good (with the PUT path's refusal code).
 *
 * @example
 * ```ts
 * const outcome: ApplyOutcome = { status: "refused", code: "WRITE_SIGNATURE_INVALID" };
 * ```
 */
export type ApplyOutcome = { status: "stored" | "pending" | "refused"; code?: string };

/** Refusals that may clear up by themselves: retry later. */
const PENDING_CODES = new Set(["DATA_NOT_ANCHORED", "CHAIN_NOT_SYNCED"]);

/**
 * Verifies and stores one replicated write (see the module doc). Never throws for a bad message: the outcome says
 * what happened.
 *
 * @example
 * ```ts
 * const outcome = await applyReplicatedWrite(deps, message, { blockTimeoutMs: 5_000 });
 * if (outcome.status === "pending") retryLater(message);
 * ```
 */
export async function applyReplicatedWrite(
  deps: RecordsDependencies,
  message: ReplicatedRecord,
  { blockTimeoutMs = DEFAULT_REPLICATION_BLOCK_TIMEOUT_MS }: { blockTimeoutMs?: number } = {},
): Promise<ApplyOutcome> {
  const { store, grants, blockStore } = deps;
  const { chainId, dataId } = message;
  try {
    if (isSameWrite(deps, message)) return { status: "stored" };
    // The owner and the deletion state from this node's own view; `putRecord` checks both again before committing.
    const owner = grants.ownerOf(chainId, dataId);
    if (owner === undefined) return { status: "pending", code: "DATA_NOT_ANCHORED" };
    if (grants.isDeletionPending(chainId, dataId)) return { status: "refused", code: "DELETION_PENDING" };
    // Only the owner writes, or the issuer its permission names (the permission itself is verified by `putRecord`).
    const issuer = message.permission?.issuer;
    if (issuer === undefined ? owner.toLowerCase() !== message.writer : issuer !== message.writer) {
      return { status: "refused", code: issuer === undefined ? "NOT_OWNER" : "PERMISSION_ISSUER_MISMATCH" };
    }
    const stored = store.records.get({ chainId, dataId })?.proof?.writtenAt;
    if (stored !== undefined && message.writtenAt <= stored) return { status: "refused", code: "STALE_WRITE" };

    let cid: CID;
    try {
      cid = CID.parse(message.cid);
    } catch {
      return { status: "refused", code: "INVALID_CID" };
    }
    if (!(await signedByWriter(deps, message, cid))) return { status: "refused", code: "WRITE_SIGNATURE_INVALID" };

    const hadBlock = await blockStore.has(cid);
    let bytes: Uint8Array;
    try {
      bytes = await blockStore.get(cid, { timeoutMs: blockTimeoutMs });
    } catch (error) {
      if (error instanceof UnsupportedCidError) {
        return { status: "refused", code: "INVALID_CID" };
      }
      return { status: "pending", code: "BLOCK_NOT_FOUND" };
    }
    if ((await rawCid(bytes)).toString() !== cid.toString()) return { status: "refused", code: "ENVELOPE_MISMATCH" };

    const outcome = await commit(deps, message, bytes);
    if (outcome.status === "refused" && !hadBlock && !isReferenced(deps, message)) {
      // Leave nothing behind of a refused write: drop the block fetched for it.
      await blockStore.delete(cid).catch(() => undefined);
    }
    return outcome;
  } catch (error) {
    return classify(deps, message, error);
  }
}

/** Stores the write through the PUT path, with the writer as the caller. */
async function commit(deps: RecordsDependencies, message: ReplicatedRecord, bytes: Uint8Array): Promise<ApplyOutcome> {
  const { onStored: _notPushedAgain, ...rest } = deps;
  // A permission's expiry and the record's times are judged at the write's own time (never later than now): a
  // permission that ran out after the write was made does not void a write a peer accepted in time.
  const clock = (): number => Math.min(deps.clock(), message.writtenAt);
  try {
    await putRecord(
      { ...rest, clock },
      {
        chainId: message.chainId,
        dataId: message.dataId,
        caller: getAddress(message.writer),
        envelope: bytes,
        readers: message.readers,
        droppedReaders: message.droppedReaders,
        writer: { writtenAt: message.writtenAt, signature: message.writerSignature },
        ...(message.permission === undefined ? {} : { permission: message.permission }),
      },
    );
    return { status: "stored" };
  } catch (error) {
    return classify(deps, message, error);
  }
}

/** Turns a failure into an outcome: chain and block trouble may pass, a refusal by the PUT checks does not. */
function classify(deps: RecordsDependencies, message: ReplicatedRecord, error: unknown): ApplyOutcome {
  if (error instanceof RecordRequestError) {
    // A concurrent delivery of the same write (push and gossip) loses the race inside the transaction.
    if (error.code === "STALE_WRITE" && isSameWrite(deps, message)) return { status: "stored" };
    return { status: PENDING_CODES.has(error.code) ? "pending" : "refused", code: error.code };
  }
  if (error instanceof ChainUnavailableError) return { status: "pending", code: "CHAIN_UNAVAILABLE" };
  return { status: "pending", code: "INTERNAL" };
}

/** Whether exactly this write (same writer, time and CID) is already stored here. */
function isSameWrite(deps: RecordsDependencies, message: ReplicatedRecord): boolean {
  const existing = deps.store.records.get({ chainId: message.chainId, dataId: message.dataId });
  return (
    existing?.proof !== undefined &&
    existing.cid === message.cid &&
    existing.proof.writtenAt === message.writtenAt &&
    existing.proof.writer.toLowerCase() === message.writer
  );
}

/** Whether a stored record (this one's dataId) still references the message's block. */
function isReferenced(deps: RecordsDependencies, message: ReplicatedRecord): boolean {
  return deps.store.records.get({ chainId: message.chainId, dataId: message.dataId })?.cid === message.cid;
}

/**
 * The early gate: whether the writer signed a `StoreRecord` whose envelope hash is the CID's sha2-256 digest, over
 * these readers (with the dropped ones' leaves) and this time. `verifyWrite` repeats the full check over the
 * fetched bytes before anything is stored; this one only spares a block fetch for a forged message.
 */
async function signedByWriter(deps: RecordsDependencies, message: ReplicatedRecord, cid: CID): Promise<boolean> {
  if (cid.multihash.code !== 0x12 || cid.multihash.digest.length !== 32) return false;
  let digest: string;
  try {
    digest = storeRecordDigest({
      chainId: message.chainId,
      message: {
        dataId: message.dataId,
        envelopeHash: hexlify(cid.multihash.digest),
        readersHash: readersHashOfLeaves([...message.readers.map(readerLeafOf), ...message.droppedReaders]),
        writtenAt: BigInt(message.writtenAt),
      },
    });
  } catch {
    return false;
  }
  return isSignatureOf({
    chain: deps.chain,
    chainId: message.chainId,
    address: message.writer,
    digest,
    signature: message.writerSignature,
  });
}
