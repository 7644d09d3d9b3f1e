import { expect } from "chai";
import { ZeroAddress, ZeroHash, keccak256 } from "ethers";
import { network } from "hardhat";

import { anchorCredential } from "../../../sdk/src/anchors/anchor-credential.ts";
import { anchorData } from "../../../sdk/src/anchors/anchor-data.ts";
import { getAnchor } from "../../../sdk/src/anchors/get-anchor.ts";
import { schemaId } from "../../../sdk/src/anchors/schema-id.ts";
import { setCredentialRevoked } from "../../../sdk/src/anchors/set-credential-revoked.ts";
import { AlreadyAnchoredError, NotIssuerError, UnknownDataError } from "../../../sdk/src/grants/contract-errors.ts";
import { grant } from "../../../sdk/src/grants/grant.ts";
import { requestDeletion } from "../../../sdk/src/grants/request-deletion.ts";
import { KYC_SCHEMA, NOTE_SCHEMA, accessGrantsFixture, dataIdFor, loadFreshFixture } from "../../helpers/fixtures.ts";
import { latest } from "../../helpers/time.ts";
import { caught } from "../grants/caught.ts";

await network.getOrCreate();

const KYC_TYPE = "https://idem.example/credentials/v1#KycCredential";

describe("SDK anchors", function () {
  describe("schemaId", function () {
    it("is keccak256 of the UTF-8 type URI, as the fixtures' schemas", function () {
      expect(schemaId(KYC_TYPE)).to.equal(KYC_SCHEMA);
      expect(schemaId("https://idem.example/data/v1#Note")).to.equal(NOTE_SCHEMA);
      expect(schemaId("ü")).to.equal(keccak256(new Uint8Array([0xc3, 0xbc]))); // UTF-8, not Latin-1 or UTF-16
      expect(schemaId("a")).to.not.equal(schemaId("A"));
    });
  });

  describe("anchorCredential", function () {
    it("returns the anchor decoded from DataAnchored, and the contract checks the credential", async function () {
      const { accessGrants, signers } = await loadFreshFixture(accessGrantsFixture);
      const dataId = dataIdFor("sdk:kyc");
      const schema = schemaId(KYC_TYPE);

      const result = await anchorCredential({
        accessGrants: accessGrants.connect(signers.issuer),
        dataId,
        owner: signers.bob.address,
        schema,
      });

      expect(result).to.deep.equal({
        hash: result.hash,
        dataId,
        owner: signers.bob.address,
        issuer: signers.issuer.address,
        schema,
      });
      await grant({ accessGrants: accessGrants.connect(signers.bob), grantee: signers.consumer.address, dataId });
      expect(
        await accessGrants.isCredentialGranted(
          signers.bob.address,
          signers.consumer.address,
          dataId,
          signers.issuer.address,
          schema,
        ),
      ).to.equal(true);
    });

    it("throws AlreadyAnchoredError with the current owner when the dataId is taken", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);

      const error = await caught(
        anchorCredential({
          accessGrants: accessGrants.connect(signers.issuer),
          dataId: owners.EOA.dataId,
          owner: signers.bob.address,
          schema: KYC_SCHEMA,
        }),
        AlreadyAnchoredError,
      );

      expect([error.dataId, error.owner]).to.deep.equal([owners.EOA.dataId, owners.EOA.address]);
    });
  });

  describe("anchorData", function () {
    it("anchors to the caller as owner and issuer, schema zero by default", async function () {
      const { accessGrants, signers } = await loadFreshFixture(accessGrantsFixture);
      const dataId = dataIdFor("sdk:self");

      const result = await anchorData({ accessGrants: accessGrants.connect(signers.bob), dataId });

      expect(result).to.deep.equal({
        hash: result.hash,
        dataId,
        owner: signers.bob.address,
        issuer: signers.bob.address,
        schema: ZeroHash,
      });
    });
  });

  describe("setCredentialRevoked", function () {
    it("returns the new status from CredentialStatusChanged, and can reinstate", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const issuer = accessGrants.connect(signers.issuer);
      const dataId = owners.EOA.credentialId;

      const revoked = await setCredentialRevoked({ accessGrants: issuer, dataId });
      expect(revoked).to.deep.equal({ hash: revoked.hash, dataId, issuer: signers.issuer.address, revoked: true });
      expect((await getAnchor({ accessGrants, dataId })).issuerRevoked).to.equal(true);

      const reinstated = await setCredentialRevoked({ accessGrants: issuer, dataId, revoked: false });
      expect(reinstated.revoked).to.equal(false);
      expect((await getAnchor({ accessGrants, dataId })).issuerRevoked).to.equal(false);
    });

    it("throws NotIssuerError when the owner, not the issuer, tries", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const dataId = owners.EOA.credentialId;

      const error = await caught(
        setCredentialRevoked({ accessGrants: accessGrants.connect(signers.alice), dataId }),
        NotIssuerError,
      );

      expect([error.dataId, error.issuer, error.account]).to.deep.equal([
        dataId,
        signers.issuer.address,
        signers.alice.address,
      ]);
    });

    it("throws UnknownDataError for a dataId never anchored", async function () {
      const { accessGrants, unanchoredId, signers } = await loadFreshFixture(accessGrantsFixture);

      const error = await caught(
        setCredentialRevoked({ accessGrants: accessGrants.connect(signers.issuer), dataId: unanchoredId }),
        UnknownDataError,
      );

      expect(error.dataId).to.equal(unanchoredId);
    });
  });

  describe("getAnchor", function () {
    it("reads a credential's anchor as typed values", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const dataId = owners.EOA.credentialId;

      expect(await getAnchor({ accessGrants, dataId })).to.deep.equal({
        dataId,
        exists: true,
        owner: owners.EOA.address,
        issuer: signers.issuer.address,
        schema: KYC_SCHEMA,
        issuerRevoked: false,
        deletionRequestedAt: 0n,
        maxLockedUntil: 0n,
        nonce: 0n,
      });
    });

    it("reads the lock and the deletion time", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const alice = accessGrants.connect(signers.alice);
      const { dataId } = owners.EOA;
      const lockedUntil = (await latest()) + 1000n;
      await grant({ accessGrants: alice, grantee: signers.bob.address, dataId, lockedUntil });
      await requestDeletion({ accessGrants: alice, dataId });

      const anchor = await getAnchor({ accessGrants, dataId });

      expect(anchor.maxLockedUntil).to.equal(lockedUntil);
      expect(anchor.deletionRequestedAt).to.equal(await latest());
    });

    it("reads an unknown dataId as not existing", async function () {
      const { accessGrants, unanchoredId } = await loadFreshFixture(accessGrantsFixture);

      const anchor = await getAnchor({ accessGrants, dataId: unanchoredId });

      expect([anchor.exists, anchor.owner, anchor.issuer]).to.deep.equal([false, ZeroAddress, ZeroAddress]);
    });
  });
});
