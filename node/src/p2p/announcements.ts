/**
 * Announcements between Idem nodes over gossipsub: opaque byte messages on one topic (by default
 * {@link METADATA_TOPIC}, where nodes announce writer-signed metadata changes).
 *
 * Gossip is BEST EFFORT. A message can be lost: a peer that is down, not yet connected, or not yet subscribed never
 * sees it, and gossipsub does not retry or store it. Nothing may depend on an announcement arriving; a node that
 * may have missed some catches up by asking its peers over the sync protocol (`sync-protocol.ts`). The payload is
 * not trusted either: gossipsub's signature (StrictSign) authenticates only the sending peer, so receivers must
 * verify the writer's signature inside the payload before acting on it.
 */
import type { GossipSub, Message } from "@libp2p/gossipsub";
import type { PeerId } from "@libp2p/interface";

import { NoSubscribersError, PublishFailedError } from "./errors.ts";

/** The topic on which nodes announce metadata changes. */
export const METADATA_TOPIC = "/idem/metadata/1";

/** How often {@link Announcements.waitForSubscribers} looks at the subscriber list. */
const POLL_MS = 20;

/**
 * A message received on the topic.
 *
 * @example
 * ```ts
 * const onMessage = ({ data, from }: Announcement) => console.log(from.toString(), data.length);
 * ```
 */
export type Announcement = {
  /** The message bytes, exactly as published. */
  data: Uint8Array;
  /** The peer that published it (authenticated by gossipsub's signature), not the one that relayed it. */
  from: PeerId;
};

/**
 * A subscription to one topic, with a way to publish on it.
 *
 * @example
 * ```ts
 * await announcements.waitForSubscribers(2_000);
 * await announcements.publish(signedChange);
 * announcements.close();
 * ```
 */
export type Announcements = {
  /** The gossipsub topic. */
  topic: string;
  /**
   * Publishes `data` to the peers subscribed to the topic; resolves to how many peers it was sent to directly.
   *
   * @throws {PublishFailedError} when no peer is subscribed yet, or gossipsub refuses the message.
   */
  publish: (data: Uint8Array) => Promise<number>;
  /**
   * Resolves to the topic's current subscribers once there are at least `minPeers` (1 unless given). Subscriptions
   * take 40 ms to 1.5 s to spread after a dial.
   *
   * @throws {NoSubscribersError} when there are fewer after `timeoutMs`.
   */
  waitForSubscribers: (timeoutMs: number, options?: { minPeers?: number }) => Promise<PeerId[]>;
  /** Stops delivering messages to the callback and unsubscribes. */
  close: () => void;
};

/**
 * Options of {@link subscribeAnnouncements}.
 *
 * @example
 * ```ts
 * const options: AnnouncementOptions = { onMessage: ({ data, from }) => queue.push({ data, from }) };
 * ```
 */
export type AnnouncementOptions = {
  /** Topic; {@link METADATA_TOPIC} unless given. */
  topic?: string;
  /** Called once per message received from another peer. A rejection is passed to `onError`. */
  onMessage: (announcement: Announcement) => void | Promise<void>;
  /** Called when `onMessage` throws or rejects; errors are dropped unless given. */
  onError?: (error: unknown) => void;
};

/**
 * Subscribes to an announcement topic on a started network node.
 *
 * @example
 * ```ts
 * const announcements = subscribeAnnouncements(network, {
 *   onMessage: async ({ data, from }) => applyIfSignedByWriter(data, from),
 * });
 * ```
 */
export function subscribeAnnouncements(
  network: { helia: { libp2p: { services: { pubsub: GossipSub } } } },
  { topic = METADATA_TOPIC, onMessage, onError = () => undefined }: AnnouncementOptions,
): Announcements {
  const pubsub = network.helia.libp2p.services.pubsub;

  const listener = (event: CustomEvent<Message>): void => {
    const message = event.detail;
    // StrictSign (the default) drops unsigned messages before this point; the check also narrows the type.
    if (message.topic !== topic || message.type !== "signed") return;
    try {
      Promise.resolve(onMessage({ data: message.data, from: message.from })).catch(onError);
    } catch (error) {
      onError(error);
    }
  };
  pubsub.addEventListener("message", listener);
  pubsub.subscribe(topic);

  return {
    topic,
    async publish(data) {
      try {
        const { recipients } = await pubsub.publish(topic, data);
        return recipients.length;
      } catch (cause) {
        throw new PublishFailedError({ topic, cause });
      }
    },
    async waitForSubscribers(timeoutMs, { minPeers = 1 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const subscribers = pubsub.getSubscribers(topic);
        if (subscribers.length >= minPeers) return subscribers;
        if (Date.now() >= deadline) throw new NoSubscribersError({ topic, timeoutMs });
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    close() {
      pubsub.removeEventListener("message", listener);
      pubsub.unsubscribe(topic);
    },
  };
}
