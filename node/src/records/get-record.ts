/**
 * Serves a record to its owner (every reader slot) or to a live grantee (its own slot only, and the read is
 * logged). Touches no network: the grant comes from the node's indexed view, the record from SQLite, the envelope
 * from the local block store.
 */
import { getAddress } from "ethers";
import { CID } from "multiformats/cid";

import { unixSeconds } from "../clock.ts";
import type { RecordTarget, RecordsDependencies } from "./dependencies.ts";
import { RecordRequestError } from "./errors.ts";
import { requireRecord } from "./require-record.ts";

/**
 * A record as served: the envelope (no reader slots) and the wrapped keys the caller may see.
 *
 * @example
 * ```ts
 * const { cid, envelope, readers } = await getRecord(deps, { chainId, dataId, caller });
 * ```
 */
export type ServedRecord = {
  cid: string;
  /** The envelope bytes as stored (zero reader slots). */
  envelope: Uint8Array;
  /** The owner gets every slot; a grantee only its own (or none, if the owner has not added one yet). */
  readers: { grantee: string; slot: Uint8Array }[];
  /** How the caller was let in. */
  role: "owner" | "grantee";
};

/**
 * Returns the record for its owner, or for a grantee whose grant is live at the confirmed block time (appending
 * an audit row — reader, node id, confirmed block number, time — before answering).
 *
 * @throws {RecordRequestError} `RECORD_NOT_FOUND` (404), `NOT_GRANTED` (403), `BLOCK_UNAVAILABLE` (503) when the
 *   envelope's block is not on this node's disk; `CHAIN_NOT_SYNCED` (503) from the grant view.
 * @example
 * ```ts
 * const served = await getRecord(deps, { chainId: 31337, dataId, caller: session.address });
 * ```
 */
export async function getRecord(
  { store, blockStore, grants, clock, nodeId }: RecordsDependencies,
  { chainId, dataId, caller }: RecordTarget,
): Promise<ServedRecord> {
  const record = requireRecord({ store }, { chainId, dataId });
  // The grant is checked for the owner the node has on record (it was the on-chain owner when written).
  const isOwner = record.owner === caller.toLowerCase();
  if (!isOwner && !grants.isGranted(chainId, record.owner, caller, dataId)) {
    throw new RecordRequestError("The caller is neither the owner nor a live grantee of this data.", {
      statusCode: 403,
      code: "NOT_GRANTED",
    });
  }
  const readers = isOwner
    ? store.readerSlots.list({ chainId, dataId })
    : [store.readerSlots.get({ chainId, dataId, grantee: caller })].filter((slot) => slot !== undefined);

  const cid = CID.parse(record.cid);
  // Local only: a block this node does not hold is not fetched from peers on the read path.
  if (!(await blockStore.has(cid))) {
    throw new RecordRequestError("The data is not available on this node right now; try another node.", {
      statusCode: 503,
      code: "BLOCK_UNAVAILABLE",
      details: `block ${record.cid} is not local`,
    });
  }
  const envelope = await blockStore.get(cid);

  if (!isOwner) {
    store.auditLog.append({
      chainId,
      dataId,
      owner: record.owner,
      reader: caller,
      nodeId,
      readAt: unixSeconds(clock),
      blockNumber: grants.confirmedBlock(chainId).blockNumber,
    });
  }
  return {
    cid: record.cid,
    envelope,
    readers: readers.map((slot) => ({ grantee: getAddress(slot.grantee), slot: slot.slot })),
    role: isOwner ? "owner" : "grantee",
  };
}
