import { expect } from "chai";

import type { Announcement, Announcements } from "../../../node/src/p2p/announcements.ts";
import { METADATA_TOPIC, subscribeAnnouncements } from "../../../node/src/p2p/announcements.ts";
import { NoSubscribersError, PublishFailedError } from "../../../node/src/p2p/errors.ts";
import { generateNetworkKey } from "../../../node/src/p2p/network-key.ts";
import { rejection } from "./rejection.ts";
import { testNetwork } from "./test-network.ts";
import type { TestNode } from "./test-network.ts";

describe("p2p/announcements", function () {
  this.timeout(20_000);
  const nodes = testNetwork();
  const psk = generateNetworkKey();
  let a: TestNode;
  let b: TestNode;
  let c: TestNode;
  const received = new Map<string, Announcement[]>();
  const subscriptions: Announcements[] = [];

  before(async function () {
    [a, b, c] = await Promise.all([nodes.start({ psk }), nodes.start({ psk }), nodes.start({ psk })]);
    for (const node of [a, b, c]) {
      const inbox: Announcement[] = [];
      received.set(node.peerId.toString(), inbox);
      subscriptions.push(subscribeAnnouncements(node, { onMessage: (message) => void inbox.push(message) }));
    }
    // A triangle: every node hears every other one directly, as in a small Idem network.
    await a.dial(b.multiaddrs()[0]!);
    await b.dial(c.multiaddrs()[0]!);
    await c.dial(a.multiaddrs()[0]!);
  });

  after(async function () {
    for (const subscription of subscriptions) subscription.close();
    await nodes.stopAll();
  });

  it("uses the metadata topic by default", function () {
    expect(subscriptions[0]!.topic).to.equal(METADATA_TOPIC);
  });

  it("waits until the other nodes have subscribed", async function () {
    const subscribers = await subscriptions[0]!.waitForSubscribers(5_000, { minPeers: 2 });
    expect(subscribers.map(String).sort()).to.deep.equal([b.peerId.toString(), c.peerId.toString()].sort());
  });

  it("delivers a message published on one node to the two others, with the publisher's peer id", async function () {
    // Gossip is best effort until the mesh has formed (one heartbeat after subscribing): wait for A's mesh.
    await subscriptions[0]!.waitForSubscribers(5_000, { minPeers: 2 });
    await meshFormed(a, 2);
    const data = new TextEncoder().encode(`change ${Math.random()}`);
    // How many peers the publisher sends to directly is gossipsub's business (mesh, flood publish); what counts
    // is that both others receive it, checked below.
    expect(await subscriptions[0]!.publish(data)).to.be.at.least(1);
    for (const node of [b, c]) {
      const message = await eventually(() =>
        received.get(node.peerId.toString())!.find((one) => Buffer.from(one.data).equals(data)),
      );
      expect(message.from.equals(a.peerId)).to.equal(true);
    }
    expect(received.get(a.peerId.toString())!.some((one) => Buffer.from(one.data).equals(data))).to.equal(false);
  });

  it("delivers in every direction: a message from C reaches A and B", async function () {
    const data = new TextEncoder().encode(`from c ${Math.random()}`);
    await subscriptions[2]!.waitForSubscribers(5_000, { minPeers: 2 });
    await meshFormed(c, 2);
    await subscriptions[2]!.publish(data);
    for (const node of [a, b]) {
      const message = await eventually(() =>
        received.get(node.peerId.toString())!.find((one) => Buffer.from(one.data).equals(data)),
      );
      expect(message.from.equals(c.peerId)).to.equal(true);
    }
  });

  it("relays through a node: D, connected to C only, gets A's message", async function () {
    const d = await nodes.start({ psk });
    const inbox: Announcement[] = [];
    const subscription = subscribeAnnouncements(d, { onMessage: (message) => void inbox.push(message) });
    try {
      await d.dial(c.multiaddrs()[0]!);
      await subscription.waitForSubscribers(5_000);
      await subscriptions[2]!.waitForSubscribers(5_000, { minPeers: 3 });
      const data = new TextEncoder().encode(`relayed ${Math.random()}`);
      await subscriptions[0]!.publish(data);
      const message = await eventually(() => inbox.find((one) => Buffer.from(one.data).equals(data)));
      expect(message.from.equals(a.peerId)).to.equal(true);
      expect(d.helia.libp2p.getConnections(a.peerId)).to.have.length(0);
    } finally {
      subscription.close();
      await d.stop();
    }
  });

  it("passes a failing callback's error to onError and keeps delivering", async function () {
    const errors: unknown[] = [];
    const topic = "/idem/test/failing/1";
    const failing = subscribeAnnouncements(b, {
      topic,
      onMessage: async () => {
        throw new Error("callback failed");
      },
      onError: (error) => errors.push(error),
    });
    const sender = subscribeAnnouncements(a, { topic, onMessage: () => undefined });
    try {
      await sender.waitForSubscribers(5_000);
      await sender.publish(new Uint8Array([1]));
      await sender.publish(new Uint8Array([2]));
      await eventually(() => (errors.length === 2 ? errors : undefined));
      expect((errors[0] as Error).message).to.equal("callback failed");
    } finally {
      failing.close();
      sender.close();
    }
  });

  it("fails with NoSubscribersError when nobody subscribes in time, and refuses to publish to nobody", async function () {
    const lonely = subscribeAnnouncements(a, { topic: "/idem/test/nobody/1", onMessage: () => undefined });
    try {
      const error = await rejection(lonely.waitForSubscribers(200));
      expect(error).to.be.instanceOf(NoSubscribersError);
      expect((error as NoSubscribersError).topic).to.equal("/idem/test/nobody/1");
      expect(await rejection(lonely.publish(new Uint8Array([1])))).to.be.instanceOf(PublishFailedError);
    } finally {
      lonely.close();
    }
  });
});

/** Polls `probe` until it returns a value (at most 5 s). */
/** The gossipsub implementation's mesh view; its exported interface type does not declare it. */
type MeshView = { getMeshPeers(topic: string): string[] };

/** Waits until `node`'s gossipsub mesh for the metadata topic holds `peers` peers. */
async function meshFormed(node: TestNode, peers: number): Promise<void> {
  const pubsub = node.helia.libp2p.services.pubsub as unknown as MeshView;
  await eventually(() => (pubsub.getMeshPeers(METADATA_TOPIC).length >= peers ? true : undefined), 10_000);
}

async function eventually<T>(probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) expect.fail(`nothing arrived within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
