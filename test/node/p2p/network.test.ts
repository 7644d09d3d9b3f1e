import { generateKeyPair } from "@libp2p/crypto/keys";
import { noise } from "@libp2p/noise";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { tcp } from "@libp2p/tcp";
import { yamux } from "@libp2p/yamux";
import { multiaddr } from "@multiformats/multiaddr";
import { expect } from "chai";
import { createLibp2p } from "libp2p";
import type { Libp2p } from "libp2p";

import { rawCid } from "../../../node/src/blocks/raw-cid.ts";
import { LIBP2P_ROUTER_NAME } from "../../../node/src/p2p/closed-routing.ts";
import { DialFailedError } from "../../../node/src/p2p/errors.ts";
import { generateNetworkKey } from "../../../node/src/p2p/network-key.ts";
import { testNetwork } from "./test-network.ts";
import type { TestNode } from "./test-network.ts";

describe("p2p/network", function () {
  this.timeout(20_000);
  const nodes = testNetwork();
  const psk = generateNetworkKey();
  let a: TestNode;
  let b: TestNode;

  before(async function () {
    [a, b] = await Promise.all([nodes.start({ psk }), nodes.start({ psk })]);
  });

  after(async function () {
    await nodes.stopAll();
  });

  describe("closed configuration", function () {
    it("runs only identify and gossipsub as libp2p services", function () {
      expect(Object.keys(a.helia.libp2p.services).sort()).to.deep.equal(["identify", "pubsub"]);
    });

    it("speaks no DHT, no autonat, no relay, no fetch: only identify, ping, gossipsub and bitswap", function () {
      const protocols = a.helia.libp2p.getProtocols();
      for (const protocol of protocols) {
        expect(protocol).to.match(/^\/(ipfs\/(id|id\/push|ping|bitswap)\/|meshsub\/|floodsub\/)/);
      }
      expect(protocols.some((protocol) => protocol.startsWith("/ipfs/bitswap/"))).to.equal(true);
      expect(protocols.some((protocol) => protocol.startsWith("/meshsub/"))).to.equal(true);
    });

    it("fetches blocks over bitswap only: no HTTP gateway broker", function () {
      const brokers = (a.helia as unknown as { blockBrokers: { name: string }[] }).blockBrokers;
      expect(brokers.map((broker) => broker.name)).to.deep.equal(["bitswap"]);
    });

    it("has no content router: providing a CID reaches nobody", async function () {
      const cid = await rawCid(new Uint8Array([1, 2, 3]));
      let provideError: unknown;
      try {
        await a.helia.libp2p.contentRouting.provide(cid, { signal: AbortSignal.timeout(2_000) });
      } catch (error) {
        provideError = error;
      }
      expect((provideError as Error).name).to.equal("NoContentRoutersError");
    });

    it("routes through the closed router only: Helia finds no providers and announces nothing", async function () {
      const routers = (a.helia.routing as unknown as { routers: { name: string }[] }).routers;
      expect(routers).to.have.length(1);
      expect(routers.map((router) => router.name)).to.deep.equal([LIBP2P_ROUTER_NAME]);
      const cid = await rawCid(new Uint8Array([4, 5, 6]));
      const found = [];
      for await (const provider of a.helia.routing.findProviders(cid, { signal: AbortSignal.timeout(2_000) })) {
        found.push(provider);
      }
      expect(found).to.deep.equal([]);
      await a.helia.routing.provide(cid, { signal: AbortSignal.timeout(2_000) });
    });

    it("listens on loopback only, and has discovered no peer on its own", async function () {
      const fresh = await nodes.start({ psk });
      for (const address of fresh.multiaddrs()) expect(address).to.match(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fresh.helia.libp2p.getConnections()).to.have.length(0);
      expect(await fresh.helia.libp2p.peerStore.all()).to.have.length(0);
      await fresh.stop();
    });
  });

  describe("dial", function () {
    it("connects two nodes that share the network key", async function () {
      const remote = await a.dial(b.multiaddrs()[0]!);
      expect(remote.equals(b.peerId)).to.equal(true);
      expect(b.helia.libp2p.getConnections(a.peerId)).to.not.have.length(0);
    });

    it("never connects nodes with different network keys, in either direction", async function () {
      const other = await nodes.start({ psk: generateNetworkKey() });
      try {
        await expectDialFailure(() => other.dial(a.multiaddrs()[0]!));
        await expectDialFailure(() => a.dial(other.multiaddrs()[0]!));
        expect(a.helia.libp2p.getConnections(other.peerId)).to.have.length(0);
      } finally {
        await other.stop();
      }
    });

    it("refuses a libp2p node without a network key, in either direction", async function () {
      const plain: Libp2p = await createLibp2p({
        addresses: { listen: ["/ip4/127.0.0.1/tcp/0"] },
        transports: [tcp()],
        connectionEncrypters: [noise()],
        streamMuxers: [yamux()],
        connectionManager: { addressDialTimeout: 1_500 },
      });
      try {
        let plainError: unknown;
        try {
          await plain.dial(multiaddr(a.multiaddrs()[0]!), { signal: AbortSignal.timeout(5_000) });
        } catch (error) {
          plainError = error;
        }
        expect(plainError).to.be.instanceOf(Error);
        await expectDialFailure(() => a.dial(plain.getMultiaddrs()[0]!.toString()));
        expect(a.helia.libp2p.getConnections(plain.peerId)).to.have.length(0);
      } finally {
        await plain.stop();
      }
    });

    it("fails with DialFailedError for an address nobody listens on", async function () {
      const nobody = peerIdFromPrivateKey(await generateKeyPair("Ed25519"));
      const address = `/ip4/127.0.0.1/tcp/1/p2p/${nobody.toString()}`;
      const error = await expectDialFailure(() => a.dial(address));
      expect(error.address).to.equal(address);
    });
  });

  describe("identity", function () {
    it("keeps its peer id and its blocks across a restart from the same directory", async function () {
      const dataDir = await nodes.tempDir();
      const first = await nodes.start({ psk, dataDir });
      const cid = await rawCid(new Uint8Array([9, 9, 9]));
      await first.helia.blockstore.put(cid, new Uint8Array([9, 9, 9]));
      const peerId = first.peerId.toString();
      await first.stop();

      const second = await nodes.start({ psk, dataDir });
      expect(second.peerId.toString()).to.equal(peerId);
      expect(await second.helia.blockstore.has(cid)).to.equal(true);
      await second.stop();
    });

    it("gets a different peer id in a different directory", async function () {
      expect(a.peerId.equals(b.peerId)).to.equal(false);
    });
  });
});

async function expectDialFailure(dial: () => Promise<unknown>): Promise<DialFailedError> {
  try {
    await dial();
  } catch (error) {
    expect(error).to.be.instanceOf(DialFailedError);
    return error as DialFailedError;
  }
  expect.fail("the dial succeeded");
}
