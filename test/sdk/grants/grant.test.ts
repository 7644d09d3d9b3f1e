import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";

import { IdemError } from "../../../sdk/src/errors.ts";
import {
  ContractCallError,
  DeletionPendingError,
  ExpiryBeforeLockError,
  GrantLockedError,
  GrantNotFoundError,
  InvalidExpiryError,
  LockShortenedError,
  NotDataOwnerError,
  UnknownDataError,
} from "../../../sdk/src/grants/contract-errors.ts";
import { grant } from "../../../sdk/src/grants/grant.ts";
import { grantBatch } from "../../../sdk/src/grants/grant-batch.ts";
import { grantId } from "../../../sdk/src/grants/grant-id.ts";
import { requestDeletion } from "../../../sdk/src/grants/request-deletion.ts";
import { revoke } from "../../../sdk/src/grants/revoke.ts";
import { OTHER_PURPOSE, PURPOSE, ZERO_BYTES32, accessGrantsFixture, loadFreshFixture } from "../../helpers/fixtures.ts";
import { increaseTo, latest } from "../../helpers/time.ts";
import { caught } from "./caught.ts";

const { ethers } = await network.getOrCreate();

async function fixture() {
  const loaded = await loadFreshFixture(accessGrantsFixture);
  const { accessGrants, owners, signers } = loaded;
  return {
    ...loaded,
    alice: accessGrants.connect(signers.alice),
    dataId: owners.EOA.dataId,
    bob: signers.bob.address,
  };
}

describe("SDK grant / grantBatch / revoke / requestDeletion", function () {
  describe("grant", function () {
    it("returns the hash and the grant decoded from Granted", async function () {
      const { alice, dataId, bob, signers } = await fixture();
      const lockedUntil = (await latest()) + 100n;
      const expiresAt = (await latest()) + 1000n;

      const result = await grant({
        accessGrants: alice,
        grantee: bob,
        dataId,
        lockedUntil,
        expiresAt,
        purpose: PURPOSE,
      });

      expect(result).to.deep.equal({
        hash: result.hash,
        grantId: grantId({ owner: signers.alice.address, grantee: bob, dataId }),
        owner: signers.alice.address,
        grantee: bob,
        dataId,
        lockedUntil,
        expiresAt,
        purpose: PURPOSE,
      });
      const receipt = await ethers.provider.getTransactionReceipt(result.hash);
      expect(receipt?.status).to.equal(1);
    });

    it("defaults to no lock, no expiry and a zero purpose", async function () {
      const { alice, dataId, bob } = await fixture();

      const result = await grant({ accessGrants: alice, grantee: bob, dataId });

      expect([result.lockedUntil, result.expiresAt, result.purpose]).to.deep.equal([0n, 0n, ZERO_BYTES32]);
    });

    it("throws NotDataOwnerError with dataId, owner and account when the caller is not the owner", async function () {
      const { accessGrants, carolDataId, signers, bob } = await fixture();

      const error = await caught(
        grant({ accessGrants: accessGrants.connect(signers.alice), grantee: bob, dataId: carolDataId }),
        NotDataOwnerError,
      );

      expect(error.dataId).to.equal(carolDataId);
      expect(error.owner).to.equal(signers.carol.address);
      expect(error.account).to.equal(signers.alice.address);
      expect(error.errorName).to.equal("AccessGrantsNotDataOwner");
      expect(error).to.be.instanceOf(ContractCallError).and.instanceOf(IdemError);
      expect(error.cause).to.be.instanceOf(Error);
    });

    it("throws UnknownDataError for a dataId never anchored", async function () {
      const { alice, unanchoredId, bob } = await fixture();

      const error = await caught(grant({ accessGrants: alice, grantee: bob, dataId: unanchoredId }), UnknownDataError);

      expect(error.dataId).to.equal(unanchoredId);
    });

    it("throws InvalidExpiryError for an expiry in the past", async function () {
      const { alice, dataId, bob } = await fixture();

      const error = await caught(
        grant({ accessGrants: alice, grantee: bob, dataId, expiresAt: 1n }),
        InvalidExpiryError,
      );

      expect(error.expiresAt).to.equal(1n);
      expect(error.now > 1n).to.equal(true);
    });

    it("throws ExpiryBeforeLockError when the grant would expire before its lock", async function () {
      const { alice, dataId, bob } = await fixture();
      const now = await latest();

      const error = await caught(
        grant({ accessGrants: alice, grantee: bob, dataId, lockedUntil: now + 200n, expiresAt: now + 100n }),
        ExpiryBeforeLockError,
      );

      expect([error.lockedUntil, error.expiresAt]).to.deep.equal([now + 200n, now + 100n]);
    });

    it("throws LockShortenedError when a re-grant would end a running lock early", async function () {
      const { alice, dataId, bob, signers } = await fixture();
      const lockedUntil = (await latest()) + 500n;
      await grant({ accessGrants: alice, grantee: bob, dataId, lockedUntil });

      const error = await caught(
        grant({ accessGrants: alice, grantee: bob, dataId, lockedUntil: lockedUntil - 1n }),
        LockShortenedError,
      );

      expect(error.grantId).to.equal(grantId({ owner: signers.alice.address, grantee: bob, dataId }));
      expect([error.lockedUntil, error.requested]).to.deep.equal([lockedUntil, lockedUntil - 1n]);
    });

    it("maps a revert without an SDK class to ContractCallError with the decoded name", async function () {
      const { alice, dataId } = await fixture();

      const error = await caught(grant({ accessGrants: alice, grantee: ZeroAddress, dataId }), ContractCallError);

      expect(error.constructor).to.equal(ContractCallError);
      expect(error.errorName).to.equal("AccessGrantsZeroAddress");
      expect(error.args).to.deep.equal([]);
      expect(error.data).to.match(/^0x[0-9a-f]{8}$/);
      expect(error.cause).to.not.equal(undefined);
    });
  });

  describe("grantBatch", function () {
    it("returns one decoded grant per entry, in order", async function () {
      const { alice, owners, signers } = await fixture();
      const expiresAt = (await latest()) + 1000n;

      const { hash, grants } = await grantBatch({
        accessGrants: alice,
        grants: [
          { grantee: signers.bob.address, dataId: owners.EOA.dataId, purpose: PURPOSE },
          { grantee: signers.consumer.address, dataId: owners.EOA.credentialId, expiresAt, purpose: OTHER_PURPOSE },
        ],
      });

      expect(hash).to.match(/^0x[0-9a-f]{64}$/);
      expect(grants.map((g) => [g.grantee, g.dataId, g.expiresAt, g.purpose])).to.deep.equal([
        [signers.bob.address, owners.EOA.dataId, 0n, PURPOSE],
        [signers.consumer.address, owners.EOA.credentialId, expiresAt, OTHER_PURPOSE],
      ]);
      expect(grants[1]!.grantId).to.equal(
        grantId({ owner: signers.alice.address, grantee: signers.consumer.address, dataId: owners.EOA.credentialId }),
      );
    });

    it("makes none when one entry fails, and maps that entry's revert", async function () {
      const { alice, owners, carolDataId, signers, accessGrants } = await fixture();

      await caught(
        grantBatch({
          accessGrants: alice,
          grants: [
            { grantee: signers.bob.address, dataId: owners.EOA.dataId },
            { grantee: signers.bob.address, dataId: carolDataId },
          ],
        }),
        NotDataOwnerError,
      );

      expect(await accessGrants.isGranted(signers.alice.address, signers.bob.address, owners.EOA.dataId)).to.equal(
        false,
      );
    });

    it("refuses an empty batch before sending", async function () {
      const { alice } = await fixture();

      await caught(grantBatch({ accessGrants: alice, grants: [] }), IdemError);
    });
  });

  describe("revoke", function () {
    it("returns the hash and the revoke decoded from Revoked", async function () {
      const { alice, dataId, bob, signers } = await fixture();
      await grant({ accessGrants: alice, grantee: bob, dataId });

      const result = await revoke({ accessGrants: alice, grantee: bob, dataId });

      expect(result).to.deep.equal({
        hash: result.hash,
        grantId: grantId({ owner: signers.alice.address, grantee: bob, dataId }),
        owner: signers.alice.address,
        grantee: bob,
        dataId,
      });
    });

    it("throws GrantLockedError with grantId and lockedUntil while the grant is locked", async function () {
      const { alice, dataId, bob, signers } = await fixture();
      const lockedUntil = (await latest()) + 1000n;
      await grant({ accessGrants: alice, grantee: bob, dataId, lockedUntil });

      const error = await caught(revoke({ accessGrants: alice, grantee: bob, dataId }), GrantLockedError);

      expect(error.grantId).to.equal(grantId({ owner: signers.alice.address, grantee: bob, dataId }));
      expect(error.lockedUntil).to.equal(lockedUntil);
      expect(error.shortMessage).to.equal(
        `The grant is locked until ${new Date(Number(lockedUntil) * 1000).toISOString()}.`,
      );

      await increaseTo(lockedUntil);
      await revoke({ accessGrants: alice, grantee: bob, dataId });
    });

    it("throws GrantNotFoundError when there is no live grant", async function () {
      const { alice, dataId, bob, signers } = await fixture();

      const error = await caught(revoke({ accessGrants: alice, grantee: bob, dataId }), GrantNotFoundError);

      expect(error.grantId).to.equal(grantId({ owner: signers.alice.address, grantee: bob, dataId }));
    });
  });

  describe("requestDeletion", function () {
    it("returns owner, dataId and effectiveAt from DeletionRequested", async function () {
      const { alice, dataId, bob, signers } = await fixture();
      const lockedUntil = (await latest()) + 1000n;
      await grant({ accessGrants: alice, grantee: bob, dataId, lockedUntil });

      const result = await requestDeletion({ accessGrants: alice, dataId });

      expect(result).to.deep.equal({
        hash: result.hash,
        owner: signers.alice.address,
        dataId,
        effectiveAt: lockedUntil,
      });
    });

    it("throws DeletionPendingError with effectiveAt on a second request and on a new grant", async function () {
      const { alice, dataId, bob } = await fixture();
      const { effectiveAt } = await requestDeletion({ accessGrants: alice, dataId });

      const again = await caught(requestDeletion({ accessGrants: alice, dataId }), DeletionPendingError);
      const granting = await caught(grant({ accessGrants: alice, grantee: bob, dataId }), DeletionPendingError);

      expect([again.dataId, again.effectiveAt]).to.deep.equal([dataId, effectiveAt]);
      expect(granting.effectiveAt).to.equal(effectiveAt);
    });
  });
});
