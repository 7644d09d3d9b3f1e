import { expect } from "chai";
import { network } from "hardhat";
import IdemModule from "../../deploy/Idem.ts";
import KycGatedVaultModule from "../../deploy/KycGatedVault.ts";
import {
  NODE_ADMIN_FUNCTIONS,
  NODE_ADMIN_LABEL,
  NODE_ADMIN_ROLE,
  NODE_ADMIN_SELECTORS,
} from "../../deploy/NodeRegistry.ts";

const connection = await network.getOrCreate();
const { ethers, ignition, networkHelpers } = connection;
const { loadFixture } = networkHelpers;

/** The CreateX factory Ignition's create2 strategy deploys through; the same address on every chain. */
const CREATE_X_ADDRESS = "0xba5Ed099633D3B313e4D5F7bdc1305d3c28ba5Ed";

/** The Idem module deployed by account 0, with typed handles on each contract. */
async function deployIdemFixture() {
  const [deployer, stranger] = await ethers.getSigners();
  if (deployer === undefined || stranger === undefined) throw new Error("deployIdemFixture needs 2 accounts");
  const deployed = await ignition.deploy(IdemModule);
  const [accessGrants, keyRegistry, accessManager, nodeRegistry] = await Promise.all([
    deployed.accessGrants.getAddress().then((address) => ethers.getContractAt("AccessGrants", address)),
    deployed.keyRegistry.getAddress().then((address) => ethers.getContractAt("KeyRegistry", address)),
    deployed.accessManager.getAddress().then((address) => ethers.getContractAt("AccessManager", address)),
    deployed.nodeRegistry.getAddress().then((address) => ethers.getContractAt("NodeRegistry", address)),
  ]);
  return { accessGrants, keyRegistry, accessManager, nodeRegistry, deployer, stranger };
}

/** Arguments of `registerNode` for a made-up node. */
function nodeArgs(node: string, operator: string): [string, string, string, string, string[]] {
  return [
    node,
    operator,
    "https://node1.example.org",
    "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN",
    ["/dns4/node1.example.org/tcp/4001"],
  ];
}

describe("IdemModule", function () {
  describe("NodeRegistry wiring", function () {
    it("makes the AccessManager the authority of NodeRegistry", async function () {
      const { accessManager, nodeRegistry } = await loadFixture(deployIdemFixture);
      expect(await nodeRegistry.authority()).to.equal(await accessManager.getAddress());
    });

    it("gives the deployer the manager's admin role and the NODE_ADMIN role, with no delay", async function () {
      const { accessManager, deployer } = await loadFixture(deployIdemFixture);
      expect(await accessManager.hasRole(await accessManager.ADMIN_ROLE(), deployer)).to.deep.equal([true, 0n]);
      expect(await accessManager.hasRole(NODE_ADMIN_ROLE, deployer)).to.deep.equal([true, 0n]);
    });

    it("labels the NODE_ADMIN role", async function () {
      const { accessManager } = await loadFixture(deployIdemFixture);
      const [labelled] = await accessManager.queryFilter(accessManager.filters.RoleLabel(NODE_ADMIN_ROLE));
      expect(labelled?.args.label).to.equal(NODE_ADMIN_LABEL);
    });

    it("restricts exactly the admin functions of NodeRegistry to NODE_ADMIN", async function () {
      const { accessManager, nodeRegistry } = await loadFixture(deployIdemFixture);
      // An untyped view of the compiled ABI, to look functions up by full signature.
      const abi = new ethers.Interface(nodeRegistry.interface.fragments);
      for (const [index, signature] of NODE_ADMIN_FUNCTIONS.entries()) {
        const selector = abi.getFunction(signature)?.selector;
        if (selector === undefined) throw new Error(`${signature} is not in the NodeRegistry ABI`);
        expect(NODE_ADMIN_SELECTORS[index]).to.equal(selector);
        expect(await accessManager.getTargetFunctionRole(nodeRegistry, selector)).to.equal(NODE_ADMIN_ROLE);
      }
      const updateNode = nodeRegistry.interface.getFunction("updateNode").selector;
      expect(await accessManager.getTargetFunctionRole(nodeRegistry, updateNode)).to.equal(
        await accessManager.ADMIN_ROLE(),
      );
    });

    it("refuses registerNode from an account without NODE_ADMIN", async function () {
      const { nodeRegistry, stranger } = await loadFixture(deployIdemFixture);
      await expect(nodeRegistry.connect(stranger).registerNode(...nodeArgs(stranger.address, stranger.address)))
        .to.be.revertedWithCustomError(nodeRegistry, "AccessManagedUnauthorized")
        .withArgs(stranger.address);
    });

    it("lets the NODE_ADMIN register a node", async function () {
      const { nodeRegistry, deployer, stranger } = await loadFixture(deployIdemFixture);
      await expect(nodeRegistry.connect(deployer).registerNode(...nodeArgs(stranger.address, stranger.address)))
        .to.emit(nodeRegistry, "NodeRegistered")
        .withArgs(...nodeArgs(stranger.address, stranger.address));
      expect(await nodeRegistry.isActive(stranger)).to.equal(true);
    });

    it("gives NODE_ADMIN to the nodeAdmin parameter, not the deployer, when one is set", async function () {
      const { deployer, stranger } = await loadFixture(deployIdemFixture);
      const fresh = await network.create();
      const deployed = await fresh.ignition.deploy(IdemModule, {
        parameters: { NodeRegistryModule: { nodeAdmin: stranger.address } },
      });
      const accessManager = await fresh.ethers.getContractAt(
        "AccessManager",
        await deployed.accessManager.getAddress(),
      );
      expect(await accessManager.hasRole(NODE_ADMIN_ROLE, stranger)).to.deep.equal([true, 0n]);
      expect(await accessManager.hasRole(NODE_ADMIN_ROLE, deployer)).to.deep.equal([false, 0n]);
    });
  });

  describe("versions", function () {
    it("deploys every contract at version 1", async function () {
      const { accessGrants, keyRegistry, nodeRegistry } = await loadFixture(deployIdemFixture);
      expect(await accessGrants.version()).to.equal("1");
      expect(await keyRegistry.version()).to.equal("1");
      expect(await nodeRegistry.version()).to.equal("1");
    });

    it("signs AccessGrants messages under a domain whose version is the contract's version", async function () {
      const { accessGrants } = await loadFixture(deployIdemFixture);
      const domain = await accessGrants.eip712Domain();
      expect(domain.version).to.equal(await accessGrants.version());
      expect(domain.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
      expect(domain.verifyingContract).to.equal(await accessGrants.getAddress());
    });
  });

  describe("create2 strategy", function () {
    /** Deploys the Idem module with create2 on a fresh chain with `chainId`; returns the addresses. */
    async function deployWithCreate2(chainId: number, salt: string, createXCode?: string) {
      const chain = await network.create({ override: { chainId } });
      if (createXCode !== undefined) {
        // Ignition deploys CreateX by itself only on chain id 31337; other chains must already have it, as
        // public chains do. Copy it over, as it would be there.
        await chain.networkHelpers.setCode(CREATE_X_ADDRESS, createXCode);
      }
      const deployed = await chain.ignition.deploy(IdemModule, {
        strategy: "create2",
        strategyConfig: { salt },
      });
      const addresses = {
        accessGrants: await deployed.accessGrants.getAddress(),
        keyRegistry: await deployed.keyRegistry.getAddress(),
        accessManager: await deployed.accessManager.getAddress(),
        nodeRegistry: await deployed.nodeRegistry.getAddress(),
      };
      return { chain, addresses };
    }

    /**
     * The salt shape the README recommends: deployer (20 bytes) ‖ 0x00 ‖ 11 free bytes. CreateX then lets only the
     * deployer use it (no one can squat the addresses on a new chain), and byte 21 being 0x00 keeps the chain id
     * out of the address.
     */
    async function permissionedSalt(): Promise<string> {
      const [deployer] = await ethers.getSigners();
      if (deployer === undefined) throw new Error("needs an account");
      return ethers.concat([deployer.address, "0x00", ethers.dataSlice(ethers.id("idem:test:create2"), 0, 11)]);
    }

    it("deploys every contract at the same address on chains with different ids", async function () {
      const salt = await permissionedSalt();
      const local = await deployWithCreate2(31337, salt);
      const createXCode = await local.chain.ethers.provider.getCode(CREATE_X_ADDRESS);
      const other = await deployWithCreate2(8453, salt, createXCode);

      expect(other.addresses).to.deep.equal(local.addresses);
      const accessGrants = await other.chain.ethers.getContractAt("AccessGrants", other.addresses.accessGrants);
      expect((await accessGrants.eip712Domain()).chainId).to.equal(8453n);
    });
  });

  describe("KycGatedVaultModule", function () {
    it("deploys the example vault with its parameters, against the AccessGrants of the deployment", async function () {
      const [issuer, provider] = await ethers.getSigners();
      if (issuer === undefined || provider === undefined) throw new Error("needs 2 accounts");
      const schema = ethers.id("https://idem.dev/schemas/KYCCredential/v1");
      const chain = await network.create();
      const deployed = await chain.ignition.deploy(KycGatedVaultModule, {
        parameters: { KycGatedVaultModule: { issuer: issuer.address, schema, provider: provider.address } },
      });
      const vault = await chain.ethers.getContractAt("KycGatedVault", await deployed.kycGatedVault.getAddress());
      expect(await vault.accessGrants()).to.equal(await deployed.accessGrants.getAddress());
      expect(await vault.trustedIssuer()).to.equal(issuer.address);
      expect(await vault.kycSchema()).to.equal(schema);
      expect(await vault.complianceProvider()).to.equal(provider.address);
    });
  });
});
