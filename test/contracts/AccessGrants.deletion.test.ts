import type { ContractTransactionResponse } from "ethers";
import { expect } from "chai";
import { network } from "hardhat";

import type { AccessGrants } from "../../types/ethers-contracts/index.js";
import { signDeletion } from "../helpers/eip712.js";
import {
  type AccessGrantsFixture,
  type Account,
  type OwnerWithData,
  type SignerKind,
  FAR_DEADLINE,
  KYC_SCHEMA,
  PURPOSE,
  SIGNER_KINDS,
  accessGrantsFixture,
  grantIdOf,
  loadFreshFixture,
} from "../helpers/fixtures.js";
import { increaseTo, latest, pinNextTimestamp } from "../helpers/time.js";

await network.getOrCreate();

/** One way for an owner to ask for deletion. */
interface DeletionEntryPoint {
  readonly name: string;
  requestDeletion(f: AccessGrantsFixture, owner: Account, dataId: string): Promise<ContractTransactionResponse>;
}

const direct: DeletionEntryPoint = {
  name: "requestDeletion",
  requestDeletion: (_f, owner, dataId) => owner.writer.requestDeletion(dataId),
};

/** The owner signs with the dataId's current nonce; a relayer submits. */
const bySignature: DeletionEntryPoint = {
  name: "requestDeletionBySig (relayed)",
  async requestDeletion(f, owner, dataId) {
    const { nonce } = await f.accessGrants.getAnchor(dataId);
    const message = { owner: owner.address, dataId, nonce, deadline: FAR_DEADLINE };
    const signature = await signDeletion(owner.signer, f.domain, message);
    return f.accessGrants.connect(f.signers.relayer).requestDeletionBySig(message, signature);
  },
};

/**
 * Deletion through one entry point for an owner of one signer kind: when it takes effect, what it does to
 * locked and unlocked grants, and what it forbids afterwards.
 */
function shouldBehaveLikeDeletion(entry: DeletionEntryPoint, kind: SignerKind): void {
  describe(`through ${entry.name}, owner is an ${kind}`, function () {
    let f: AccessGrantsFixture;
    let accessGrants: AccessGrants;
    let owner: OwnerWithData;
    let dataId: string;
    let bob: string;
    let consumer: string;

    beforeEach(async function () {
      f = await loadFreshFixture(accessGrantsFixture);
      accessGrants = f.accessGrants;
      owner = f.owners[kind];
      dataId = owner.dataId;
      bob = f.signers.bob.address;
      consumer = f.signers.consumer.address;
    });

    it("takes effect at once when no grant is locked, and emits DeletionRequested", async function () {
      const now = await pinNextTimestamp();

      await expect(entry.requestDeletion(f, owner, dataId))
        .to.emit(accessGrants, "DeletionRequested")
        .withArgs(owner.address, dataId, now);

      expect(await accessGrants.deletionEffectiveAt(dataId)).to.equal(now);
      expect((await accessGrants.getAnchor(dataId)).deletionRequestedAt).to.equal(now);
    });

    it("ends unlocked grants at once", async function () {
      await owner.writer.grant(bob, dataId, 0n, 0n, PURPOSE);

      await entry.requestDeletion(f, owner, dataId);

      expect(await accessGrants.isGranted(owner.address, bob, dataId)).to.equal(false);
    });

    it("schedules deletion for the end of a running lock, which outlives the request until then", async function () {
      const lockedUntil = (await latest()) + 1_000n;
      await owner.writer.grant(consumer, dataId, lockedUntil, 0n, PURPOSE);
      await owner.writer.grant(bob, dataId, 0n, 0n, PURPOSE);

      await expect(entry.requestDeletion(f, owner, dataId))
        .to.emit(accessGrants, "DeletionRequested")
        .withArgs(owner.address, dataId, lockedUntil);
      expect(await accessGrants.deletionEffectiveAt(dataId)).to.equal(lockedUntil);

      expect(await accessGrants.isGranted(owner.address, consumer, dataId)).to.equal(true);
      expect(await accessGrants.isGranted(owner.address, bob, dataId)).to.equal(false);
      await increaseTo(lockedUntil - 1n);
      expect(await accessGrants.isGranted(owner.address, consumer, dataId)).to.equal(true);
      await increaseTo(lockedUntil);
      expect(await accessGrants.isGranted(owner.address, consumer, dataId)).to.equal(false);
    });

    it("takes effect at the latest lock over every grant on the dataId", async function () {
      const now = await latest();
      await owner.writer.grant(bob, dataId, now + 500n, 0n, PURPOSE);
      await owner.writer.grant(consumer, dataId, now + 2_000n, 0n, PURPOSE);
      await owner.writer.grant(f.signers.stranger.address, dataId, now + 1_000n, now + 3_000n, PURPOSE);

      await entry.requestDeletion(f, owner, dataId);

      expect(await accessGrants.deletionEffectiveAt(dataId)).to.equal(now + 2_000n);
    });

    it("ignores locks that have already ended", async function () {
      const lockedUntil = (await latest()) + 100n;
      await owner.writer.grant(bob, dataId, lockedUntil, 0n, PURPOSE);
      await increaseTo(lockedUntil + 50n);
      const now = await pinNextTimestamp();

      await expect(entry.requestDeletion(f, owner, dataId))
        .to.emit(accessGrants, "DeletionRequested")
        .withArgs(owner.address, dataId, now);
      expect(await accessGrants.isGranted(owner.address, bob, dataId)).to.equal(false);
    });

    it("ignores locks on the owner's other data", async function () {
      await owner.writer.grant(bob, owner.credentialId, (await latest()) + 1_000n, 0n, PURPOSE);
      const now = await pinNextTimestamp();

      await entry.requestDeletion(f, owner, dataId);

      expect(await accessGrants.deletionEffectiveAt(dataId)).to.equal(now);
    });

    it("leaves the owner's other data granted", async function () {
      await owner.writer.grant(bob, owner.credentialId, 0n, 0n, PURPOSE);

      await entry.requestDeletion(f, owner, dataId);

      expect(await accessGrants.isGranted(owner.address, bob, owner.credentialId)).to.equal(true);
    });

    it("ends a locked credential grant for isCredentialGranted at the lock too", async function () {
      const { credentialId } = owner;
      const lockedUntil = (await latest()) + 100n;
      await owner.writer.grant(bob, credentialId, lockedUntil, 0n, PURPOSE);
      const check = () =>
        accessGrants.isCredentialGranted(owner.address, bob, credentialId, f.signers.issuer.address, KYC_SCHEMA);

      await entry.requestDeletion(f, owner, credentialId);

      expect(await check()).to.equal(true);
      await increaseTo(lockedUntil);
      expect(await check()).to.equal(false);
    });

    it("reverts a second request with the effective time", async function () {
      const lockedUntil = (await latest()) + 1_000n;
      await owner.writer.grant(bob, dataId, lockedUntil, 0n, PURPOSE);
      await entry.requestDeletion(f, owner, dataId);

      await expect(entry.requestDeletion(f, owner, dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsDeletionPending")
        .withArgs(dataId, lockedUntil);
    });

    it("reverts when the data belongs to someone else", async function () {
      await expect(entry.requestDeletion(f, owner, f.carolDataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotDataOwner")
        .withArgs(f.carolDataId, f.signers.carol.address, owner.address);
    });

    it("reverts when the dataId is unknown", async function () {
      await expect(entry.requestDeletion(f, owner, f.unanchoredId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsUnknownData")
        .withArgs(f.unanchoredId);
    });

    it("forbids extending a locked grant afterwards", async function () {
      const lockedUntil = (await latest()) + 1_000n;
      await owner.writer.grant(bob, dataId, lockedUntil, 0n, PURPOSE);
      await entry.requestDeletion(f, owner, dataId);

      await expect(owner.writer.grant(bob, dataId, lockedUntil + 1_000n, 0n, PURPOSE))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsDeletionPending")
        .withArgs(dataId, lockedUntil);
      expect(await accessGrants.deletionEffectiveAt(dataId)).to.equal(lockedUntil);
    });

    it("does not let the owner revoke a locked grant early", async function () {
      const lockedUntil = (await latest()) + 1_000n;
      await owner.writer.grant(bob, dataId, lockedUntil, 0n, PURPOSE);
      await entry.requestDeletion(f, owner, dataId);

      await expect(owner.writer.revoke(bob, dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsLocked")
        .withArgs(grantIdOf(owner.address, bob, dataId), lockedUntil);
    });
  });
}

describe("AccessGrants: deletion", function () {
  for (const entry of [direct, bySignature]) {
    for (const kind of SIGNER_KINDS) {
      shouldBehaveLikeDeletion(entry, kind);
    }
  }

  describe("requestDeletion", function () {
    it("reverts when the issuer of a credential, not its owner, asks", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const { credentialId, address: owner } = owners.EOA;

      await expect(accessGrants.connect(signers.issuer).requestDeletion(credentialId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotDataOwner")
        .withArgs(credentialId, owner, signers.issuer.address);
    });
  });

  describe("deletionEffectiveAt", function () {
    it("is 0 while no deletion was requested, even with locked grants", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const owner = owners.EOA;
      await owner.writer.grant(signers.bob.address, owner.dataId, (await latest()) + 100n, 0n, PURPOSE);

      expect(await accessGrants.deletionEffectiveAt(owner.dataId)).to.equal(0n);
    });

    it("is 0 for an unknown dataId", async function () {
      const { accessGrants, unanchoredId } = await loadFreshFixture(accessGrantsFixture);

      expect(await accessGrants.deletionEffectiveAt(unanchoredId)).to.equal(0n);
    });

    it("records the latest lock on the anchor as grants are made", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const owner = owners.EOA;
      const now = await latest();
      await owner.writer.grant(signers.bob.address, owner.dataId, now + 300n, 0n, PURPOSE);
      await owner.writer.grant(signers.consumer.address, owner.dataId, now + 200n, 0n, PURPOSE);

      expect((await accessGrants.getAnchor(owner.dataId)).maxLockedUntil).to.equal(now + 300n);
    });
  });
});
