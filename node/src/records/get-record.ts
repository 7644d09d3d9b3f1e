/**
 * Serves a record to its owner (every reader slot) or to a live grantee (its own slot only, and the read is
 * logged). Touches no network: the grant comes from the node's indexed view, the record from SQLite, the envelope
 * from the local block store.
 */
import type { CID } from "multiformats/cid";

import { checksumAddress } from "../../../sdk/src/chain/checksum-address.ts";
import type { BlockStore } from "../blocks/block-store.ts";
import { parseStoredCid } from "../blocks/raw-cid.ts";
import type { RecordTarget, RecordsDependencies } from "./dependencies.ts";
import { auditRead } from "./audit-read.ts";
import { authorizeRead } from "./authorize-read.ts";
import { RecordRequestError } from "./errors.ts";
import { requireRecordLocation } from "./require-record.ts";

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
  /** The owner on record (lowercase), whom the grant was checked for. */
  owner: string;
};

/** A block store that can read a block only if it is local (`createCachedBlockStore`). */
type LocalReader = BlockStore & { getIfLocal(cid: CID): Promise<Uint8Array | undefined> };

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
  deps: RecordsDependencies,
  { chainId, dataId, caller }: RecordTarget,
): Promise<ServedRecord> {
  const { store, blockStore, grants } = deps;
  const record = requireRecordLocation({ store }, { chainId, dataId });
  // The grant is checked for the owner the node has on record (it was the on-chain owner when written).
  const role = authorizeRead({ grants }, { chainId, dataId, caller, owner: record.owner });
  const isOwner = role === "owner";
  const readers = isOwner
    ? store.readerSlots.list({ chainId, dataId })
    : [store.readerSlots.get({ chainId, dataId, grantee: caller })].filter((slot) => slot !== undefined);

  const cid = parseStoredCid(record.cid);
  // Local only: a block this node does not hold is not fetched from peers on the read path.
  const envelope = await readLocalBlock(blockStore, cid);
  if (envelope === undefined) {
    throw new RecordRequestError("The data is not available on this node right now; try another node.", {
      statusCode: 503,
      code: "BLOCK_UNAVAILABLE",
      details: `block ${record.cid} is not local`,
    });
  }

  // The row is durable before the answer.
  if (!isOwner) await auditRead(deps, { chainId, dataId, caller, owner: record.owner });
  return {
    cid: record.cid,
    envelope,
    // A grantee sees only its own slot, which is the caller's: its checksummed address as the session gives it.
    readers: readers.map((slot) => ({ grantee: isOwner ? checksumAddress(slot.grantee) : caller, slot: slot.slot })),
    role,
    owner: record.owner,
  };
}

/** The block if this node holds it, else `undefined`; one round trip when the store can read local-only. */
async function readLocalBlock(blockStore: BlockStore, cid: CID): Promise<Uint8Array | undefined> {
  if ("getIfLocal" in blockStore && typeof blockStore.getIfLocal === "function") {
    return (blockStore as LocalReader).getIfLocal(cid);
  }
  if (!(await blockStore.has(cid))) return undefined;
  return blockStore.get(cid);
}
