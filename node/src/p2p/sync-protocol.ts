/**
 * The catch-up protocol `/idem/sync/1.0.0`: one request, one response, on a fresh libp2p stream. A restarted node
 * asks a peer for what it missed; what the bytes mean (a cursor, a list of changes) is the caller's business.
 *
 * Wire format, each message length-prefixed (unsigned varint) by `lpStream`:
 * - request: the request bytes;
 * - response: one status byte, then the body. `0x00` = ok, body is the handler's answer; `0x01` = the handler
 *   failed, body is a fixed UTF-8 message (never the handler's error: it could carry internal detail).
 * Messages are bounded by {@link SYNC_MAX_MESSAGE_BYTES} on both ends.
 *
 * The private network (pnet) limits who can open a stream. Whether a connected peer may be answered is the network
 * node's `allowSync` (a node built with `p2p.requireRegisteredPeers` answers only peers registered and Active in
 * NodeRegistry): a peer it refuses gets the same generic failure as a failing handler, and the handler never runs.
 */
import type { Libp2p, PeerId } from "@libp2p/interface";
import { lpStream } from "@libp2p/utils";

import { SyncFailedError, SyncTimeoutError } from "./errors.ts";

/** The protocol id. */
export const SYNC_PROTOCOL = "/idem/sync/1.0.0";
/** Largest request or response, in bytes (16 MiB); libp2p's 4 MiB default is too small for a catch-up batch. */
export const SYNC_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Default time a request may take, end to end. */
export const DEFAULT_SYNC_TIMEOUT_MS = 10_000;

const STATUS_OK = 0x00;
const STATUS_ERROR = 0x01;
const HANDLER_FAILED = "the peer could not answer the sync request";

/** Options for `lpStream` on both ends: the varint prefix fits in 4 bytes, the buffer holds one full message. */
const LP_OPTIONS = { maxDataLength: SYNC_MAX_MESSAGE_BYTES + 1, maxBufferSize: SYNC_MAX_MESSAGE_BYTES + 16 };

/**
 * Answers one sync request from a peer. May throw: the peer then gets a generic failure.
 *
 * @example
 * ```ts
 * const handler: SyncHandler = async (request, peerId) => encodeChangesSince(decodeCursor(request));
 * ```
 */
export type SyncHandler = (request: Uint8Array, peerId: PeerId) => Promise<Uint8Array>;

/**
 * Whether a remote peer may be answered; a peer refused (or a check that throws) gets the generic failure.
 *
 * @example
 * ```ts
 * const allowSync: SyncPeerGate = (peerId) => view.isActivePeer(peerId.toString());
 * ```
 */
export type SyncPeerGate = (peerId: PeerId) => Promise<boolean>;

/** The part of a network node the sync protocol uses; without `allowSync`, every connected peer is answered. */
export type SyncNetwork = {
  helia: { libp2p: Pick<Libp2p, "handle" | "unhandle" | "dialProtocol"> };
  allowSync?: SyncPeerGate | undefined;
};

/**
 * Serves the sync protocol on a started network node, to the peers its `allowSync` admits. Resolves to a function
 * that stops serving it.
 *
 * @example
 * ```ts
 * const stopServing = await handleSync(network, async (request, peerId) => answer(request, peerId));
 * // ...
 * await stopServing();
 * ```
 */
export async function handleSync(
  network: SyncNetwork,
  handler: SyncHandler,
  { timeoutMs = DEFAULT_SYNC_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<() => Promise<void>> {
  const { libp2p } = network.helia;
  await libp2p.handle(SYNC_PROTOCOL, async (stream, connection) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const lp = lpStream(stream, LP_OPTIONS);
    try {
      const request = (await lp.read({ signal })).subarray();
      let response: Uint8Array;
      try {
        if (network.allowSync !== undefined && !(await network.allowSync(connection.remotePeer))) {
          response = failure();
        } else {
          const body = await handler(request, connection.remotePeer);
          response = body.length > SYNC_MAX_MESSAGE_BYTES ? failure() : frame(STATUS_OK, body);
        }
      } catch {
        response = failure();
      }
      await lp.write(response, { signal });
      await stream.close({ signal });
    } catch (error) {
      stream.abort(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return async () => {
    await libp2p.unhandle(SYNC_PROTOCOL);
  };
}

/**
 * Sends one sync request to a connected (or dialable) peer and returns its answer.
 *
 * @throws {SyncTimeoutError} when the whole exchange takes longer than `timeoutMs`.
 * @throws {SyncFailedError} when the stream cannot be opened or is reset, the peer's handler failed, or the answer
 *   is malformed.
 * @example
 * ```ts
 * const response = await requestSync(network, peerId, cursorBytes, { timeoutMs: 5_000 });
 * ```
 */
export async function requestSync(
  network: SyncNetwork,
  peer: PeerId,
  request: Uint8Array,
  { signal, timeoutMs = DEFAULT_SYNC_TIMEOUT_MS }: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Uint8Array> {
  const peerId = peer.toString();
  if (request.length > SYNC_MAX_MESSAGE_BYTES) {
    throw new SyncFailedError("The sync request is too large.", {
      peerId,
      details: `${request.length} bytes > ${SYNC_MAX_MESSAGE_BYTES}`,
    });
  }
  signal?.throwIfAborted();
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);

  let answer: Uint8Array;
  try {
    const stream = await network.helia.libp2p.dialProtocol(peer, SYNC_PROTOCOL, { signal: combined });
    try {
      const lp = lpStream(stream, LP_OPTIONS);
      await lp.write(request, { signal: combined });
      answer = (await lp.read({ signal: combined })).subarray();
      await stream.close({ signal: combined });
    } catch (error) {
      stream.abort(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  } catch (cause) {
    if (signal?.aborted === true) throw signal.reason;
    if (timeout.aborted) throw new SyncTimeoutError({ peerId, timeoutMs });
    throw new SyncFailedError(`The sync request to ${peerId} failed.`, { peerId, cause });
  }

  const status = answer[0];
  if (status === STATUS_OK) return answer.subarray(1);
  if (status === STATUS_ERROR) {
    throw new SyncFailedError(`Peer ${peerId} could not answer the sync request.`, {
      peerId,
      details: new TextDecoder().decode(answer.subarray(1)),
    });
  }
  throw new SyncFailedError(`Peer ${peerId} sent a malformed sync response.`, {
    peerId,
    details: status === undefined ? "empty response" : `unknown status byte ${status}`,
  });
}

function frame(status: number, body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(body.length + 1);
  bytes[0] = status;
  bytes.set(body, 1);
  return bytes;
}

function failure(): Uint8Array {
  return frame(STATUS_ERROR, new TextEncoder().encode(HANDLER_FAILED));
}
