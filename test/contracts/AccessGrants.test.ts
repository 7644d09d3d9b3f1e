import { expect } from "chai";
import fc from "fast-check";
import { type Interface, TypedDataEncoder } from "ethers";
import { network } from "hardhat";

import { IAccessGrants__factory } from "../../types/ethers-contracts/index.js";
import { DOMAIN_NAME, DOMAIN_VERSION, TYPEHASHES, TYPES, TYPE_STRINGS, type PrimaryType } from "../helpers/eip712.js";
import { accessGrantsFixture, grantIdOf, loadFreshFixture } from "../helpers/fixtures.js";

const { ethers } = await network.getOrCreate();

/**
 * Identity of the contract: version, signing domain, type hashes, interface and the pure grant key. Behaviour
 * lives in the files split by concern: anchors, grants, bySig, deletion, requests.
 */
describe("AccessGrants", function () {
  describe("version and EIP-712 domain", function () {
    it("reports version 1", async function () {
      const { accessGrants } = await loadFreshFixture(accessGrantsFixture);

      expect(await accessGrants.version()).to.equal(DOMAIN_VERSION);
    });

    it("signs under its name, its version, this chain and its own address (ERC-5267)", async function () {
      const { accessGrants } = await loadFreshFixture(accessGrantsFixture);
      const { chainId } = await ethers.provider.getNetwork();

      const domain = await accessGrants.eip712Domain();

      expect(domain.fields).to.equal("0x0f"); // name, version, chainId, verifyingContract
      expect(domain.name).to.equal(DOMAIN_NAME);
      expect(domain.version).to.equal(await accessGrants.version());
      expect(domain.chainId).to.equal(chainId);
      expect(domain.verifyingContract).to.equal(await accessGrants.getAddress());
      expect(domain.salt).to.equal(ethers.ZeroHash);
      expect(domain.extensions).to.deep.equal([]);
    });

    it("gives every deployment its own domain", async function () {
      const { accessGrants } = await loadFreshFixture(accessGrantsFixture);
      const second = await ethers.deployContract("AccessGrants");

      expect((await second.eip712Domain()).verifyingContract).to.not.equal(await accessGrants.getAddress());
    });
  });

  describe("type hashes", function () {
    const constants: Record<PrimaryType, "GRANT_TYPEHASH" | "REVOKE_TYPEHASH" | "REQUEST_DELETION_TYPEHASH"> = {
      Grant: "GRANT_TYPEHASH",
      Revoke: "REVOKE_TYPEHASH",
      RequestDeletion: "REQUEST_DELETION_TYPEHASH",
    };

    for (const [primaryType, constant] of Object.entries(constants) as [PrimaryType, typeof constants.Grant][]) {
      it(`${constant} is keccak256 of the ${primaryType} type string`, async function () {
        const { accessGrants } = await loadFreshFixture(accessGrantsFixture);

        expect(await accessGrants[constant]()).to.equal(ethers.id(TYPE_STRINGS[primaryType]));
        expect(await accessGrants[constant]()).to.equal(TYPEHASHES[primaryType]);
      });

      it(`the ${primaryType} signing table encodes to that same type string`, function () {
        const encoder = new TypedDataEncoder({ [primaryType]: [...TYPES[primaryType]] });

        expect(encoder.encodeType(primaryType)).to.equal(TYPE_STRINGS[primaryType]);
      });
    }
  });

  describe("interface", function () {
    it("implements every function of IAccessGrants", async function () {
      const { accessGrants } = await loadFreshFixture(accessGrantsFixture);
      const expected = IAccessGrants__factory.createInterface();

      expected.forEachFunction((fragment) => {
        expect((accessGrants.interface as Interface).getFunction(fragment.selector), fragment.format()).to.not.equal(
          null,
        );
      });
    });
  });

  describe("grantId", function () {
    it("is keccak256(abi.encode(owner, grantee, dataId)) as ethers' AbiCoder computes it", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const { address: owner, dataId } = owners.EOA;
      const expected = ethers.keccak256(
        ethers.AbiCoder.defaultAbiCoder().encode(
          ["address", "address", "bytes32"],
          [owner, signers.bob.address, dataId],
        ),
      );

      expect(await accessGrants.grantId(owner, signers.bob.address, dataId)).to.equal(expected);
      expect(grantIdOf(owner, signers.bob.address, dataId)).to.equal(expected);
    });

    it("agrees with the off-chain derivation for arbitrary owners, grantees and dataIds (fast-check)", async function () {
      const { accessGrants } = await loadFreshFixture(accessGrantsFixture);
      const address = fc
        .uint8Array({ minLength: 20, maxLength: 20 })
        .map((bytes) => ethers.getAddress(ethers.hexlify(bytes)));
      const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => ethers.hexlify(bytes));

      await fc.assert(
        fc.asyncProperty(address, address, bytes32, async (owner, grantee, dataId) => {
          expect(await accessGrants.grantId(owner, grantee, dataId)).to.equal(grantIdOf(owner, grantee, dataId));
        }),
        { numRuns: 50 },
      );
    });

    it("depends on the order of owner and grantee", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const { dataId } = owners.EOA;

      expect(await accessGrants.grantId(signers.alice.address, signers.bob.address, dataId)).to.not.equal(
        await accessGrants.grantId(signers.bob.address, signers.alice.address, dataId),
      );
    });
  });
});
