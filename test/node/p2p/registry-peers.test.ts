/**
 * Peers from NodeRegistry, on real parts: NodeRegistry deployed on Hardhat's EDR chain (in process, or served over
 * JSON-RPC where the test takes the chain away), read through the node's reader, and real libp2p nodes sharing a
 * network key.
 */
import { Writable } from "node:stream";

import { expect } from "chai";
import { JsonRpcProvider, Wallet } from "ethers";
import type { Provider, Signer } from "ethers";
import { network } from "hardhat";

import { NODE_ADMIN_ROLE, NODE_ADMIN_SELECTORS } from "../../../deploy/NodeRegistry.ts";
import { nodeRegistryReader } from "../../../node/src/chain/node-registry-reader.ts";
import { createLogger } from "../../../node/src/logging/logger.ts";
import { DialFailedError, SyncFailedError } from "../../../node/src/p2p/errors.ts";
import { generateNetworkKey } from "../../../node/src/p2p/network-key.ts";
import { startRegistryPeers } from "../../../node/src/p2p/registry-peers.ts";
import type { RegistryPeers } from "../../../node/src/p2p/registry-peers.ts";
import { createRegistryView } from "../../../node/src/p2p/registry-view.ts";
import type { RegistryView } from "../../../node/src/p2p/registry-view.ts";
import { handleSync, requestSync } from "../../../node/src/p2p/sync-protocol.ts";
import { AccessManager__factory, NodeRegistry__factory } from "../../../types/ethers-contracts/index.js";
import type { NodeRegistry } from "../../../types/ethers-contracts/index.js";
import { HARDHAT_TEST_KEY } from "../helpers/build.ts";
import { HARDHAT_CHAIN_ID } from "../helpers/config.ts";
import { eventually } from "../helpers/multi-node.ts";
import { rejection } from "./rejection.ts";
import { testNetwork } from "./test-network.ts";
import type { TestNode } from "./test-network.ts";

const { ethers } = await network.getOrCreate();

const Status = { Paused: 2, Retired: 3 } as const;

/** An AccessManager and a NodeRegistry governed by it, wired as deploy/NodeRegistry.ts does; `admin` is node admin. */
async function deployRegistry(admin: Signer): Promise<NodeRegistry> {
  const adminAddress = await admin.getAddress();
  const manager = await new AccessManager__factory(admin).deploy(adminAddress);
  await manager.waitForDeployment();
  const registry = await new NodeRegistry__factory(admin).deploy(await manager.getAddress());
  await registry.waitForDeployment();
  await (
    await manager.setTargetFunctionRole(await registry.getAddress(), NODE_ADMIN_SELECTORS, NODE_ADMIN_ROLE)
  ).wait();
  await (await manager.grantRole(NODE_ADMIN_ROLE, adminAddress, 0)).wait();
  return registry;
}

/** Registers `node` under a fresh address, with its addresses as given (default: its listen addresses). */
async function register(
  registry: NodeRegistry,
  node: TestNode,
  multiaddrs: string[] = node.multiaddrs(),
): Promise<string> {
  const address = Wallet.createRandom().address;
  const operator = await (registry.runner as Signer).getAddress();
  await (
    await registry.registerNode(address, operator, "http://127.0.0.1:1", node.peerId.toString(), multiaddrs)
  ).wait();
  return address;
}

/** A logger whose JSON lines are kept in `lines`. */
function capturedLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

/** Whether `node` has a connection to `other`. */
function connected(node: TestNode, other: TestNode): boolean {
  return node.helia.libp2p.getPeers().some((peer) => peer.equals(other.peerId));
}

/** A view of `registry` read through `provider`. */
function viewOf(registry: NodeRegistry, provider: Provider, timeoutMs?: number): RegistryView {
  const reader = nodeRegistryReader({
    provider,
    chainId: HARDHAT_CHAIN_ID,
    nodeRegistry: registry.target as string,
    timeoutMs,
  });
  return createRegistryView({ read: reader.read });
}

describe("p2p/registry-peers", function () {
  this.timeout(60_000);
  const nodes = testNetwork();
  const psk = generateNetworkKey();
  let admin: Signer;
  let peering: RegistryPeers | undefined;

  before(async function () {
    const [first] = await ethers.getSigners();
    if (first === undefined) throw new Error("no signer");
    admin = first;
  });

  afterEach(async function () {
    await peering?.stop();
    peering = undefined;
  });

  after(async function () {
    await nodes.stopAll();
  });

  it("dials the registry's active nodes at start, with or without /p2p/ in their addresses, itself excepted", async function () {
    const registry = await deployRegistry(admin);
    const [self, withSuffix, withoutSuffix, paused] = await Promise.all([1, 2, 3, 4].map(() => nodes.start({ psk })));
    await register(registry, self!);
    await register(registry, withSuffix!);
    await register(
      registry,
      withoutSuffix!,
      withoutSuffix!.multiaddrs().map((address) => address.replace(/\/p2p\/[^/]+$/, "")),
    );
    const pausedAddress = await register(registry, paused!);
    await (await registry.setNodeStatus(pausedAddress, Status.Paused)).wait();
    const { logger, lines } = capturedLogger();

    peering = await startRegistryPeers({
      network: self!,
      view: viewOf(registry, ethers.provider),
      refreshMs: 60_000,
      logger,
    });

    expect(connected(self!, withSuffix!)).to.equal(true);
    expect(connected(self!, withoutSuffix!)).to.equal(true);
    expect(connected(self!, paused!)).to.equal(false);
    expect(lines.filter((line) => line.msg === "registry peer connected")).to.have.length(2);
    expect(lines.filter((line) => line.msg === "registry peer dial failed")).to.deep.equal([]);
  });

  it("dials a node registered later at the next refresh", async function () {
    const registry = await deployRegistry(admin);
    const [self, late] = await Promise.all([nodes.start({ psk }), nodes.start({ psk })]);
    await register(registry, self);
    peering = await startRegistryPeers({
      network: self,
      view: viewOf(registry, ethers.provider),
      refreshMs: 300,
      logger: capturedLogger().logger,
    });
    expect(connected(self, late)).to.equal(false);

    await register(registry, late);
    await eventually("the late node to be dialed", async () => (connected(self, late) ? true : undefined), {
      ms: 10_000,
    });
  });

  it("hangs up, at the next refresh, on a peer retired while connected (with hangUpOthers)", async function () {
    const registry = await deployRegistry(admin);
    const view = viewOf(registry, ethers.provider);
    const self = await nodes.start({ psk, allowSync: (peer) => view.isActivePeer(peer.toString()) });
    const member = await nodes.start({ psk });
    await register(registry, self);
    const memberAddress = await register(registry, member);
    const { logger, lines } = capturedLogger();
    peering = await startRegistryPeers({ network: self, view, refreshMs: 300, hangUpOthers: true, logger });
    await eventually("the member to be dialed", async () => (connected(self, member) ? true : undefined), {
      ms: 10_000,
    });

    await (await registry.setNodeStatus(memberAddress, Status.Retired)).wait();
    await eventually("the retired member to be hung up on", async () => (connected(self, member) ? undefined : true), {
      ms: 10_000,
    });
    expect(
      lines.some((line) => line.peerId === member.peerId.toString() && /disconnected/.test(String(line.msg))),
    ).to.equal(true);
    // The connection gate (tested below) asks the same view, which no longer admits it.
    expect(await view.isActivePeer(member.peerId.toString())).to.equal(false);
  });

  it("connects only with registered, active peers, and stops answering a peer retired while connected", async function () {
    const registry = await deployRegistry(admin);
    const view = viewOf(registry, ethers.provider);
    const server = await nodes.start({ psk, allowSync: (peer) => view.isActivePeer(peer.toString()) });
    const [member, outsider] = await Promise.all([nodes.start({ psk }), nodes.start({ psk })]);
    await register(registry, server);
    const memberAddress = await register(registry, member);
    await view.refresh();
    const askers: string[] = [];
    const stopServing = await handleSync(server, async (request, peer) => {
      askers.push(peer.toString());
      return request;
    });
    try {
      await member.dial(server.multiaddrs()[0]!);
      expect(await requestSync(member, server.peerId, new Uint8Array([7]))).to.deep.equal(new Uint8Array([7]));

      // The outsider holds the network key, but the server refuses the connection itself: no sync, no bitswap,
      // no gossip.
      expect(await rejection(outsider.dial(server.multiaddrs()[0]!))).to.be.instanceOf(DialFailedError);
      expect(await rejection(requestSync(outsider, server.peerId, new Uint8Array([8])))).to.be.instanceOf(
        SyncFailedError,
      );
      expect(connected(server, outsider)).to.equal(false);
      expect(askers).to.deep.equal([member.peerId.toString()]);

      // Retired while connected: the open connection stays, the sync protocol refuses it.
      await (await registry.setNodeStatus(memberAddress, Status.Retired)).wait();
      await view.refresh();
      const retired = await rejection(requestSync(member, server.peerId, new Uint8Array([9])));
      expect(retired).to.be.instanceOf(SyncFailedError);
      expect((retired as SyncFailedError).details).to.equal("the peer could not answer the sync request");
      expect(askers).to.have.length(1);
    } finally {
      await stopServing();
    }
  });

  it("admits a peer registered after the last read, reading the registry again for it", async function () {
    const registry = await deployRegistry(admin);
    const view = viewOf(registry, ethers.provider);
    const server = await nodes.start({ psk, allowSync: (peer) => view.isActivePeer(peer.toString()) });
    const newcomer = await nodes.start({ psk });
    await view.refresh();
    const stopServing = await handleSync(server, async (request) => request);
    try {
      expect(await rejection(newcomer.dial(server.multiaddrs()[0]!))).to.be.instanceOf(DialFailedError);
      await register(registry, newcomer);
      // Reads caused by unknown peers are rate-limited: the connection is admitted within about a second.
      await eventually("the newcomer to be admitted", () => newcomer.dial(server.multiaddrs()[0]!), {
        ms: 10_000,
        everyMs: 200,
      });
      expect(await requestSync(newcomer, server.peerId, new Uint8Array([1]))).to.deep.equal(new Uint8Array([1]));
    } finally {
      await stopServing();
    }
  });

  it("keeps running while the registry cannot be read, and dials new nodes once it can again", async function () {
    // A chain of its own, served over JSON-RPC, so that it can be taken away and brought back on the same port.
    let chain = await network.createServer("default", "127.0.0.1", 0);
    const { port } = await chain.listen();
    const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, HARDHAT_CHAIN_ID, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    try {
      const registry = await deployRegistry(new Wallet(HARDHAT_TEST_KEY, provider));
      const view = viewOf(registry, provider, 2_000);
      const self = await nodes.start({ psk, allowSync: (peer) => view.isActivePeer(peer.toString()) });
      const [member, late] = await Promise.all([nodes.start({ psk }), nodes.start({ psk })]);
      await register(registry, self);
      await register(registry, member);
      const stopServing = await handleSync(self, async (request) => request);
      const { logger, lines } = capturedLogger();
      try {
        peering = await startRegistryPeers({ network: self, view, refreshMs: 300, logger });
        expect(connected(self, member)).to.equal(true);

        await chain.close();
        await eventually("a failed registry read to be logged", async () =>
          lines.some((line) => line.msg === "NodeRegistry could not be read") ? true : undefined,
        );
        // The last list read is kept: the member is still answered.
        expect(await requestSync(member, self.peerId, new Uint8Array([5]))).to.deep.equal(new Uint8Array([5]));

        // The same deployer on a fresh chain deploys the registry at the same address.
        chain = await network.createServer("default", "127.0.0.1", port);
        await chain.listen();
        const again = await deployRegistry(new Wallet(HARDHAT_TEST_KEY, provider));
        expect(again.target).to.equal(registry.target);
        await register(again, late);
        await eventually("the node registered after the outage to be dialed", async () =>
          connected(self, late) ? true : undefined,
        );
      } finally {
        await stopServing();
      }
    } finally {
      await peering?.stop();
      peering = undefined;
      provider.destroy();
      await chain.close();
    }
  });
});
