/**
 * Typed errors of the node's private libp2p network: key files, dials, gossip and the sync protocol. Each extends
 * the node's `NodeError` (itself the SDK's `IdemError`). No key material ever goes into a message: messages name the
 * file, the peer or the protocol, never a secret.
 */
import { NodeError } from "../errors.ts";
import type { IdemErrorParameters } from "../../../sdk/src/errors.ts";

/**
 * Base class of every error the p2p layer raises on purpose.
 *
 * @example
 * ```ts
 * try {
 *   await network.dial(address);
 * } catch (error) {
 *   if (error instanceof P2pError) console.error(error.shortMessage);
 * }
 * ```
 */
export class P2pError extends NodeError {
  override name = "P2pError";
}

/**
 * A secret file of the p2p layer (the libp2p private key or the network's pre-shared key) cannot be read or
 * written, is readable by group or others, or does not hold a key of the expected kind. `path` names the file.
 *
 * @example
 * ```ts
 * try {
 *   await loadOrCreatePeerKey({ path });
 * } catch (error) {
 *   if (error instanceof KeyFileError) console.error(error.path, error.shortMessage);
 * }
 * ```
 */
export class KeyFileError extends P2pError {
  override name = "KeyFileError";
  /** The file concerned. */
  readonly path: string;

  constructor(shortMessage: string, { path, details, cause }: { path: string } & IdemErrorParameters) {
    super(shortMessage, { details, cause });
    this.path = path;
  }
}

/**
 * Dialing a peer failed: unreachable, a different network key (the private-network handshake fails), or the
 * address timed out.
 *
 * @example
 * ```ts
 * try {
 *   await network.dial("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...");
 * } catch (error) {
 *   if (error instanceof DialFailedError) console.error(error.address);
 * }
 * ```
 */
export class DialFailedError extends P2pError {
  override name = "DialFailedError";
  /** The multiaddr that was dialed. */
  readonly address: string;

  constructor({ address, details, cause }: { address: string } & IdemErrorParameters) {
    super(`Could not connect to ${address}.`, { details, cause });
    this.address = address;
  }
}

/**
 * No peer subscribed to an announcement topic within the time allowed.
 *
 * @example
 * ```ts
 * try {
 *   await announcements.waitForSubscribers(2_000);
 * } catch (error) {
 *   if (error instanceof NoSubscribersError) console.warn("publishing to nobody yet");
 * }
 * ```
 */
export class NoSubscribersError extends P2pError {
  override name = "NoSubscribersError";
  /** The gossipsub topic. */
  readonly topic: string;

  constructor({ topic, timeoutMs }: { topic: string; timeoutMs: number }) {
    super(`No peer subscribed to ${topic} within ${timeoutMs} ms.`);
    this.topic = topic;
  }
}

/**
 * A gossip message could not be published (no peer subscribed yet, or the node is stopping).
 *
 * @example
 * ```ts
 * try {
 *   await announcements.publish(bytes);
 * } catch (error) {
 *   if (error instanceof PublishFailedError) console.warn(error.shortMessage);
 * }
 * ```
 */
export class PublishFailedError extends P2pError {
  override name = "PublishFailedError";
  /** The gossipsub topic. */
  readonly topic: string;

  constructor({ topic, details, cause }: { topic: string } & IdemErrorParameters) {
    super(`Could not publish on ${topic}.`, { details, cause });
    this.topic = topic;
  }
}

/**
 * A sync request failed: the stream could not be opened, was reset, the peer's handler failed, or the answer was
 * malformed. `peerId` names the peer asked.
 *
 * @example
 * ```ts
 * try {
 *   await requestSync(network, { peer, request });
 * } catch (error) {
 *   if (error instanceof SyncFailedError) console.warn(error.peerId, error.shortMessage);
 * }
 * ```
 */
export class SyncFailedError extends P2pError {
  override name = "SyncFailedError";
  /** The peer asked, as a string. */
  readonly peerId: string;

  constructor(shortMessage: string, { peerId, details, cause }: { peerId: string } & IdemErrorParameters) {
    super(shortMessage, { details, cause });
    this.peerId = peerId;
  }
}

/**
 * A sync request got no answer within its timeout (the caller's own abort signal is reported as itself, not as
 * this error).
 *
 * @example
 * ```ts
 * try {
 *   await requestSync(network, { peer, request, timeoutMs: 2_000 });
 * } catch (error) {
 *   if (error instanceof SyncTimeoutError) console.warn(`${error.peerId} did not answer`);
 * }
 * ```
 */
export class SyncTimeoutError extends SyncFailedError {
  override name = "SyncTimeoutError";
  /** The time allowed, in milliseconds. */
  readonly timeoutMs: number;

  constructor({ peerId, timeoutMs }: { peerId: string; timeoutMs: number }) {
    super(`Peer ${peerId} did not answer the sync request within ${timeoutMs} ms.`, { peerId });
    this.timeoutMs = timeoutMs;
  }
}
