import { expect } from "chai";
import { network } from "hardhat";

import {
  KYC_SCHEMA,
  NOTE_SCHEMA,
  PURPOSE,
  SIGNER_KINDS,
  ZERO_ADDRESS,
  ZERO_BYTES32,
  accessGrantsFixture,
  dataIdFor,
  loadFreshFixture,
} from "../helpers/fixtures.js";
import { increaseTo, latest } from "../helpers/time.js";

await network.getOrCreate();

describe("AccessGrants: anchors", function () {
  describe("anchorCredential", function () {
    it("binds the dataId to the owner with the caller as issuer and emits DataAnchored", async function () {
      const { accessGrants, signers } = await loadFreshFixture(accessGrantsFixture);
      const dataId = dataIdFor("fresh credential");

      await expect(accessGrants.connect(signers.issuer).anchorCredential(dataId, signers.bob.address, KYC_SCHEMA))
        .to.emit(accessGrants, "DataAnchored")
        .withArgs(dataId, signers.bob.address, signers.issuer.address, KYC_SCHEMA);

      const anchor = await accessGrants.getAnchor(dataId);
      expect(anchor.owner).to.equal(signers.bob.address);
      expect(anchor.issuer).to.equal(signers.issuer.address);
      expect(anchor.schema).to.equal(KYC_SCHEMA);
      expect(anchor.issuerRevoked).to.equal(false);
      expect(anchor.nonce).to.equal(0n);
      expect(anchor.deletionRequestedAt).to.equal(0n);
      expect(anchor.maxLockedUntil).to.equal(0n);
    });

    it("makes the owner, not the issuer, the one who may grant", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const { credentialId } = owners.EOA;

      await expect(accessGrants.connect(signers.issuer).grant(signers.bob.address, credentialId, 0n, 0n, PURPOSE))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotDataOwner")
        .withArgs(credentialId, owners.EOA.address, signers.issuer.address);
    });

    it("reverts when the dataId is zero", async function () {
      const { accessGrants, signers } = await loadFreshFixture(accessGrantsFixture);

      await expect(
        accessGrants.connect(signers.issuer).anchorCredential(ZERO_BYTES32, signers.bob.address, KYC_SCHEMA),
      ).to.be.revertedWithCustomError(accessGrants, "AccessGrantsZeroDataId");
    });

    it("reverts when the owner is the zero address", async function () {
      const { accessGrants, signers } = await loadFreshFixture(accessGrantsFixture);

      await expect(
        accessGrants.connect(signers.issuer).anchorCredential(dataIdFor("orphan"), ZERO_ADDRESS, KYC_SCHEMA),
      ).to.be.revertedWithCustomError(accessGrants, "AccessGrantsZeroAddress");
    });

    it("reverts when the dataId is anchored already, naming its owner", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const { dataId, address: owner } = owners.EOA;

      await expect(accessGrants.connect(signers.issuer).anchorCredential(dataId, signers.bob.address, KYC_SCHEMA))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsAlreadyAnchored")
        .withArgs(dataId, owner);
    });

    it("does not let the same issuer re-bind its credential to another owner", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const { credentialId, address: owner } = owners.EOA;

      await expect(accessGrants.connect(signers.issuer).anchorCredential(credentialId, signers.bob.address, KYC_SCHEMA))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsAlreadyAnchored")
        .withArgs(credentialId, owner);
    });
  });

  describe("anchorData", function () {
    for (const kind of SIGNER_KINDS) {
      it(`binds self-added data to an ${kind} as both owner and issuer`, async function () {
        const { accessGrants, owners } = await loadFreshFixture(accessGrantsFixture);
        const owner = owners[kind];
        const dataId = dataIdFor(`${kind}: fresh note`);

        await expect(owner.writer.anchorData(dataId, NOTE_SCHEMA))
          .to.emit(accessGrants, "DataAnchored")
          .withArgs(dataId, owner.address, owner.address, NOTE_SCHEMA);

        const anchor = await accessGrants.getAnchor(dataId);
        expect(anchor.owner).to.equal(owner.address);
        expect(anchor.issuer).to.equal(owner.address);
        expect(anchor.schema).to.equal(NOTE_SCHEMA);
      });
    }

    it("accepts a zero schema", async function () {
      const { accessGrants, signers } = await loadFreshFixture(accessGrantsFixture);
      const dataId = dataIdFor("untyped");

      await expect(accessGrants.connect(signers.bob).anchorData(dataId, ZERO_BYTES32))
        .to.emit(accessGrants, "DataAnchored")
        .withArgs(dataId, signers.bob.address, signers.bob.address, ZERO_BYTES32);

      expect((await accessGrants.getAnchor(dataId)).schema).to.equal(ZERO_BYTES32);
    });

    it("reverts when the dataId is zero", async function () {
      const { accessGrants, signers } = await loadFreshFixture(accessGrantsFixture);

      await expect(
        accessGrants.connect(signers.bob).anchorData(ZERO_BYTES32, NOTE_SCHEMA),
      ).to.be.revertedWithCustomError(accessGrants, "AccessGrantsZeroDataId");
    });

    it("reverts when someone else anchored the dataId first", async function () {
      const { accessGrants, carolDataId, signers } = await loadFreshFixture(accessGrantsFixture);

      await expect(accessGrants.connect(signers.bob).anchorData(carolDataId, NOTE_SCHEMA))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsAlreadyAnchored")
        .withArgs(carolDataId, signers.carol.address);
    });

    it("reverts when the owner anchors the same dataId twice", async function () {
      const { accessGrants, carolDataId, signers } = await loadFreshFixture(accessGrantsFixture);

      await expect(accessGrants.connect(signers.carol).anchorData(carolDataId, NOTE_SCHEMA))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsAlreadyAnchored")
        .withArgs(carolDataId, signers.carol.address);
    });
  });

  describe("getAnchor", function () {
    it("reads all zeros for a dataId that was never anchored", async function () {
      const { accessGrants, unanchoredId } = await loadFreshFixture(accessGrantsFixture);

      const anchor = await accessGrants.getAnchor(unanchoredId);

      expect(anchor.owner).to.equal(ZERO_ADDRESS);
      expect(anchor.issuer).to.equal(ZERO_ADDRESS);
      expect(anchor.schema).to.equal(ZERO_BYTES32);
      expect([anchor.deletionRequestedAt, anchor.maxLockedUntil, anchor.nonce]).to.deep.equal([0n, 0n, 0n]);
      expect(anchor.issuerRevoked).to.equal(false);
    });
  });

  describe("setCredentialRevoked", function () {
    it("lets the issuer set and clear the revoked flag, emitting CredentialStatusChanged", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const { credentialId } = owners.EOA;
      const issuer = accessGrants.connect(signers.issuer);

      await expect(issuer.setCredentialRevoked(credentialId, true))
        .to.emit(accessGrants, "CredentialStatusChanged")
        .withArgs(credentialId, signers.issuer.address, true);
      expect((await accessGrants.getAnchor(credentialId)).issuerRevoked).to.equal(true);

      await expect(issuer.setCredentialRevoked(credentialId, false))
        .to.emit(accessGrants, "CredentialStatusChanged")
        .withArgs(credentialId, signers.issuer.address, false);
      expect((await accessGrants.getAnchor(credentialId)).issuerRevoked).to.equal(false);
    });

    it("reverts when the owner, not the issuer, calls", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const { credentialId, address: owner } = owners.EOA;

      await expect(owners.EOA.writer.setCredentialRevoked(credentialId, true))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotIssuer")
        .withArgs(credentialId, signers.issuer.address, owner);
    });

    it("reverts when a stranger calls", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const { credentialId } = owners["ERC-1271 wallet"];

      await expect(accessGrants.connect(signers.stranger).setCredentialRevoked(credentialId, true))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotIssuer")
        .withArgs(credentialId, signers.issuer.address, signers.stranger.address);
    });

    it("reverts when the dataId is unknown", async function () {
      const { accessGrants, signers, unanchoredId } = await loadFreshFixture(accessGrantsFixture);

      await expect(accessGrants.connect(signers.issuer).setCredentialRevoked(unanchoredId, true))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsUnknownData")
        .withArgs(unanchoredId);
    });

    it("lets the owner of self-added data, its own issuer, set the flag", async function () {
      const { accessGrants, carolDataId, signers } = await loadFreshFixture(accessGrantsFixture);

      await expect(accessGrants.connect(signers.carol).setCredentialRevoked(carolDataId, true))
        .to.emit(accessGrants, "CredentialStatusChanged")
        .withArgs(carolDataId, signers.carol.address, true);
    });
  });

  describe("isCredentialGranted", function () {
    /** alice grants bob her KYC credential until `expiresAt`. */
    async function grantedCredentialFixture() {
      const f = await accessGrantsFixture();
      const owner = f.owners.EOA;
      const expiresAt = (await latest()) + 1_000n;
      await owner.writer.grant(f.signers.bob.address, owner.credentialId, 0n, expiresAt, PURPOSE);
      return { ...f, owner, grantee: f.signers.bob.address, issuer: f.signers.issuer, expiresAt };
    }

    it("is true for a live grant of a credential of that schema from that issuer", async function () {
      const { accessGrants, owner, grantee, issuer } = await loadFreshFixture(grantedCredentialFixture);

      expect(
        await accessGrants.isCredentialGranted(owner.address, grantee, owner.credentialId, issuer.address, KYC_SCHEMA),
      ).to.equal(true);
    });

    it("is false for an issuer the credential did not come from", async function () {
      const { accessGrants, owner, grantee, signers } = await loadFreshFixture(grantedCredentialFixture);

      expect(
        await accessGrants.isCredentialGranted(
          owner.address,
          grantee,
          owner.credentialId,
          signers.stranger.address,
          KYC_SCHEMA,
        ),
      ).to.equal(false);
    });

    it("is false for another schema", async function () {
      const { accessGrants, owner, grantee, issuer } = await loadFreshFixture(grantedCredentialFixture);

      expect(
        await accessGrants.isCredentialGranted(owner.address, grantee, owner.credentialId, issuer.address, NOTE_SCHEMA),
      ).to.equal(false);
    });

    it("is false while the issuer has revoked the credential, and true again once it clears the flag", async function () {
      const { accessGrants, owner, grantee, issuer } = await loadFreshFixture(grantedCredentialFixture);
      const check = () =>
        accessGrants.isCredentialGranted(owner.address, grantee, owner.credentialId, issuer.address, KYC_SCHEMA);

      await accessGrants.connect(issuer).setCredentialRevoked(owner.credentialId, true);
      expect(await check()).to.equal(false);
      expect(await accessGrants.isGranted(owner.address, grantee, owner.credentialId)).to.equal(true);

      await accessGrants.connect(issuer).setCredentialRevoked(owner.credentialId, false);
      expect(await check()).to.equal(true);
    });

    it("is false once the owner revokes the grant", async function () {
      const { accessGrants, owner, grantee, issuer } = await loadFreshFixture(grantedCredentialFixture);

      await owner.writer.revoke(grantee, owner.credentialId);

      expect(
        await accessGrants.isCredentialGranted(owner.address, grantee, owner.credentialId, issuer.address, KYC_SCHEMA),
      ).to.equal(false);
    });

    it("is false once the grant has expired", async function () {
      const { accessGrants, owner, grantee, issuer, expiresAt } = await loadFreshFixture(grantedCredentialFixture);

      await increaseTo(expiresAt);

      expect(
        await accessGrants.isCredentialGranted(owner.address, grantee, owner.credentialId, issuer.address, KYC_SCHEMA),
      ).to.equal(false);
    });

    it("is false for a grantee the owner never granted", async function () {
      const { accessGrants, owner, issuer, signers } = await loadFreshFixture(grantedCredentialFixture);

      expect(
        await accessGrants.isCredentialGranted(
          owner.address,
          signers.stranger.address,
          owner.credentialId,
          issuer.address,
          KYC_SCHEMA,
        ),
      ).to.equal(false);
    });

    it("is false when someone other than the owner is named as owner", async function () {
      const { accessGrants, owner, grantee, issuer, signers } = await loadFreshFixture(grantedCredentialFixture);

      expect(
        await accessGrants.isCredentialGranted(
          signers.stranger.address,
          grantee,
          owner.credentialId,
          issuer.address,
          KYC_SCHEMA,
        ),
      ).to.equal(false);
    });

    it("treats self-added data as issued by its owner", async function () {
      const { accessGrants, owner, grantee } = await loadFreshFixture(grantedCredentialFixture);
      await owner.writer.grant(grantee, owner.dataId, 0n, 0n, PURPOSE);

      expect(
        await accessGrants.isCredentialGranted(owner.address, grantee, owner.dataId, owner.address, NOTE_SCHEMA),
      ).to.equal(true);
    });
  });
});
