/**
 * Replication between Idem nodes, on libp2p's own parts:
 *
 * - **Push on write.** After a PUT commits, the node announces the write on gossipsub (best effort) and pushes it
 *   to every connected peer over the sync protocol (`/idem/sync/1.0.0`); a peer answers only once it has verified
 *   and durably stored the write (fetching the envelope's block from the writer over bitswap), so the PUT can tell
 *   the SDK how many nodes hold it (`replicas`).
 * - **Catch-up.** At start (after boot, before the node serves) and every `pollIntervalMs`, the node asks each
 *   connected peer for the records that changed there since its cursor for that peer (the peer's `record_changes`
 *   sequence number, persisted in `replication_cursors`), and applies each one.
 * - **Pending writes.** A write this node cannot decide yet (its view does not know the dataId's owner yet, the
 *   chain is unreachable, the block did not arrive) is kept in memory and retried on later polls, up to
 *   `maxAttempts` times and `maxPending` writes. During catch-up the cursor stops before such a write, so it is
 *   asked for again.
 *
 * Every received write goes through `applyReplicatedWrite`: verified from scratch, never trusted because of who
 * sent it. A write for a dataId whose deletion is pending is never applied, nor offered to peers.
 *
 * Sync protocol bodies (UTF-8 JSON):
 * - `{ "op": "push", "record": <ReplicatedRecord wire form> }` → `{ "status": "stored" | "pending" | "refused", "code"? }`
 * - `{ "op": "since", "after": <seq>, "limit": <n> }` → `{ "changes": [{ "seq", "record" }], "next": <seq>, "more": bool }`
 *   (`next`: the last sequence number the answer covers, records that cannot be offered included).
 */
import type { GossipSub } from "@libp2p/gossipsub";
import type { Libp2p, PeerId } from "@libp2p/interface";
import type { Logger } from "pino";

import { subscribeAnnouncements } from "../p2p/announcements.ts";
import type { Announcements } from "../p2p/announcements.ts";
import { handleSync, requestSync } from "../p2p/sync-protocol.ts";
import type { RecordsDependencies, StoredWrite } from "../records/dependencies.ts";
import { applyReplicatedWrite } from "./apply-write.ts";
import type { ApplyOutcome } from "./apply-write.ts";
import { changeLog } from "./change-log.ts";
import {
  MalformedReplicationMessageError,
  decodeReplicatedRecord,
  encodeReplicatedRecord,
  fromWire,
  parseJson,
  recordFromStore,
  recordFromStoredWrite,
  toWire,
} from "./message.ts";
import type { ReplicatedRecord } from "./message.ts";

/** Default interval of catch-up polls and pending retries. */
export const DEFAULT_REPLICATION_POLL_MS = 5_000;
/** Default time a push to one peer may take (the peer fetches the block and verifies before answering). */
export const DEFAULT_PUSH_TIMEOUT_MS = 8_000;
/** Most changes asked for in one catch-up request. */
export const CATCH_UP_BATCH = 100;
/** Largest answer to a `since` request the node builds, in bytes of JSON (well under the protocol's 16 MiB). */
const MAX_SINCE_ANSWER_BYTES = 8 * 1024 * 1024;
/** Most batches asked of one peer in one poll. */
const MAX_BATCHES_PER_POLL = 50;

/** The part of a network node replication uses. */
export type ReplicationNetwork = {
  helia: {
    libp2p: Pick<Libp2p, "handle" | "unhandle" | "dialProtocol" | "getPeers"> & {
      services: { pubsub: GossipSub };
    };
  };
};

/**
 * Options of {@link startReplication}.
 *
 * @example
 * ```ts
 * const options: ReplicationOptions = { network, deps, logger, pollIntervalMs: 5_000 };
 * ```
 */
export type ReplicationOptions = {
  /** The started network node. */
  network: ReplicationNetwork;
  /** The records dependencies of the PUT path (its `onStored`, if any, is ignored for replicated writes). */
  deps: RecordsDependencies;
  logger: Logger;
  /** Catch-up and retry interval; {@link DEFAULT_REPLICATION_POLL_MS} unless given. */
  pollIntervalMs?: number;
  /** Time allowed to each peer's push answer; {@link DEFAULT_PUSH_TIMEOUT_MS} unless given. */
  pushTimeoutMs?: number;
  /** Time a replicated write's block may take over bitswap. */
  blockTimeoutMs?: number;
  /** Most writes kept for a retry (1000 unless given); the oldest goes first. */
  maxPending?: number;
  /** Most tries of one pending write or catch-up change (20 unless given). */
  maxAttempts?: number;
};

/**
 * A running replication.
 *
 * @example
 * ```ts
 * const replication = await startReplication({ network, deps, logger });
 * await replication.catchUp();
 * replication.startPolling();
 * const app = await buildApp({ ...rest, onStored: replication.onStored });
 * await replication.stop();
 * ```
 */
export type Replication = {
  /** The PUT path's hook: announces and pushes the write; resolves to how many peers confirmed storing it. */
  onStored: (write: StoredWrite) => Promise<number>;
  /** Asks every connected peer for what changed since its cursor and retries pending writes; one run at a time. */
  catchUp: () => Promise<void>;
  /** Runs {@link Replication.catchUp} every `pollIntervalMs` from now on. */
  startPolling: () => void;
  /** How many received writes wait for a retry. */
  pendingCount: () => number;
  /** Stops polling, waits for a running catch-up, stops serving the sync protocol and leaves the topic. */
  stop: () => Promise<void>;
};

type SyncRequest = { op: "push"; record: ReplicatedRecord } | { op: "since"; after: number; limit: number };

/**
 * Serves the sync protocol and subscribes to the metadata topic; returns the running replication (see the module
 * doc). Polling starts only with `startPolling`, so a node can catch up once before it serves.
 *
 * @example
 * ```ts
 * const replication = await startReplication({ network, deps, logger });
 * ```
 */
export async function startReplication({
  network,
  deps,
  logger,
  pollIntervalMs = DEFAULT_REPLICATION_POLL_MS,
  pushTimeoutMs = DEFAULT_PUSH_TIMEOUT_MS,
  blockTimeoutMs,
  maxPending = 1_000,
  maxAttempts = 20,
}: ReplicationOptions): Promise<Replication> {
  const { libp2p } = network.helia;
  const { onStored: _ignored, ...replicaDeps } = deps;
  const log = changeLog(deps.store.db);
  const pending = new Map<string, { message: ReplicatedRecord; attempts: number }>();
  const changeAttempts = new Map<string, number>();
  const applyOptions = blockTimeoutMs === undefined ? {} : { blockTimeoutMs };
  let stopped = false;

  const apply = async (message: ReplicatedRecord, source: string): Promise<ApplyOutcome> => {
    const outcome = await applyReplicatedWrite(replicaDeps, message, applyOptions);
    const key = `${message.chainId}:${message.dataId}:${message.writtenAt}:${message.cid}`;
    if (outcome.status === "pending" && source !== "catch-up") {
      if (!pending.has(key)) {
        if (pending.size >= maxPending) pending.delete(pending.keys().next().value!);
        pending.set(key, { message, attempts: 1 });
      }
    } else {
      pending.delete(key);
    }
    logger.debug({ dataId: message.dataId, source, ...outcome }, "replicated write");
    if (outcome.status === "refused") {
      logger.info({ dataId: message.dataId, source, code: outcome.code }, "replicated write refused");
    }
    return outcome;
  };

  const answer = async (request: Uint8Array): Promise<unknown> => {
    const parsed = parseRequest(request);
    if (parsed.op === "push") return apply(parsed.record, "push");
    return changesSince(parsed.after, parsed.limit);
  };

  const changesSince = (after: number, limit: number): unknown => {
    const changes: { seq: number; record: unknown }[] = [];
    const rows = log.since({ after, limit: Math.min(limit, CATCH_UP_BATCH) + 1 });
    const more = rows.length > Math.min(limit, CATCH_UP_BATCH);
    let next = after;
    let size = 0;
    for (const change of rows.slice(0, Math.min(limit, CATCH_UP_BATCH))) {
      const record = deps.store.records.get(change);
      const message =
        record === undefined
          ? undefined
          : recordFromStore(record, deps.store.readerSlots.list(change), deps.store.readerSlots.listDropped(change));
      if (message !== undefined && !deletionPending(message)) {
        const wire = toWire(message);
        size += JSON.stringify(wire).length;
        if (size > MAX_SINCE_ANSWER_BYTES && changes.length > 0) return { changes, next, more: true };
        changes.push({ seq: change.seq, record: wire });
      }
      next = change.seq;
    }
    return { changes, next, more };
  };

  const deletionPending = (message: ReplicatedRecord): boolean => {
    try {
      return deps.grants.isDeletionPending(message.chainId, message.dataId);
    } catch {
      return true;
    }
  };

  const stopServing = await handleSync(network, async (request) => encodeJson(await answer(request)));
  let announcements: Announcements | undefined;
  try {
    announcements = subscribeAnnouncements(network, {
      onMessage: async ({ data, from }) => {
        if (stopped) return;
        await apply(decodeReplicatedRecord(data), `gossip:${from.toString()}`);
      },
      onError: (error) => {
        if (!(error instanceof MalformedReplicationMessageError)) logger.warn({ err: error }, "gossip message failed");
      },
    });
  } catch (error) {
    await stopServing();
    throw error;
  }

  const catchUpPeer = async (peer: PeerId): Promise<void> => {
    const peerId = peer.toString();
    for (let batch = 0; batch < MAX_BATCHES_PER_POLL && !stopped; batch++) {
      const after = log.cursor(peerId);
      const response = parseSince(
        await requestSync(network, peer, encodeJson({ op: "since", after, limit: CATCH_UP_BATCH })),
      );
      let cursor = response.next;
      for (const { seq, record } of response.changes) {
        const outcome = await apply(record, "catch-up");
        if (outcome.status !== "pending") continue;
        const key = `${peerId}:${seq}`;
        const attempts = (changeAttempts.get(key) ?? 0) + 1;
        changeAttempts.set(key, attempts);
        if (attempts >= maxAttempts) {
          logger.warn({ peerId, seq, dataId: record.dataId, code: outcome.code }, "replicated write given up");
          changeAttempts.delete(key);
          continue;
        }
        // Ask for it again on the next poll: the cursor stays before it.
        cursor = Math.min(cursor, seq - 1);
      }
      if (cursor > after) log.advance(peerId, cursor);
      if (!response.more || cursor < response.next) return;
    }
  };

  const retryPending = async (): Promise<void> => {
    for (const [key, entry] of [...pending]) {
      if (stopped) return;
      const outcome = await applyReplicatedWrite(replicaDeps, entry.message, applyOptions);
      if (outcome.status !== "pending") {
        pending.delete(key);
        logger.debug({ dataId: entry.message.dataId, ...outcome }, "pending replicated write settled");
      } else if (++entry.attempts >= maxAttempts) {
        pending.delete(key);
        logger.warn({ dataId: entry.message.dataId, code: outcome.code }, "pending replicated write given up");
      }
    }
  };

  let running: Promise<void> | undefined;
  const catchUp = (): Promise<void> => {
    running ??= (async () => {
      try {
        await retryPending();
        await Promise.all(
          libp2p.getPeers().map(async (peer) => {
            try {
              await catchUpPeer(peer);
            } catch (error) {
              logger.warn({ peerId: peer.toString(), err: error }, "catch-up from a peer failed");
            }
          }),
        );
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  let timer: NodeJS.Timeout | undefined;
  return {
    async onStored(write) {
      const message = recordFromStoredWrite(write);
      const bytes = encodeReplicatedRecord(message);
      announcements?.publish(bytes).catch(() => undefined);
      const push = encodeJson({ op: "push", record: toWire(message) });
      const answers = await Promise.all(
        libp2p.getPeers().map(async (peer) => {
          try {
            const response = parseJson(await requestSync(network, peer, push, { timeoutMs: pushTimeoutMs }));
            return isObject(response) && response["status"] === "stored";
          } catch (error) {
            logger.warn({ peerId: peer.toString(), err: error }, "push to a peer failed");
            return false;
          }
        }),
      );
      return answers.filter(Boolean).length;
    },
    catchUp,
    startPolling() {
      if (timer !== undefined || stopped) return;
      timer = setInterval(() => {
        catchUp().catch((error: unknown) => logger.warn({ err: error }, "replication poll failed"));
      }, pollIntervalMs);
      timer.unref();
    },
    pendingCount: () => pending.size,
    async stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
      announcements?.close();
      await stopServing();
    },
  };
}

function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a sync request; throws (the peer gets the protocol's generic failure) when it is not one. */
function parseRequest(bytes: Uint8Array): SyncRequest {
  const value = parseJson(bytes);
  if (!isObject(value)) throw new MalformedReplicationMessageError("not an object");
  if (value["op"] === "push") return { op: "push", record: fromWire(value["record"]) };
  const after = value["after"];
  const limit = value["limit"];
  if (value["op"] === "since" && Number.isSafeInteger(after) && Number.isSafeInteger(limit)) {
    return { op: "since", after: Math.max(0, after as number), limit: Math.max(1, limit as number) };
  }
  throw new MalformedReplicationMessageError("unknown request");
}

/** Parses a peer's answer to `since`; a malformed record makes the whole answer malformed. */
function parseSince(bytes: Uint8Array): {
  changes: { seq: number; record: ReplicatedRecord }[];
  next: number;
  more: boolean;
} {
  const value = parseJson(bytes);
  if (!isObject(value) || !Array.isArray(value["changes"]) || !Number.isSafeInteger(value["next"])) {
    throw new MalformedReplicationMessageError("bad since answer");
  }
  const changes = value["changes"].map((entry: unknown) => {
    if (!isObject(entry) || !Number.isSafeInteger(entry["seq"])) {
      throw new MalformedReplicationMessageError("bad change");
    }
    return { seq: entry["seq"] as number, record: fromWire(entry["record"]) };
  });
  return { changes, next: value["next"] as number, more: value["more"] === true };
}
