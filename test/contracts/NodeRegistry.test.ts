import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.getOrCreate();

/** Mirrors `INodeRegistry.NodeStatus`. */
const Status = { None: 0n, Active: 1n, Paused: 2n, Retired: 3n } as const;
type StatusValue = (typeof Status)[keyof typeof Status];
const statusName = (status: StatusValue) => ["None", "Active", "Paused", "Retired"][Number(status)];

/** The AccessManager role the deployment gives the restricted functions. */
const NODE_ADMIN = 1n;
const MAX_MULTIADDRS = 16;

/** Node signing keys: deterministic, so failures reproduce. A node is keyed by its key's address. */
const NODE_1 = new ethers.Wallet(ethers.id("idem test node 1")).address;
const NODE_2 = new ethers.Wallet(ethers.id("idem test node 2")).address;
const UNKNOWN_NODE = new ethers.Wallet(ethers.id("idem test node never registered")).address;

const NODE_1_ENDPOINTS = {
  httpEndpoint: "https://node1.idem.example",
  peerId: "12D3KooWNode1PeerIdxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  multiaddrs: ["/dns4/node1.idem.example/tcp/4001", "/ip4/203.0.113.1/tcp/4001"],
};
const NODE_2_ENDPOINTS = {
  httpEndpoint: "https://node2.idem.example",
  peerId: "12D3KooWNode2PeerIdxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  multiaddrs: ["/dns4/node2.idem.example/tcp/4001"],
};
const NEW_ENDPOINTS = {
  httpEndpoint: "https://node1-new.idem.example",
  peerId: "12D3KooWNode1NewPeerIdxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  multiaddrs: ["/dns4/node1-new.idem.example/tcp/4001"],
};

/** An AccessManager whose NODE_ADMIN role holds the registry's restricted functions, and an empty registry. */
async function deployNodeRegistryFixture() {
  const [admin, nodeAdmin, operator, otherOperator, stranger] = await ethers.getSigners();
  if (!admin || !nodeAdmin || !operator || !otherOperator || !stranger) throw new Error("missing signers");

  const manager = await ethers.deployContract("AccessManager", [admin.address]);
  const registry = await ethers.deployContract("NodeRegistry", [await manager.getAddress()]);

  const restricted = ["registerNode", "setNodeStatus", "setNodeOperator"] as const;
  const selectors = restricted.map((name) => registry.interface.getFunction(name).selector);
  await manager.connect(admin).setTargetFunctionRole(await registry.getAddress(), selectors, NODE_ADMIN);
  await manager.connect(admin).grantRole(NODE_ADMIN, nodeAdmin.address, 0);

  return { manager, registry, admin, nodeAdmin, operator, otherOperator, stranger };
}

/** NODE_1 registered and Active, run by `operator`. */
async function registeredNodeFixture() {
  const fixture = await deployNodeRegistryFixture();
  const { registry, nodeAdmin, operator } = fixture;
  const { httpEndpoint, peerId, multiaddrs } = NODE_1_ENDPOINTS;
  const tx = await registry.connect(nodeAdmin).registerNode(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs);
  const receipt = await tx.wait();
  const block = await ethers.provider.getBlock(receipt!.blockNumber);
  return { ...fixture, registeredAt: BigInt(block!.timestamp) };
}

/** NODE_1 registered and then retired. */
async function retiredNodeFixture() {
  const fixture = await registeredNodeFixture();
  await fixture.registry.connect(fixture.nodeAdmin).setNodeStatus(NODE_1, Status.Retired);
  return fixture;
}

describe("NodeRegistry", function () {
  describe("deployment", function () {
    it("reports version 1", async function () {
      const { registry } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      expect(await registry.version()).to.equal("1");
    });

    it("is governed by the AccessManager it was deployed with", async function () {
      const { registry, manager } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      expect(await registry.authority()).to.equal(await manager.getAddress());
    });

    it("caps multiaddrs at 16", async function () {
      const { registry } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      expect(await registry.MAX_MULTIADDRS()).to.equal(BigInt(MAX_MULTIADDRS));
    });

    it("starts with no nodes", async function () {
      const { registry } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      expect(await registry.nodes()).to.deep.equal([]);
    });
  });

  describe("views of an unknown node", function () {
    it("getNode returns an empty record with status None", async function () {
      const { registry } = await networkHelpers.loadFixture(registeredNodeFixture);
      const record = await registry.getNode(UNKNOWN_NODE);
      expect(record.operator).to.equal(ethers.ZeroAddress);
      expect(record.status).to.equal(Status.None);
      expect(record.registeredAt).to.equal(0n);
      expect(record.httpEndpoint).to.equal("");
      expect(record.peerId).to.equal("");
      expect(record.multiaddrs).to.deep.equal([]);
    });

    it("isActive is false", async function () {
      const { registry } = await networkHelpers.loadFixture(registeredNodeFixture);
      expect(await registry.isActive(UNKNOWN_NODE)).to.equal(false);
    });

    it("nodeOfPeerId returns the zero address for an unknown peer id", async function () {
      const { registry } = await networkHelpers.loadFixture(registeredNodeFixture);
      expect(await registry.nodeOfPeerId("12D3KooWUnknown")).to.equal(ethers.ZeroAddress);
    });
  });

  describe("registerNode", function () {
    it("registers the node as Active with its operator, time and endpoints", async function () {
      const { registry, operator, registeredAt } = await networkHelpers.loadFixture(registeredNodeFixture);
      const record = await registry.getNode(NODE_1);
      expect(record.operator).to.equal(operator.address);
      expect(record.status).to.equal(Status.Active);
      expect(record.registeredAt).to.equal(registeredAt);
      expect(record.httpEndpoint).to.equal(NODE_1_ENDPOINTS.httpEndpoint);
      expect(record.peerId).to.equal(NODE_1_ENDPOINTS.peerId);
      expect(record.multiaddrs).to.deep.equal(NODE_1_ENDPOINTS.multiaddrs);
      expect(await registry.isActive(NODE_1)).to.equal(true);
      expect(await registry.nodes()).to.deep.equal([NODE_1]);
      expect(await registry.nodeOfPeerId(NODE_1_ENDPOINTS.peerId)).to.equal(NODE_1);
    });

    it("emits NodeRegistered with the node, operator and endpoints", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { httpEndpoint, peerId, multiaddrs } = NODE_1_ENDPOINTS;
      await expect(registry.connect(nodeAdmin).registerNode(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs))
        .to.emit(registry, "NodeRegistered")
        .withArgs(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs);
    });

    it("lists every registered node", async function () {
      const { registry, nodeAdmin, otherOperator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId, multiaddrs } = NODE_2_ENDPOINTS;
      await registry.connect(nodeAdmin).registerNode(NODE_2, otherOperator.address, httpEndpoint, peerId, multiaddrs);
      expect(await registry.nodes()).to.deep.equal([NODE_1, NODE_2]);
      expect(await registry.nodeOfPeerId(peerId)).to.equal(NODE_2);
    });

    it("accepts an empty multiaddr list", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { httpEndpoint, peerId } = NODE_1_ENDPOINTS;
      await registry.connect(nodeAdmin).registerNode(NODE_1, operator.address, httpEndpoint, peerId, []);
      expect((await registry.getNode(NODE_1)).multiaddrs).to.deep.equal([]);
    });

    it("accepts exactly MAX_MULTIADDRS multiaddrs", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { httpEndpoint, peerId } = NODE_1_ENDPOINTS;
      const multiaddrs = Array.from({ length: MAX_MULTIADDRS }, (_, i) => `/ip4/203.0.113.${i}/tcp/4001`);
      await registry.connect(nodeAdmin).registerNode(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs);
      expect((await registry.getNode(NODE_1)).multiaddrs).to.deep.equal(multiaddrs);
    });

    it("reverts when the caller lacks the NODE_ADMIN role", async function () {
      const { registry, stranger } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { httpEndpoint, peerId, multiaddrs } = NODE_1_ENDPOINTS;
      await expect(registry.connect(stranger).registerNode(NODE_1, stranger.address, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "AccessManagedUnauthorized")
        .withArgs(stranger.address);
    });

    it("reverts when the caller is the manager's admin but not a NODE_ADMIN", async function () {
      const { registry, admin, operator } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { httpEndpoint, peerId, multiaddrs } = NODE_1_ENDPOINTS;
      await expect(registry.connect(admin).registerNode(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "AccessManagedUnauthorized")
        .withArgs(admin.address);
    });

    it("reverts when the node is the zero address", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { httpEndpoint, peerId, multiaddrs } = NODE_1_ENDPOINTS;
      await expect(
        registry
          .connect(nodeAdmin)
          .registerNode(ethers.ZeroAddress, operator.address, httpEndpoint, peerId, multiaddrs),
      )
        .to.be.revertedWithCustomError(registry, "NodeRegistryInvalidNode")
        .withArgs(ethers.ZeroAddress);
    });

    it("reverts when the operator is the zero address", async function () {
      const { registry, nodeAdmin } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { httpEndpoint, peerId, multiaddrs } = NODE_1_ENDPOINTS;
      await expect(
        registry.connect(nodeAdmin).registerNode(NODE_1, ethers.ZeroAddress, httpEndpoint, peerId, multiaddrs),
      )
        .to.be.revertedWithCustomError(registry, "NodeRegistryInvalidOperator")
        .withArgs(NODE_1, ethers.ZeroAddress);
    });

    it("reverts when the node is registered already", async function () {
      const { registry, nodeAdmin, otherOperator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId, multiaddrs } = NODE_2_ENDPOINTS;
      await expect(
        registry.connect(nodeAdmin).registerNode(NODE_1, otherOperator.address, httpEndpoint, peerId, multiaddrs),
      )
        .to.be.revertedWithCustomError(registry, "NodeRegistryNodeExists")
        .withArgs(NODE_1);
    });

    it("reverts when the node was registered and retired", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(retiredNodeFixture);
      const { httpEndpoint, peerId, multiaddrs } = NODE_2_ENDPOINTS;
      await expect(registry.connect(nodeAdmin).registerNode(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryNodeExists")
        .withArgs(NODE_1);
    });

    it("reverts when the HTTP endpoint is empty", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { peerId, multiaddrs } = NODE_1_ENDPOINTS;
      await expect(registry.connect(nodeAdmin).registerNode(NODE_1, operator.address, "", peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryEmptyHttpEndpoint")
        .withArgs(NODE_1);
    });

    it("reverts when the peer id is empty", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { httpEndpoint, multiaddrs } = NODE_1_ENDPOINTS;
      await expect(registry.connect(nodeAdmin).registerNode(NODE_1, operator.address, httpEndpoint, "", multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryEmptyPeerId")
        .withArgs(NODE_1);
    });

    it("reverts when a multiaddr is empty, naming its index", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { httpEndpoint, peerId } = NODE_1_ENDPOINTS;
      const multiaddrs = ["/ip4/203.0.113.1/tcp/4001", "", "/ip4/203.0.113.2/tcp/4001"];
      await expect(registry.connect(nodeAdmin).registerNode(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryEmptyMultiaddr")
        .withArgs(NODE_1, 1n);
    });

    it("reverts when more than MAX_MULTIADDRS multiaddrs are given", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(deployNodeRegistryFixture);
      const { httpEndpoint, peerId } = NODE_1_ENDPOINTS;
      const multiaddrs = Array.from({ length: MAX_MULTIADDRS + 1 }, (_, i) => `/ip4/203.0.113.${i}/tcp/4001`);
      await expect(registry.connect(nodeAdmin).registerNode(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryTooManyMultiaddrs")
        .withArgs(NODE_1, BigInt(MAX_MULTIADDRS + 1), BigInt(MAX_MULTIADDRS));
    });

    it("reverts when another node holds the peer id", async function () {
      const { registry, nodeAdmin, otherOperator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, multiaddrs } = NODE_2_ENDPOINTS;
      const { peerId } = NODE_1_ENDPOINTS;
      await expect(
        registry.connect(nodeAdmin).registerNode(NODE_2, otherOperator.address, httpEndpoint, peerId, multiaddrs),
      )
        .to.be.revertedWithCustomError(registry, "NodeRegistryPeerIdTaken")
        .withArgs(NODE_2, peerId, NODE_1);
    });

    it("reverts when a retired node holds the peer id", async function () {
      const { registry, nodeAdmin, otherOperator } = await networkHelpers.loadFixture(retiredNodeFixture);
      const { httpEndpoint, multiaddrs } = NODE_2_ENDPOINTS;
      const { peerId } = NODE_1_ENDPOINTS;
      await expect(
        registry.connect(nodeAdmin).registerNode(NODE_2, otherOperator.address, httpEndpoint, peerId, multiaddrs),
      )
        .to.be.revertedWithCustomError(registry, "NodeRegistryPeerIdTaken")
        .withArgs(NODE_2, peerId, NODE_1);
    });
  });

  describe("setNodeStatus", function () {
    it("pauses an active node and emits NodeStatusChanged", async function () {
      const { registry, nodeAdmin } = await networkHelpers.loadFixture(registeredNodeFixture);
      await expect(registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.Paused))
        .to.emit(registry, "NodeStatusChanged")
        .withArgs(NODE_1, Status.Active, Status.Paused);
      expect((await registry.getNode(NODE_1)).status).to.equal(Status.Paused);
      expect(await registry.isActive(NODE_1)).to.equal(false);
    });

    it("reactivates a paused node", async function () {
      const { registry, nodeAdmin } = await networkHelpers.loadFixture(registeredNodeFixture);
      await registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.Paused);
      await expect(registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.Active))
        .to.emit(registry, "NodeStatusChanged")
        .withArgs(NODE_1, Status.Paused, Status.Active);
      expect(await registry.isActive(NODE_1)).to.equal(true);
    });

    it("retires an active node, which stays listed with its record", async function () {
      const { registry, nodeAdmin, operator, registeredAt } = await networkHelpers.loadFixture(registeredNodeFixture);
      await expect(registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.Retired))
        .to.emit(registry, "NodeStatusChanged")
        .withArgs(NODE_1, Status.Active, Status.Retired);
      const record = await registry.getNode(NODE_1);
      expect(record.status).to.equal(Status.Retired);
      expect(record.operator).to.equal(operator.address);
      expect(record.registeredAt).to.equal(registeredAt);
      expect(record.peerId).to.equal(NODE_1_ENDPOINTS.peerId);
      expect(await registry.isActive(NODE_1)).to.equal(false);
      expect(await registry.nodes()).to.deep.equal([NODE_1]);
      expect(await registry.nodeOfPeerId(NODE_1_ENDPOINTS.peerId)).to.equal(NODE_1);
    });

    it("retires a paused node", async function () {
      const { registry, nodeAdmin } = await networkHelpers.loadFixture(registeredNodeFixture);
      await registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.Paused);
      await expect(registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.Retired))
        .to.emit(registry, "NodeStatusChanged")
        .withArgs(NODE_1, Status.Paused, Status.Retired);
    });

    for (const target of [Status.Active, Status.Paused, Status.Retired, Status.None]) {
      it(`reverts when a retired node is moved to ${statusName(target)}`, async function () {
        const { registry, nodeAdmin } = await networkHelpers.loadFixture(retiredNodeFixture);
        await expect(registry.connect(nodeAdmin).setNodeStatus(NODE_1, target))
          .to.be.revertedWithCustomError(registry, "NodeRegistryInvalidStatusTransition")
          .withArgs(NODE_1, Status.Retired, target);
      });
    }

    for (const from of [Status.Active, Status.Paused]) {
      it(`reverts when a${from === Status.Active ? "n" : ""} ${statusName(from)} node is moved to None`, async function () {
        const { registry, nodeAdmin } = await networkHelpers.loadFixture(registeredNodeFixture);
        if (from === Status.Paused) await registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.Paused);
        await expect(registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.None))
          .to.be.revertedWithCustomError(registry, "NodeRegistryInvalidStatusTransition")
          .withArgs(NODE_1, from, Status.None);
      });

      it(`reverts when a${from === Status.Active ? "n" : ""} ${statusName(from)} node is moved to ${statusName(from)} again`, async function () {
        const { registry, nodeAdmin } = await networkHelpers.loadFixture(registeredNodeFixture);
        if (from === Status.Paused) await registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.Paused);
        await expect(registry.connect(nodeAdmin).setNodeStatus(NODE_1, from))
          .to.be.revertedWithCustomError(registry, "NodeRegistryInvalidStatusTransition")
          .withArgs(NODE_1, from, from);
      });
    }

    it("reverts when the status is outside the enum", async function () {
      const { registry, nodeAdmin } = await networkHelpers.loadFixture(registeredNodeFixture);
      await expect(registry.connect(nodeAdmin).setNodeStatus(NODE_1, 4n)).to.be.revertedWithoutReason(ethers);
    });

    it("reverts when the node is unknown", async function () {
      const { registry, nodeAdmin } = await networkHelpers.loadFixture(registeredNodeFixture);
      await expect(registry.connect(nodeAdmin).setNodeStatus(UNKNOWN_NODE, Status.Paused))
        .to.be.revertedWithCustomError(registry, "NodeRegistryUnknownNode")
        .withArgs(UNKNOWN_NODE);
    });

    it("reverts when the caller lacks the NODE_ADMIN role, even the node's operator", async function () {
      const { registry, operator } = await networkHelpers.loadFixture(registeredNodeFixture);
      await expect(registry.connect(operator).setNodeStatus(NODE_1, Status.Paused))
        .to.be.revertedWithCustomError(registry, "AccessManagedUnauthorized")
        .withArgs(operator.address);
    });

    it("follows the transition rules for any sequence of requested statuses", async function () {
      const { registry, nodeAdmin } = await networkHelpers.loadFixture(registeredNodeFixture);
      const allowed = (from: StatusValue, to: StatusValue) =>
        from !== Status.Retired && to !== Status.None && to !== from;
      const anyStatus = fc.constantFrom(Status.None, Status.Active, Status.Paused, Status.Retired);
      await fc.assert(
        fc.asyncProperty(fc.array(anyStatus, { minLength: 1, maxLength: 6 }), async (targets) => {
          await networkHelpers.loadFixture(registeredNodeFixture);
          let model: StatusValue = Status.Active;
          for (const target of targets) {
            const tx = registry.connect(nodeAdmin).setNodeStatus(NODE_1, target);
            if (allowed(model, target)) {
              await expect(tx).to.emit(registry, "NodeStatusChanged").withArgs(NODE_1, model, target);
              model = target;
            } else {
              await expect(tx)
                .to.be.revertedWithCustomError(registry, "NodeRegistryInvalidStatusTransition")
                .withArgs(NODE_1, model, target);
            }
            expect((await registry.getNode(NODE_1)).status).to.equal(model);
            expect(await registry.isActive(NODE_1)).to.equal(model === Status.Active);
          }
        }),
        { numRuns: 30 },
      );
    });
  });

  describe("setNodeOperator", function () {
    it("hands the node to a new operator and emits NodeOperatorChanged", async function () {
      const { registry, nodeAdmin, operator, otherOperator } = await networkHelpers.loadFixture(registeredNodeFixture);
      await expect(registry.connect(nodeAdmin).setNodeOperator(NODE_1, otherOperator.address))
        .to.emit(registry, "NodeOperatorChanged")
        .withArgs(NODE_1, operator.address, otherOperator.address);
      expect((await registry.getNode(NODE_1)).operator).to.equal(otherOperator.address);
    });

    it("lets only the new operator update the node afterwards", async function () {
      const { registry, nodeAdmin, operator, otherOperator } = await networkHelpers.loadFixture(registeredNodeFixture);
      await registry.connect(nodeAdmin).setNodeOperator(NODE_1, otherOperator.address);
      const { httpEndpoint, peerId, multiaddrs } = NEW_ENDPOINTS;
      await expect(registry.connect(operator).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryNotOperator")
        .withArgs(NODE_1, otherOperator.address, operator.address);
      await expect(registry.connect(otherOperator).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs))
        .to.emit(registry, "NodeUpdated")
        .withArgs(NODE_1, otherOperator.address, httpEndpoint, peerId, multiaddrs);
    });

    it("works on a paused node", async function () {
      const { registry, nodeAdmin, operator, otherOperator } = await networkHelpers.loadFixture(registeredNodeFixture);
      await registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.Paused);
      await expect(registry.connect(nodeAdmin).setNodeOperator(NODE_1, otherOperator.address))
        .to.emit(registry, "NodeOperatorChanged")
        .withArgs(NODE_1, operator.address, otherOperator.address);
    });

    it("reverts when the new operator is the zero address", async function () {
      const { registry, nodeAdmin } = await networkHelpers.loadFixture(registeredNodeFixture);
      await expect(registry.connect(nodeAdmin).setNodeOperator(NODE_1, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(registry, "NodeRegistryInvalidOperator")
        .withArgs(NODE_1, ethers.ZeroAddress);
    });

    it("reverts when the node is unknown", async function () {
      const { registry, nodeAdmin, otherOperator } = await networkHelpers.loadFixture(registeredNodeFixture);
      await expect(registry.connect(nodeAdmin).setNodeOperator(UNKNOWN_NODE, otherOperator.address))
        .to.be.revertedWithCustomError(registry, "NodeRegistryUnknownNode")
        .withArgs(UNKNOWN_NODE);
    });

    it("reverts when the node is retired", async function () {
      const { registry, nodeAdmin, otherOperator } = await networkHelpers.loadFixture(retiredNodeFixture);
      await expect(registry.connect(nodeAdmin).setNodeOperator(NODE_1, otherOperator.address))
        .to.be.revertedWithCustomError(registry, "NodeRegistryNodeRetired")
        .withArgs(NODE_1);
    });

    it("reverts when the caller lacks the NODE_ADMIN role, even the node's operator", async function () {
      const { registry, operator, otherOperator } = await networkHelpers.loadFixture(registeredNodeFixture);
      await expect(registry.connect(operator).setNodeOperator(NODE_1, otherOperator.address))
        .to.be.revertedWithCustomError(registry, "AccessManagedUnauthorized")
        .withArgs(operator.address);
    });
  });

  describe("updateNode", function () {
    it("replaces the endpoints and emits NodeUpdated", async function () {
      const { registry, operator, registeredAt } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId, multiaddrs } = NEW_ENDPOINTS;
      await expect(registry.connect(operator).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs))
        .to.emit(registry, "NodeUpdated")
        .withArgs(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs);
      const record = await registry.getNode(NODE_1);
      expect(record.httpEndpoint).to.equal(httpEndpoint);
      expect(record.peerId).to.equal(peerId);
      expect(record.multiaddrs).to.deep.equal(multiaddrs);
      expect(record.operator).to.equal(operator.address);
      expect(record.status).to.equal(Status.Active);
      expect(record.registeredAt).to.equal(registeredAt);
    });

    it("moves the peer id claim, so another node can take the old peer id", async function () {
      const { registry, nodeAdmin, operator, otherOperator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId, multiaddrs } = NEW_ENDPOINTS;
      await registry.connect(operator).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs);
      expect(await registry.nodeOfPeerId(peerId)).to.equal(NODE_1);
      expect(await registry.nodeOfPeerId(NODE_1_ENDPOINTS.peerId)).to.equal(ethers.ZeroAddress);

      const old = NODE_1_ENDPOINTS.peerId;
      await expect(
        registry
          .connect(nodeAdmin)
          .registerNode(NODE_2, otherOperator.address, NODE_2_ENDPOINTS.httpEndpoint, old, NODE_2_ENDPOINTS.multiaddrs),
      ).to.emit(registry, "NodeRegistered");
      expect(await registry.nodeOfPeerId(old)).to.equal(NODE_2);
    });

    it("keeps the node's own peer id when it does not change", async function () {
      const { registry, operator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { peerId } = NODE_1_ENDPOINTS;
      const { httpEndpoint, multiaddrs } = NEW_ENDPOINTS;
      await expect(registry.connect(operator).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs))
        .to.emit(registry, "NodeUpdated")
        .withArgs(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs);
      expect(await registry.nodeOfPeerId(peerId)).to.equal(NODE_1);
    });

    it("replaces the whole multiaddr list, including with a shorter or empty one", async function () {
      const { registry, operator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId } = NODE_1_ENDPOINTS;
      const three = ["/ip4/203.0.113.7/tcp/1", "/ip4/203.0.113.7/tcp/2", "/ip4/203.0.113.7/tcp/3"];
      for (const multiaddrs of [three, ["/ip4/203.0.113.9/tcp/4001"], []]) {
        await registry.connect(operator).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs);
        expect((await registry.getNode(NODE_1)).multiaddrs).to.deep.equal(multiaddrs);
      }
    });

    it("works while the node is paused", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(registeredNodeFixture);
      await registry.connect(nodeAdmin).setNodeStatus(NODE_1, Status.Paused);
      const { httpEndpoint, peerId, multiaddrs } = NEW_ENDPOINTS;
      await expect(registry.connect(operator).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs))
        .to.emit(registry, "NodeUpdated")
        .withArgs(NODE_1, operator.address, httpEndpoint, peerId, multiaddrs);
      expect((await registry.getNode(NODE_1)).status).to.equal(Status.Paused);
    });

    it("reverts when the caller is not the node's operator", async function () {
      const { registry, operator, stranger } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId, multiaddrs } = NEW_ENDPOINTS;
      await expect(registry.connect(stranger).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryNotOperator")
        .withArgs(NODE_1, operator.address, stranger.address);
    });

    it("reverts when the caller is a NODE_ADMIN but not the operator", async function () {
      const { registry, nodeAdmin, operator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId, multiaddrs } = NEW_ENDPOINTS;
      await expect(registry.connect(nodeAdmin).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryNotOperator")
        .withArgs(NODE_1, operator.address, nodeAdmin.address);
    });

    it("reverts when the node is unknown", async function () {
      const { registry, operator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId, multiaddrs } = NEW_ENDPOINTS;
      await expect(registry.connect(operator).updateNode(UNKNOWN_NODE, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryUnknownNode")
        .withArgs(UNKNOWN_NODE);
    });

    it("reverts when the node is retired", async function () {
      const { registry, operator } = await networkHelpers.loadFixture(retiredNodeFixture);
      const { httpEndpoint, peerId, multiaddrs } = NEW_ENDPOINTS;
      await expect(registry.connect(operator).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryNodeRetired")
        .withArgs(NODE_1);
    });

    it("reverts when the HTTP endpoint is empty", async function () {
      const { registry, operator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { peerId, multiaddrs } = NEW_ENDPOINTS;
      await expect(registry.connect(operator).updateNode(NODE_1, "", peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryEmptyHttpEndpoint")
        .withArgs(NODE_1);
    });

    it("reverts when the peer id is empty", async function () {
      const { registry, operator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, multiaddrs } = NEW_ENDPOINTS;
      await expect(registry.connect(operator).updateNode(NODE_1, httpEndpoint, "", multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryEmptyPeerId")
        .withArgs(NODE_1);
    });

    it("reverts when a multiaddr is empty, naming its index, and keeps the old list", async function () {
      const { registry, operator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId } = NEW_ENDPOINTS;
      await expect(registry.connect(operator).updateNode(NODE_1, httpEndpoint, peerId, ["/ip4/203.0.113.9/tcp/1", ""]))
        .to.be.revertedWithCustomError(registry, "NodeRegistryEmptyMultiaddr")
        .withArgs(NODE_1, 1n);
      expect((await registry.getNode(NODE_1)).multiaddrs).to.deep.equal(NODE_1_ENDPOINTS.multiaddrs);
    });

    it("reverts when more than MAX_MULTIADDRS multiaddrs are given", async function () {
      const { registry, operator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId } = NEW_ENDPOINTS;
      const multiaddrs = Array.from({ length: MAX_MULTIADDRS + 1 }, (_, i) => `/ip4/203.0.113.${i}/tcp/4001`);
      await expect(registry.connect(operator).updateNode(NODE_1, httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryTooManyMultiaddrs")
        .withArgs(NODE_1, BigInt(MAX_MULTIADDRS + 1), BigInt(MAX_MULTIADDRS));
    });

    it("reverts when another node holds the peer id", async function () {
      const { registry, nodeAdmin, operator, otherOperator } = await networkHelpers.loadFixture(registeredNodeFixture);
      const { httpEndpoint, peerId, multiaddrs } = NODE_2_ENDPOINTS;
      await registry.connect(nodeAdmin).registerNode(NODE_2, otherOperator.address, httpEndpoint, peerId, multiaddrs);
      await expect(registry.connect(operator).updateNode(NODE_1, NEW_ENDPOINTS.httpEndpoint, peerId, multiaddrs))
        .to.be.revertedWithCustomError(registry, "NodeRegistryPeerIdTaken")
        .withArgs(NODE_1, peerId, NODE_2);
    });
  });
});
