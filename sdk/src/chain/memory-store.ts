/**
 * The in-memory {@link GrantViewStore}: for tests, the SDK in a browser, and anything that can afford a rescan
 * on start.
 *
 * @module
 */
import type {
  AnchorRecord,
  ChainCursor,
  DataKey,
  DeletionRecord,
  GrantKey,
  GrantRecord,
  GrantViewStore,
} from "./store.ts";

const dataKey = ({ chainId, dataId }: DataKey) => `${chainId}/${dataId}`;
const grantKey = ({ chainId, owner, grantee, dataId }: GrantKey) => `${chainId}/${owner}/${grantee}/${dataId}`;

/**
 * A {@link GrantViewStore} in plain `Map`s. Transactions keep an undo log, so a failed apply leaves nothing
 * behind. Records are copied in and out: a caller cannot change the store by mutating what it got.
 *
 * @example
 * ```ts
 * const store = new MemoryGrantViewStore();
 * const reader = new GrantReader({ chains: [config], store });
 * ```
 */
export class MemoryGrantViewStore implements GrantViewStore {
  readonly #anchors = new Map<string, AnchorRecord>();
  readonly #grants = new Map<string, GrantRecord>();
  readonly #deletions = new Map<string, DeletionRecord>();
  readonly #cursors = new Map<bigint, ChainCursor>();
  /** Undo actions of the running transaction, newest last; undefined outside one. */
  #undo: (() => void)[] | undefined;

  getAnchor(key: DataKey): AnchorRecord | undefined {
    return copy(this.#anchors.get(dataKey(key)));
  }

  putAnchor(record: AnchorRecord): void {
    this.#set(this.#anchors, dataKey(record), { ...record });
  }

  getGrant(key: GrantKey): GrantRecord | undefined {
    return copy(this.#grants.get(grantKey(key)));
  }

  putGrant(record: GrantRecord): void {
    this.#set(this.#grants, grantKey(record), { ...record });
  }

  deleteGrant(key: GrantKey): void {
    this.#set(this.#grants, grantKey(key), undefined);
  }

  getDeletion(key: DataKey): DeletionRecord | undefined {
    return copy(this.#deletions.get(dataKey(key)));
  }

  putDeletion(record: DeletionRecord): void {
    this.#set(this.#deletions, dataKey(record), { ...record });
  }

  listDeletions({ chainId }: { chainId: bigint }): DeletionRecord[] {
    return [...this.#deletions.values()].filter((record) => record.chainId === chainId).map((r) => ({ ...r }));
  }

  listGrantsByOwner({ chainId, owner }: { chainId: bigint; owner: string }): GrantRecord[] {
    return [...this.#grants.values()]
      .filter((record) => record.chainId === chainId && record.owner === owner)
      .map((record) => ({ ...record }));
  }

  listGrantsByData({ chainId, dataId }: DataKey): GrantRecord[] {
    return [...this.#grants.values()]
      .filter((record) => record.chainId === chainId && record.dataId === dataId)
      .map((record) => ({ ...record }));
  }

  getCursor({ chainId }: { chainId: bigint }): ChainCursor | undefined {
    return copy(this.#cursors.get(chainId));
  }

  putCursor(cursor: ChainCursor): void {
    this.#set(this.#cursors, cursor.chainId, { ...cursor });
  }

  transaction<T>(fn: () => T): T {
    if (this.#undo !== undefined) return fn(); // nested: part of the outer transaction
    const undo: (() => void)[] = [];
    this.#undo = undo;
    try {
      const result = fn();
      this.#undo = undefined;
      return result;
    } catch (error) {
      this.#undo = undefined;
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      throw error;
    }
  }

  /** Sets (or, with `undefined`, deletes) one entry, logging how to undo it inside a transaction. */
  #set<K, V>(map: Map<K, V>, key: K, value: V | undefined): void {
    if (this.#undo !== undefined) {
      const had = map.has(key);
      const previous = map.get(key);
      this.#undo.push(() => (had ? map.set(key, previous as V) : map.delete(key)));
    }
    if (value === undefined) map.delete(key);
    else map.set(key, value);
  }
}

function copy<T extends object>(record: T | undefined): T | undefined {
  return record === undefined ? undefined : { ...record };
}
