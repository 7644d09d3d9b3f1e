/**
 * The node's private network takes its members from NodeRegistry, end to end: Hardhat's EDR chain served over
 * JSON-RPC with the suite deployed, nodes started by `startNode` with `p2p.requireRegisteredPeers` at its default,
 * and a bare libp2p node holding the network key to ask for a catch-up over the sync protocol.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { expect } from "chai";
import { ContractFactory, JsonRpcProvider, Wallet } from "ethers";
import { artifacts, network } from "hardhat";
import type { JsonRpcServer } from "hardhat/types/network";

import { NODE_ADMIN_ROLE, NODE_ADMIN_SELECTORS } from "../../deploy/NodeRegistry.ts";
import { DialFailedError } from "../../node/src/p2p/errors.ts";
import { loadOrCreatePeerKey } from "../../node/src/p2p/identity.ts";
import { loadOrCreateNetworkKey } from "../../node/src/p2p/network-key.ts";
import { requestSync } from "../../node/src/p2p/sync-protocol.ts";
import { AccessManager__factory, NodeRegistry__factory } from "../../types/ethers-contracts/index.ts";
import type { NodeRegistry } from "../../types/ethers-contracts/index.ts";
import { HARDHAT_TEST_KEY } from "./helpers/build.ts";
import { HARDHAT_CHAIN_ID } from "./helpers/config.ts";
import { eventually, prepareSlots, removeTempDirs, startFromSlot } from "./helpers/multi-node.ts";
import type { NodeSlot, StartedNode } from "./helpers/multi-node.ts";
import { rejection } from "./p2p/rejection.ts";
import { testNetwork } from "./p2p/test-network.ts";

/** A catch-up request as the replicator sends it: every change after sequence 0. */
const SINCE_START = new TextEncoder().encode(JSON.stringify({ op: "since", after: 0, limit: 10 }));

describe("node network from NodeRegistry", function () {
  this.timeout(60_000);
  let server: JsonRpcServer;
  let provider: JsonRpcProvider;
  let registry: NodeRegistry;
  let slots: NodeSlot[];
  const started: StartedNode[] = [];
  const bare = testNetwork();

  before(async function () {
    server = await network.createServer("default", "127.0.0.1", 0);
    const { port } = await server.listen();
    const rpcUrl = `http://127.0.0.1:${port}`;
    provider = new JsonRpcProvider(rpcUrl, HARDHAT_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
    const admin = new Wallet(HARDHAT_TEST_KEY, provider);
    const deploy = async (name: string): Promise<{ address: string; block: number }> => {
      const artifact = await artifacts.readArtifact(name);
      const contract = await new ContractFactory(artifact.abi, artifact.bytecode, admin).deploy();
      const receipt = await contract.deploymentTransaction()!.wait();
      return { address: await contract.getAddress(), block: receipt!.blockNumber };
    };
    const accessGrants = await deploy("AccessGrants");
    const keyRegistry = await deploy("KeyRegistry");
    const manager = await new AccessManager__factory(admin).deploy(admin.address);
    await manager.waitForDeployment();
    registry = await new NodeRegistry__factory(admin).deploy(await manager.getAddress());
    await registry.waitForDeployment();
    await (await manager.setTargetFunctionRole(registry.target, NODE_ADMIN_SELECTORS, NODE_ADMIN_ROLE)).wait();
    await (await manager.grantRole(NODE_ADMIN_ROLE, admin.address, 0)).wait();

    slots = await prepareSlots({
      count: 2,
      chain: {
        rpcUrl,
        accessGrants: accessGrants.address,
        keyRegistry: keyRegistry.address,
        fromBlock: accessGrants.block,
        pollIntervalMs: 300,
      },
    });
    // The registry deployed here, registered peers only (the default), and a fast refresh.
    for (const slot of slots) {
      const raw = JSON.parse(readFileSync(slot.configPath, "utf8")) as Record<string, any>;
      raw.registryChain = { chainId: HARDHAT_CHAIN_ID, nodeRegistry: registry.target };
      delete raw.p2p.requireRegisteredPeers;
      raw.p2p.registryRefreshMs = 1_000;
      writeFileSync(slot.configPath, JSON.stringify(raw, null, 2));
    }
  });

  after(async function () {
    await Promise.allSettled(started.map(({ node }) => node.close()));
    await bare.stopAll();
    provider?.destroy();
    await server?.close();
    removeTempDirs();
  });

  async function register(nodeAddress: string, peerId: string, multiaddrs: string[]): Promise<void> {
    const operator = await (registry.runner as Wallet).getAddress();
    await (await registry.registerNode(nodeAddress, operator, "http://127.0.0.1:1", peerId, multiaddrs)).wait();
  }

  it("dials the registered nodes with no static peers, and admits only registered peers", async function () {
    const first = await startFromSlot(slots[0]!);
    started.push(first);
    await register(slots[0]!.nodeAddress, first.node.peerId, first.node.multiaddrs());
    // The second node is registered before it starts (its peer key made first), as an operator would do.
    const secondPeerId = peerIdFromPrivateKey(await loadOrCreatePeerKey({ path: join(slots[1]!.dir, "peer.key") }));
    await register(slots[1]!.nodeAddress, secondPeerId.toString(), [
      `/ip4/127.0.0.1/tcp/${slots[1]!.p2pPort}/p2p/${secondPeerId.toString()}`,
    ]);

    const second = await startFromSlot(slots[1]!);
    started.push(second);
    // Either dials the other from the registry: the second at its start (refused if the first has not read the
    // registry since the second was added), the first at its next refresh.
    const connected = await eventually("the two nodes to connect", async () =>
      [...first.logs(), ...second.logs()].find((line) => line.includes('"msg":"registry peer connected"')),
    );
    expect(connected).to.satisfy(
      (line: string) => line.includes(first.node.peerId) || line.includes(second.node.peerId),
    );

    const psk = await loadOrCreateNetworkKey({ path: join(slots[0]!.dir, "network.key") });
    const outsider = await bare.start({ psk });
    expect(await rejection(outsider.dial(first.node.multiaddrs()[0]!))).to.be.instanceOf(DialFailedError);

    await register(Wallet.createRandom().address, outsider.peerId.toString(), outsider.multiaddrs());
    const remote = await eventually("the registered peer to be admitted", () =>
      outsider.dial(first.node.multiaddrs()[0]!),
    );
    expect(remote.toString()).to.equal(first.node.peerId);
    const answer = await requestSync(outsider, remote, SINCE_START);
    expect(JSON.parse(new TextDecoder().decode(answer))).to.have.property("changes");
  });
});
