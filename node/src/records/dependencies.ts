/**
 * What the records operations are given: the metadata store, the block store, the node's grant view, the chain
 * gateway (KeyRegistry reads on the write path only), a clock and the node's id for audit rows.
 */
import type { ReaderLeaf } from "../../../sdk/src/storage/write-typed-data.ts";
import type { BlockStore } from "../blocks/block-store.ts";
import type { ChainGateway } from "../chain/types.ts";
import type { Clock } from "../clock.ts";
import type { WriteProof } from "../store/records.ts";
import type { Store } from "../store/store.ts";
import type { GrantAccess } from "./grant-access.ts";
import type { AuditBatcher } from "../store/audit-batcher.ts";

/**
 * Dependencies of every records operation.
 *
 * @example
 * ```ts
 * const deps: RecordsDependencies = { store, blockStore, grants, chain, clock: systemClock, nodeId: identity.address };
 * await getRecord(deps, { chainId, dataId, caller });
 * ```
 */
export type RecordsDependencies = {
  store: Store;
  blockStore: BlockStore;
  grants: GrantAccess;
  chain: ChainGateway;
  clock: Clock;
  /** This node's id, written into every audit row (its identity address). */
  nodeId: string;
  /**
   * Called by `putRecord` once a write is committed durably (never before, never for a refused write): the node
   * replicates it to its peers there. Resolves to how many OTHER nodes confirmed storing it durably; a rejection
   * counts as none (the local write stands).
   */
  onStored?: (write: StoredWrite) => Promise<number>;
  /**
   * Group commit of the grantee-read audit rows (`createAuditWriter`, on a worker thread): each read still answers
   * only after its row is durable, but reads share the fsync. Without it, one synchronous append per read.
   */
  auditBatcher?: AuditBatcher;
};

/**
 * A committed write, with everything a peer needs to re-verify it: the envelope's CID (the block holds exactly the
 * signed envelope bytes), the owner in this node's view, the write's proof, the reader slots it signed and the
 * leaves of signed readers whose slots were dropped since (their grants ended).
 *
 * @example
 * ```ts
 * const write: StoredWrite = { chainId, dataId, cid, owner, proof, readers: [{ grantee, slot }] };
 * ```
 */
export type StoredWrite = {
  chainId: number;
  dataId: string;
  cid: string;
  owner: string;
  proof: WriteProof;
  readers: readonly ReaderSlotInput[];
  droppedReaders?: readonly ReaderLeaf[];
};

/**
 * Names one record and who asks: `dataId` lowercase `0x` + 64 hex, `caller` the session's checksummed address.
 *
 * @example
 * ```ts
 * const target: RecordTarget = { chainId: 31337, dataId: "0x…", caller: "0xf39F…" };
 * ```
 */
export type RecordTarget = { chainId: number; dataId: string; caller: string };

/**
 * One grantee's wrapped key as the API carries it (the 128-byte reader slot).
 *
 * @example
 * ```ts
 * const reader: ReaderSlotInput = { grantee: "0x70997970…", slot: slotBytes };
 * ```
 */
export type ReaderSlotInput = { grantee: string; slot: Uint8Array };
