/**
 * The storage seam of the grant view: the records it keeps per chain and the small synchronous interface a
 * backend implements. {@link MemoryGrantViewStore} is the in-memory backend; a node plugs in `node:sqlite`.
 *
 * Every record carries its `chainId`, and every key starts with it: two chains never share a record.
 * Addresses are checksummed (`getAddress`), dataIds lower-case 0x-hex; implementations compare them as given.
 *
 * @module
 */

/** What an anchor binds a dataId to. Mirrors `IAccessGrants.Anchor` minus nonces and the deletion fields. */
export type AnchorRecord = {
  chainId: bigint;
  dataId: string;
  owner: string;
  /** The issuer that anchored it; the owner itself for self-added data. */
  issuer: string;
  /** Credential type, or the zero hash. */
  schema: string;
  /** Set by the issuer when it withdraws the credential. */
  issuerRevoked: boolean;
  /** Block of the `DataAnchored` event. */
  anchoredAtBlock: bigint;
};

/** A live grant (one that was granted and not revoked; it may still have expired). */
export type GrantRecord = {
  chainId: bigint;
  owner: string;
  grantee: string;
  dataId: string;
  /** Seconds; the owner cannot revoke before it. 0 = no lock. */
  lockedUntil: bigint;
  /** Seconds; the grant ends at it. 0 = never. */
  expiresAt: bigint;
  /** Purpose hash of the latest `Granted` event. */
  purpose: string;
  /** Block of the first `Granted` event since the grant was last absent. */
  grantedAtBlock: bigint;
  /** Block of the latest `Granted` event. */
  updatedAtBlock: bigint;
};

/** An owner's deletion request for a dataId. Final: no grant and no second request can follow it. */
export type DeletionRecord = {
  chainId: bigint;
  dataId: string;
  owner: string;
  /** Seconds: when nodes must purge, max(request time, latest lock on the dataId). */
  effectiveAt: bigint;
  /** Block of the `DeletionRequested` event. */
  requestedAtBlock: bigint;
};

/**
 * The last block whose events are all applied, for one chain: the view's "now" on that chain. State and cursor
 * move together, so grants are always evaluated at the time of the block the state is from.
 */
export type ChainCursor = {
  chainId: bigint;
  blockNumber: bigint;
  /** Block time in seconds. */
  blockTimestamp: bigint;
  /** Block hash, to notice a reorg below the confirmation depth. */
  blockHash: string;
};

/** Names one grant. */
export type GrantKey = { chainId: bigint; owner: string; grantee: string; dataId: string };

/** Names one dataId on one chain. */
export type DataKey = { chainId: bigint; dataId: string };

/**
 * What the grant view needs from storage. Synchronous, like `node:sqlite`: an apply runs inside one
 * {@link GrantViewStore.transaction}, so records and cursor are written together or not at all.
 *
 * @example
 * ```ts
 * const store: GrantViewStore = new MemoryGrantViewStore();
 * const view = new GrantView({ store });
 * ```
 */
export interface GrantViewStore {
  getAnchor(key: DataKey): AnchorRecord | undefined;
  putAnchor(record: AnchorRecord): void;
  getGrant(key: GrantKey): GrantRecord | undefined;
  putGrant(record: GrantRecord): void;
  deleteGrant(key: GrantKey): void;
  getDeletion(key: DataKey): DeletionRecord | undefined;
  putDeletion(record: DeletionRecord): void;
  /** Every deletion request on one chain, in any order. */
  listDeletions(key: { chainId: bigint }): DeletionRecord[];
  /** Every grant record of `owner` on one chain, in any order. */
  listGrantsByOwner(key: { chainId: bigint; owner: string }): GrantRecord[];
  /** Every grant record on `dataId`, in any order. */
  listGrantsByData(key: DataKey): GrantRecord[];
  getCursor(key: { chainId: bigint }): ChainCursor | undefined;
  putCursor(cursor: ChainCursor): void;
  /** Runs `fn`; if it throws, every write it made is undone and the error rethrown. */
  transaction<T>(fn: () => T): T;
}
