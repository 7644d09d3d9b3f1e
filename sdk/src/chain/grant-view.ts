/**
 * The grant view: a pure, deterministic state machine over AccessGrants events, keyed by chain id. It mirrors
 * the contract's `isGranted`, `isCredentialGranted`, `getAnchor` and `deletionEffectiveAt` from events alone,
 * evaluated at a block time the caller (the follower) supplies, never the wall clock.
 *
 * @module
 */
import { checksumAddress } from "./checksum-address.ts";
import { ChainNotSyncedError, EventOrderError } from "./errors.ts";
import type { AccessGrantsEvent } from "./events.ts";
import type { AnchorRecord, ChainCursor, DeletionRecord, GrantRecord, GrantViewStore } from "./store.ts";

/** The block a batch of events ends at; it becomes the chain's cursor. */
export type AppliedBlock = {
  number: bigint;
  /** Block time in seconds. */
  timestamp: bigint;
  hash: string;
};

/** What {@link GrantView.applyBlocks} takes. */
export type ApplyBlocksParameters = {
  chainId: bigint;
  /** Every AccessGrants event in (cursor, toBlock], sorted by (blockNumber, logIndex). */
  events: readonly AccessGrantsEvent[];
  /** The last block covered; every block after the cursor up to it is applied, with or without events. */
  toBlock: AppliedBlock;
};

/** Names one grant on one chain; `at` is the block time to evaluate at, by default the chain's cursor time. */
export type GrantQuery = {
  chainId: bigint;
  owner: string;
  grantee: string;
  dataId: string;
  at?: bigint | undefined;
};

/** {@link GrantQuery} plus the anchor terms `isCredentialGranted` checks. */
export type CredentialGrantQuery = GrantQuery & { issuer: string; schema: string };

/** Names one dataId on one chain. */
export type DataQuery = { chainId: bigint; dataId: string };

/** Filters a list of grants: with `live`, only those granted at `at` (by default the chain's cursor time). */
export type GrantListFilter = { live?: boolean | undefined; at?: bigint | undefined };

/**
 * The grant view over a {@link GrantViewStore}. Apply events with {@link GrantView.applyBlocks}; ask questions
 * with the other methods. It does no I/O besides the store and reads no clock.
 *
 * State and cursor always move together (one store transaction per apply), so every answer is "as of the
 * cursor block". The `at` a question may pass is meant to be that block's time or later; an earlier `at` is
 * evaluated against the later state (e.g. a grant made after `at` still counts).
 *
 * @example
 * ```ts
 * const view = new GrantView({ store: new MemoryGrantViewStore() });
 * view.applyBlocks({ chainId: 1n, events, toBlock: { number: 120n, timestamp: 1_700_000_000n, hash } });
 * view.isGranted({ chainId: 1n, owner, grantee, dataId }); // at block 120's time
 * ```
 */
export class GrantView {
  readonly #store: GrantViewStore;

  constructor({ store }: { store: GrantViewStore }) {
    this.#store = store;
  }

  /**
   * Applies one batch of events, ending at `toBlock`, and moves the chain's cursor there, atomically: on any
   * error nothing is written. Refuses ({@link EventOrderError}) a batch at or before the cursor, unsorted, or
   * with an event past `toBlock`.
   *
   * @example
   * ```ts
   * view.applyBlocks({ chainId: 1n, events: [granted], toBlock: { number: 12n, timestamp: 1_700_000_100n, hash } });
   * ```
   */
  applyBlocks({ chainId, events, toBlock }: ApplyBlocksParameters): void {
    const cursor = this.#store.getCursor({ chainId });
    if (cursor !== undefined && toBlock.number <= cursor.blockNumber) {
      throw new EventOrderError({
        details: `chain ${chainId}: batch ends at block ${toBlock.number}, cursor is at ${cursor.blockNumber}`,
      });
    }
    let previous: AccessGrantsEvent | undefined;
    for (const event of events) {
      if (cursor !== undefined && event.blockNumber <= cursor.blockNumber) {
        throw new EventOrderError({
          details: `chain ${chainId}: event in block ${event.blockNumber}, already applied up to ${cursor.blockNumber}`,
        });
      }
      if (event.blockNumber > toBlock.number) {
        throw new EventOrderError({
          details: `chain ${chainId}: event in block ${event.blockNumber}, batch ends at ${toBlock.number}`,
        });
      }
      if (
        previous !== undefined &&
        (event.blockNumber < previous.blockNumber ||
          (event.blockNumber === previous.blockNumber && event.logIndex <= previous.logIndex))
      ) {
        throw new EventOrderError({
          details: `chain ${chainId}: log ${event.blockNumber}/${event.logIndex} after ${previous.blockNumber}/${previous.logIndex}`,
        });
      }
      previous = event;
    }
    this.#store.transaction(() => {
      for (const event of events) this.#apply(chainId, event);
      this.#store.putCursor({
        chainId,
        blockNumber: toBlock.number,
        blockTimestamp: toBlock.timestamp,
        blockHash: toBlock.hash,
      });
    });
  }

  /**
   * The chain's cursor: the last applied block, its time and hash; `undefined` before the first apply.
   *
   * @example
   * ```ts
   * const { blockNumber, blockTimestamp } = view.cursor({ chainId: 1n }) ?? {};
   * ```
   */
  cursor({ chainId }: { chainId: bigint }): ChainCursor | undefined {
    return this.#store.getCursor({ chainId });
  }

  /**
   * Mirrors `AccessGrants.isGranted`: the grant exists, has not expired at `at`, and has not been ended by a
   * deletion request (a grant locked past `at` survives one). Throws {@link ChainNotSyncedError} without `at` on
   * a chain never applied.
   *
   * @example
   * ```ts
   * if (view.isGranted({ chainId: 1n, owner, grantee, dataId })) serve();
   * ```
   */
  isGranted({ chainId, owner, grantee, dataId, at }: GrantQuery): boolean {
    const now = this.#time(chainId, at);
    const grant = this.#store.getGrant({
      chainId,
      owner: checksumAddress(owner),
      grantee: checksumAddress(grantee),
      dataId: normalizeId(dataId),
    });
    return grant !== undefined && this.#live(grant, now);
  }

  /**
   * Mirrors `AccessGrants.isCredentialGranted`: {@link GrantView.isGranted} and the dataId was anchored by
   * `issuer` with `schema` and the issuer has not revoked it.
   *
   * @example
   * ```ts
   * view.isCredentialGranted({ chainId: 1n, owner, grantee, dataId, issuer: kycProvider, schema: KYC_SCHEMA });
   * ```
   */
  isCredentialGranted({ issuer, schema, ...query }: CredentialGrantQuery): boolean {
    const anchor = this.#store.getAnchor({ chainId: query.chainId, dataId: normalizeId(query.dataId) });
    return (
      anchor !== undefined &&
      anchor.issuer === checksumAddress(issuer) &&
      anchor.schema === normalizeId(schema) &&
      !anchor.issuerRevoked &&
      this.isGranted(query)
    );
  }

  /**
   * The owner `dataId` is anchored to on the chain, or `undefined` if it is not anchored there.
   *
   * @example
   * ```ts
   * const owner = view.ownerOf({ chainId: 1n, dataId });
   * ```
   */
  ownerOf(query: DataQuery): string | undefined {
    return this.anchorOf(query)?.owner;
  }

  /**
   * The anchor of `dataId` on the chain (owner, issuer, schema, issuer-revoked flag), or `undefined`.
   *
   * @example
   * ```ts
   * const anchor = view.anchorOf({ chainId: 1n, dataId });
   * if (anchor?.issuerRevoked) reject();
   * ```
   */
  anchorOf({ chainId, dataId }: DataQuery): AnchorRecord | undefined {
    return this.#store.getAnchor({ chainId, dataId: normalizeId(dataId) });
  }

  /**
   * Mirrors `AccessGrants.deletionEffectiveAt`, except that "no request" is `undefined` rather than 0: the
   * time (seconds) from which nodes must purge `dataId`.
   *
   * @example
   * ```ts
   * const effectiveAt = view.deletionEffectiveAt({ chainId: 1n, dataId });
   * if (effectiveAt !== undefined && effectiveAt <= now) purge(dataId);
   * ```
   */
  deletionEffectiveAt({ chainId, dataId }: DataQuery): bigint | undefined {
    return this.#store.getDeletion({ chainId, dataId: normalizeId(dataId) })?.effectiveAt;
  }

  /**
   * The deletion requests on the chain that are due at `at` (by default the cursor time), oldest first.
   *
   * @example
   * ```ts
   * for (const { dataId } of view.deletionsDue({ chainId: 1n })) purge(dataId);
   * ```
   */
  deletionsDue({ chainId, at }: { chainId: bigint; at?: bigint | undefined }): DeletionRecord[] {
    const now = this.#time(chainId, at);
    return this.#store
      .listDeletions({ chainId })
      .filter((record) => record.effectiveAt <= now)
      .sort((a, b) => compareBigint(a.effectiveAt, b.effectiveAt) || a.dataId.localeCompare(b.dataId));
  }

  /**
   * The grants `owner` has given on the chain (all unrevoked records, or with `live` only those granted at
   * `at`), sorted by dataId then grantee.
   *
   * @example
   * ```ts
   * const live = view.grantsOf({ chainId: 1n, owner, live: true });
   * ```
   */
  grantsOf({ chainId, owner, live = false, at }: { chainId: bigint; owner: string } & GrantListFilter): GrantRecord[] {
    const records = this.#store.listGrantsByOwner({ chainId, owner: checksumAddress(owner) });
    return this.#filter(chainId, records, live, at);
  }

  /**
   * The grants on `dataId` on the chain (all unrevoked records, or with `live` only those granted at `at`),
   * sorted by grantee: who may read it.
   *
   * @example
   * ```ts
   * const readers = view.granteesOf({ chainId: 1n, dataId, live: true }).map((grant) => grant.grantee);
   * ```
   */
  granteesOf({ chainId, dataId, live = false, at }: DataQuery & GrantListFilter): GrantRecord[] {
    const records = this.#store.listGrantsByData({ chainId, dataId: normalizeId(dataId) });
    return this.#filter(chainId, records, live, at);
  }

  #apply(chainId: bigint, event: AccessGrantsEvent): void {
    const store = this.#store;
    switch (event.kind) {
      case "DataAnchored":
        // The contract anchors a dataId once; its owner and issuer never change.
        store.putAnchor({
          chainId,
          dataId: event.dataId,
          owner: event.owner,
          issuer: event.issuer,
          schema: event.schema,
          issuerRevoked: false,
          anchoredAtBlock: event.blockNumber,
        });
        return;
      case "CredentialStatusChanged": {
        const anchor = store.getAnchor({ chainId, dataId: event.dataId });
        // Absent only when the follower started after the anchor (a `fromBlock` past the deployment).
        if (anchor !== undefined) store.putAnchor({ ...anchor, issuerRevoked: event.revoked });
        return;
      }
      case "Granted": {
        const key = { chainId, owner: event.owner, grantee: event.grantee, dataId: event.dataId };
        const existing = store.getGrant(key);
        // A re-grant replaces lock and expiry (the contract has checked the lock was not shortened).
        store.putGrant({
          ...key,
          lockedUntil: event.lockedUntil,
          expiresAt: event.expiresAt,
          purpose: event.purpose,
          grantedAtBlock: existing?.grantedAtBlock ?? event.blockNumber,
          updatedAtBlock: event.blockNumber,
        });
        return;
      }
      case "Revoked":
        store.deleteGrant({ chainId, owner: event.owner, grantee: event.grantee, dataId: event.dataId });
        return;
      case "DeletionRequested":
        // `effectiveAt` is final: after a request the contract allows no grant, hence no new lock, on the dataId.
        store.putDeletion({
          chainId,
          dataId: event.dataId,
          owner: event.owner,
          effectiveAt: event.effectiveAt,
          requestedAtBlock: event.blockNumber,
        });
        return;
    }
  }

  /** `AccessGrants._isGranted` for a grant record that exists. */
  #live(grant: GrantRecord, now: bigint): boolean {
    if (grant.expiresAt !== 0n && now >= grant.expiresAt) return false;
    if (now < grant.lockedUntil) return true;
    return this.#store.getDeletion({ chainId: grant.chainId, dataId: grant.dataId }) === undefined;
  }

  #time(chainId: bigint, at: bigint | undefined): bigint {
    if (at !== undefined) return at;
    const cursor = this.#store.getCursor({ chainId });
    if (cursor === undefined) throw new ChainNotSyncedError({ chainId });
    return cursor.blockTimestamp;
  }

  #filter(chainId: bigint, records: GrantRecord[], live: boolean, at: bigint | undefined): GrantRecord[] {
    let kept = records;
    if (live) {
      const now = this.#time(chainId, at);
      kept = records.filter((record) => this.#live(record, now));
    }
    return kept.sort((a, b) => a.dataId.localeCompare(b.dataId) || a.grantee.localeCompare(b.grantee));
  }
}

function normalizeId(id: string): string {
  return id.toLowerCase();
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
