import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";

import { IdemError } from "../../../sdk/src/errors.ts";
import { ContractCallError } from "../../../sdk/src/grants/contract-errors.ts";
import { activeNodes } from "../../../sdk/src/registries/active-nodes.ts";
import { decodeRegistryError } from "../../../sdk/src/registries/errors.ts";
import { getNode } from "../../../sdk/src/registries/get-node.ts";
import { listNodes } from "../../../sdk/src/registries/list-nodes.ts";
import { NodeRegistry__factory } from "../../../types/ethers-contracts/index.js";
import { caught } from "../grants/caught.ts";

const { ethers, networkHelpers } = await network.getOrCreate();

/** The AccessManager role the deployment gives the registry's restricted functions (deploy/NodeRegistry.ts). */
const NODE_ADMIN = 1n;
const Status = { Active: 1n, Paused: 2n, Retired: 3n } as const;

/** Node signing keys: deterministic, so failures reproduce. */
const NODE_1 = new ethers.Wallet(ethers.id("idem sdk test node 1")).address;
const NODE_2 = new ethers.Wallet(ethers.id("idem sdk test node 2")).address;
const UNKNOWN_NODE = new ethers.Wallet(ethers.id("idem sdk test node never registered")).address;

const NODE_1_ENDPOINTS = {
  httpEndpoint: "https://node1.idem.example",
  peerId: "12D3KooWSdkNode1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  multiaddrs: ["/dns4/node1.idem.example/tcp/4001", "/ip4/203.0.113.1/tcp/4001"],
};
const NODE_2_ENDPOINTS = {
  httpEndpoint: "https://node2.idem.example",
  peerId: "12D3KooWSdkNode2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  multiaddrs: ["/dns4/node2.idem.example/tcp/4001"],
};

/** An AccessManager whose NODE_ADMIN role holds the registry's restricted functions, and an empty registry. */
async function emptyRegistryFixture() {
  const [admin, operator1, operator2] = await ethers.getSigners();
  if (!admin || !operator1 || !operator2) throw new Error("missing signers");
  const manager = await ethers.deployContract("AccessManager", [admin.address]);
  const nodeRegistry = await ethers.deployContract("NodeRegistry", [await manager.getAddress()]);
  const selectors = (["registerNode", "setNodeStatus", "setNodeOperator"] as const).map(
    (name) => nodeRegistry.interface.getFunction(name).selector,
  );
  await manager.setTargetFunctionRole(await nodeRegistry.getAddress(), selectors, NODE_ADMIN);
  await manager.grantRole(NODE_ADMIN, admin.address, 0);
  return { nodeRegistry, admin, operator1, operator2 };
}

async function timeOf(tx: { wait(): Promise<{ blockNumber: number } | null> }): Promise<bigint> {
  const receipt = await tx.wait();
  return BigInt((await ethers.provider.getBlock(receipt!.blockNumber))!.timestamp);
}

/** NODE_1 (run by operator1) and NODE_2 (run by operator2), both Active. */
async function twoNodesFixture() {
  const fixture = await emptyRegistryFixture();
  const { nodeRegistry, operator1, operator2 } = fixture;
  const e1 = NODE_1_ENDPOINTS;
  const e2 = NODE_2_ENDPOINTS;
  const registeredAt1 = await timeOf(
    await nodeRegistry.registerNode(NODE_1, operator1.address, e1.httpEndpoint, e1.peerId, e1.multiaddrs),
  );
  const registeredAt2 = await timeOf(
    await nodeRegistry.registerNode(NODE_2, operator2.address, e2.httpEndpoint, e2.peerId, e2.multiaddrs),
  );
  const record1 = { node: NODE_1, operator: operator1.address, status: "Active", registeredAt: registeredAt1, ...e1 };
  const record2 = { node: NODE_2, operator: operator2.address, status: "Active", registeredAt: registeredAt2, ...e2 };
  return { ...fixture, record1, record2 };
}

describe("SDK NodeRegistry: getNode / listNodes / activeNodes", function () {
  it("listNodes and activeNodes return nothing for an empty registry", async function () {
    const { nodeRegistry } = await networkHelpers.loadFixture(emptyRegistryFixture);

    expect(await listNodes({ nodeRegistry })).to.deep.equal([]);
    expect(await activeNodes({ nodeRegistry })).to.deep.equal([]);
  });

  it("getNode returns a registered node's typed record", async function () {
    const { nodeRegistry, record1 } = await networkHelpers.loadFixture(twoNodesFixture);

    expect(await getNode({ nodeRegistry, node: NODE_1 })).to.deep.equal(record1);
  });

  it("getNode returns status None and empty fields for an address that is not registered", async function () {
    const { nodeRegistry } = await networkHelpers.loadFixture(twoNodesFixture);

    expect(await getNode({ nodeRegistry, node: UNKNOWN_NODE })).to.deep.equal({
      node: UNKNOWN_NODE,
      operator: ZeroAddress,
      status: "None",
      registeredAt: 0n,
      httpEndpoint: "",
      peerId: "",
      multiaddrs: [],
    });
  });

  it("listNodes returns every node with its record, in registry order", async function () {
    const { nodeRegistry, record1, record2 } = await networkHelpers.loadFixture(twoNodesFixture);

    expect(await listNodes({ nodeRegistry })).to.deep.equal([record1, record2]);
  });

  it("activeNodes leaves out paused and retired nodes, which listNodes still lists with their status", async function () {
    const { nodeRegistry, record1, record2 } = await networkHelpers.loadFixture(twoNodesFixture);
    await nodeRegistry.setNodeStatus(NODE_2, Status.Paused);

    expect(await activeNodes({ nodeRegistry })).to.deep.equal([record1]);

    await nodeRegistry.setNodeStatus(NODE_1, Status.Retired);

    expect(await activeNodes({ nodeRegistry })).to.deep.equal([]);
    expect(await listNodes({ nodeRegistry })).to.deep.equal([
      { ...record1, status: "Retired" },
      { ...record2, status: "Paused" },
    ]);
  });

  it("reads the state at a given blockTag", async function () {
    const { nodeRegistry, record1, record2 } = await networkHelpers.loadFixture(twoNodesFixture);
    const before = await ethers.provider.getBlockNumber();
    await nodeRegistry.setNodeStatus(NODE_1, Status.Paused);

    expect(await activeNodes({ nodeRegistry, blockTag: before })).to.deep.equal([record1, record2]);
    expect(await getNode({ nodeRegistry, node: NODE_1, blockTag: before })).to.deep.equal(record1);
    expect((await getNode({ nodeRegistry, node: NODE_1 })).status).to.equal("Paused");
  });

  it("listNodes throws IdemError when the registry has no provider to read the latest block from", async function () {
    const { nodeRegistry } = await networkHelpers.loadFixture(twoNodesFixture);
    const detached = NodeRegistry__factory.connect(await nodeRegistry.getAddress());

    const error = await caught(listNodes({ nodeRegistry: detached }), IdemError);

    expect(error.shortMessage).to.equal("Cannot read the latest block.");
  });

  it("decodeRegistryError keeps a NodeRegistry revert's name and arguments", async function () {
    const { nodeRegistry, operator1 } = await networkHelpers.loadFixture(twoNodesFixture);
    const e = NODE_1_ENDPOINTS;

    const error = await caught(
      nodeRegistry
        .registerNode(NODE_1, operator1.address, e.httpEndpoint, e.peerId, e.multiaddrs)
        .catch((raw: unknown) => {
          throw decodeRegistryError(raw, nodeRegistry.interface);
        }),
      ContractCallError,
    );

    expect([error.errorName, error.args]).to.deep.equal(["NodeRegistryNodeExists", [NODE_1]]);
  });
});
