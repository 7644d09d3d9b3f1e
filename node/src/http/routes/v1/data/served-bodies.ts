/**
 * The answer bodies of `GET /v1/data/:chainId/:dataId`, kept in memory per (chain, dataId, caller): the JSON of
 * the envelope (the same base64 for every read of a CID) and the caller's reader slots, with the owner on record
 * and the store's write generation they were read at. A body is served again only while that generation is
 * current, so any write of the record or of its reader slots retires it; who may read is never kept here: every
 * read is still authorized against the grant view and audited (see `get-data.ts`).
 */
import type { ServedRecord } from "../../../../records/get-record.ts";
import { toBase64 } from "./request-target.ts";

/**
 * One kept answer.
 *
 * @example
 * ```ts
 * { owner: "0xf39f…", body: Buffer.from('{"cid":"bafkrei…",…}'), generation: 7 }
 * ```
 */
export type ServedBody = {
  /** The owner on record (lowercase) when the body was read: the grant is checked for this owner. */
  owner: string;
  /** The JSON answer, byte for byte. */
  body: Buffer;
  /** `store.servedGeneration()` when the record and slots were read. */
  generation: number;
};

/**
 * The kept answers.
 *
 * @example
 * ```ts
 * const bodies = createServedBodies();
 * bodies.set(key, { owner, body, generation });
 * bodies.get(key, store.servedGeneration()!); // the body, while nothing was written since
 * ```
 */
export type ServedBodies = {
  /** The answer kept under `key` if it was read at `generation`; a stale one is forgotten. */
  get(key: string, generation: number): ServedBody | undefined;
  /** Keeps an answer (unless it is larger than a tenth of the budget); forgets the oldest to stay in budget. */
  set(key: string, entry: ServedBody): void;
};

/** Bytes of answer bodies kept at most, by default. */
export const SERVED_BODIES_MAX_BYTES = 32 * 1024 * 1024;

/**
 * An empty cache holding at most `maxBytes` of bodies.
 *
 * @example
 * ```ts
 * const bodies = createServedBodies({ maxBytes: 8 * 1024 * 1024 });
 * ```
 */
export function createServedBodies({ maxBytes = SERVED_BODIES_MAX_BYTES }: { maxBytes?: number } = {}): ServedBodies {
  const kept = new Map<string, ServedBody>();
  let bytes = 0;
  const forget = (key: string, entry: ServedBody): void => {
    kept.delete(key);
    bytes -= entry.body.length;
  };
  return {
    get(key, generation) {
      const entry = kept.get(key);
      if (entry === undefined || entry.generation === generation) return entry;
      forget(key, entry);
      return undefined;
    },
    set(key, entry) {
      if (entry.body.length > maxBytes / 10) return;
      const previous = kept.get(key);
      if (previous !== undefined) forget(key, previous);
      // Oldest first: a Map iterates in insertion order.
      for (const [oldKey, old] of kept) {
        if (bytes + entry.body.length <= maxBytes) break;
        forget(oldKey, old);
      }
      kept.set(key, entry);
      bytes += entry.body.length;
    },
  };
}

/**
 * The JSON answer of a served record, as the route's response schema describes it.
 *
 * @example
 * ```ts
 * reply.type("application/json; charset=utf-8").send(servedBody(await getRecord(deps, target)));
 * ```
 */
export function servedBody({ cid, envelope, readers }: ServedRecord): Buffer {
  return Buffer.from(
    JSON.stringify({
      cid,
      envelope: toBase64(envelope),
      readers: readers.map(({ grantee, slot }) => ({ grantee, slot: toBase64(slot) })),
    }),
  );
}
