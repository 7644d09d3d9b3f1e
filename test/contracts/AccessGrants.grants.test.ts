import type { ContractTransactionResponse } from "ethers";
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";

import type { AccessGrants } from "../../types/ethers-contracts/index.js";
import { signGrant, signRevoke } from "../helpers/eip712.js";
import {
  type AccessGrantsFixture,
  type Account,
  type OwnerWithData,
  type SignerKind,
  FAR_DEADLINE,
  KYC_SCHEMA,
  OTHER_PURPOSE,
  PURPOSE,
  SIGNER_KINDS,
  ZERO_ADDRESS,
  accessGrantsFixture,
  grantIdOf,
  loadFreshFixture,
} from "../helpers/fixtures.js";
import { increaseTo, latest, pinNextTimestamp, setNextTimestamp } from "../helpers/time.js";

await network.getOrCreate();

/** Terms of one grant; lock, expiry and purpose default to none / none / PURPOSE. */
interface GrantTerms {
  grantee: string;
  dataId: string;
  lockedUntil?: bigint;
  expiresAt?: bigint;
  purpose?: string;
}

/** One way for an owner to grant and revoke. Every entry point must behave the same. */
interface EntryPoint {
  readonly name: string;
  /** How much one grant or revoke through this entry point advances the grant nonce. */
  readonly nonceStep: bigint;
  grant(f: AccessGrantsFixture, owner: Account, terms: GrantTerms): Promise<ContractTransactionResponse>;
  revoke(f: AccessGrantsFixture, owner: Account, grantee: string, dataId: string): Promise<ContractTransactionResponse>;
}

const directCall: EntryPoint = {
  name: "grant / revoke",
  nonceStep: 0n,
  grant: (_f, owner, t) =>
    owner.writer.grant(t.grantee, t.dataId, t.lockedUntil ?? 0n, t.expiresAt ?? 0n, t.purpose ?? PURPOSE),
  revoke: (_f, owner, grantee, dataId) => owner.writer.revoke(grantee, dataId),
};

const batchOfOne: EntryPoint = {
  name: "grantBatch / revokeBatch",
  nonceStep: 0n,
  grant: (_f, owner, t) =>
    owner.writer.grantBatch([
      {
        grantee: t.grantee,
        dataId: t.dataId,
        lockedUntil: t.lockedUntil ?? 0n,
        expiresAt: t.expiresAt ?? 0n,
        purpose: t.purpose ?? PURPOSE,
      },
    ]),
  revoke: (_f, owner, grantee, dataId) => owner.writer.revokeBatch([{ grantee, dataId }]),
};

/** The owner signs; an unrelated relayer submits. The nonce is read from the grant record, as the SDK does. */
const bySignature: EntryPoint = {
  name: "grantBySig / revokeBySig (relayed)",
  nonceStep: 1n,
  async grant(f, owner, t) {
    const { nonce } = await f.accessGrants.getGrant(owner.address, t.grantee, t.dataId);
    const message = {
      owner: owner.address,
      grantee: t.grantee,
      dataId: t.dataId,
      lockedUntil: t.lockedUntil ?? 0n,
      expiresAt: t.expiresAt ?? 0n,
      purpose: t.purpose ?? PURPOSE,
      nonce,
      deadline: FAR_DEADLINE,
    };
    const signature = await signGrant(owner.signer, f.domain, message);
    return f.accessGrants.connect(f.signers.relayer).grantBySig(message, signature);
  },
  async revoke(f, owner, grantee, dataId) {
    const { nonce } = await f.accessGrants.getGrant(owner.address, grantee, dataId);
    const message = { owner: owner.address, grantee, dataId, nonce, deadline: FAR_DEADLINE };
    const signature = await signRevoke(owner.signer, f.domain, message);
    return f.accessGrants.connect(f.signers.relayer).revokeBySig(message, signature);
  },
};

const ENTRY_POINTS: readonly EntryPoint[] = [directCall, batchOfOne, bySignature];

/**
 * The grant life cycle (grant, re-grant, expiry, lock, revoke) through one entry point, for an owner of one
 * signer kind. Checks live once in the contract's internal `_grant` / `_revoke`; this runs the same
 * expectations through every path so a check missing from one path shows up as a failure there.
 */
function shouldBehaveLikeGrant(entry: EntryPoint, kind: SignerKind): void {
  describe(`through ${entry.name}, owner is an ${kind}`, function () {
    let f: AccessGrantsFixture;
    let accessGrants: AccessGrants;
    let owner: OwnerWithData;
    let grantee: string;
    let dataId: string;

    beforeEach(async function () {
      f = await loadFreshFixture(accessGrantsFixture);
      accessGrants = f.accessGrants;
      owner = f.owners[kind];
      grantee = f.signers.bob.address;
      dataId = owner.dataId;
    });

    describe("granting", function () {
      it("records the grant with its terms and emits Granted", async function () {
        const now = await pinNextTimestamp();
        const lockedUntil = now + 100n;
        const expiresAt = now + 1_000n;

        await expect(entry.grant(f, owner, { grantee, dataId, lockedUntil, expiresAt }))
          .to.emit(accessGrants, "Granted")
          .withArgs(owner.address, grantee, dataId, lockedUntil, expiresAt, PURPOSE);

        const record = await accessGrants.getGrant(owner.address, grantee, dataId);
        expect(record.grantedAt).to.equal(now);
        expect(record.lockedUntil).to.equal(lockedUntil);
        expect(record.expiresAt).to.equal(expiresAt);
        expect(record.nonce).to.equal(entry.nonceStep);
        expect(await accessGrants.isGranted(owner.address, grantee, dataId)).to.equal(true);
      });

      it("grants a credential anchored by an issuer, visible to isCredentialGranted", async function () {
        await entry.grant(f, owner, { grantee, dataId: owner.credentialId });

        expect(
          await accessGrants.isCredentialGranted(
            owner.address,
            grantee,
            owner.credentialId,
            f.signers.issuer.address,
            KYC_SCHEMA,
          ),
        ).to.equal(true);
      });

      it("grants only the named grantee", async function () {
        await entry.grant(f, owner, { grantee, dataId });

        expect(await accessGrants.isGranted(owner.address, f.signers.stranger.address, dataId)).to.equal(false);
      });

      it("reverts when the grantee is the zero address", async function () {
        await expect(entry.grant(f, owner, { grantee: ZERO_ADDRESS, dataId })).to.be.revertedWithCustomError(
          accessGrants,
          "AccessGrantsZeroAddress",
        );
      });

      it("reverts when the dataId was never anchored", async function () {
        await expect(entry.grant(f, owner, { grantee, dataId: f.unanchoredId }))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsUnknownData")
          .withArgs(f.unanchoredId);
      });

      it("reverts when the data belongs to someone else", async function () {
        await expect(entry.grant(f, owner, { grantee, dataId: f.carolDataId }))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotDataOwner")
          .withArgs(f.carolDataId, f.signers.carol.address, owner.address);
      });

      it("reverts when a deletion of the data is pending", async function () {
        const requestedAt = await pinNextTimestamp();
        await owner.writer.requestDeletion(dataId);

        await expect(entry.grant(f, owner, { grantee, dataId }))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsDeletionPending")
          .withArgs(dataId, requestedAt);
      });

      it("reverts when the expiry is the current time", async function () {
        const now = await pinNextTimestamp();

        await expect(entry.grant(f, owner, { grantee, dataId, expiresAt: now }))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidExpiry")
          .withArgs(now, now);
      });

      it("reverts when the expiry is in the past", async function () {
        const now = await pinNextTimestamp(10n);

        await expect(entry.grant(f, owner, { grantee, dataId, expiresAt: now - 5n }))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidExpiry")
          .withArgs(now - 5n, now);
      });

      it("reverts when the grant would expire before its lock ends, even by one second", async function () {
        const now = await latest();

        await expect(entry.grant(f, owner, { grantee, dataId, lockedUntil: now + 101n, expiresAt: now + 100n }))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsExpiryBeforeLock")
          .withArgs(now + 101n, now + 100n);
      });

      it("accepts a lock that ends exactly when the grant expires", async function () {
        const end = (await latest()) + 100n;

        await expect(entry.grant(f, owner, { grantee, dataId, lockedUntil: end, expiresAt: end }))
          .to.emit(accessGrants, "Granted")
          .withArgs(owner.address, grantee, dataId, end, end, PURPOSE);
      });

      it("accepts a lock without an expiry", async function () {
        const lockedUntil = (await latest()) + 10n ** 9n;

        await expect(entry.grant(f, owner, { grantee, dataId, lockedUntil }))
          .to.emit(accessGrants, "Granted")
          .withArgs(owner.address, grantee, dataId, lockedUntil, 0n, PURPOSE);
      });

      it("treats a lock in the past as no lock", async function () {
        const now = await latest();
        await entry.grant(f, owner, { grantee, dataId, lockedUntil: now - 1n });

        await expect(entry.revoke(f, owner, grantee, dataId))
          .to.emit(accessGrants, "Revoked")
          .withArgs(owner.address, grantee, dataId);
      });
    });

    describe("re-granting", function () {
      it("keeps grantedAt, extends the lock and changes the expiry and purpose", async function () {
        const firstAt = await pinNextTimestamp();
        await entry.grant(f, owner, { grantee, dataId, lockedUntil: firstAt + 100n, expiresAt: firstAt + 1_000n });
        await increaseTo(firstAt + 50n);

        await expect(entry.grant(f, owner, { grantee, dataId, lockedUntil: firstAt + 200n, purpose: OTHER_PURPOSE }))
          .to.emit(accessGrants, "Granted")
          .withArgs(owner.address, grantee, dataId, firstAt + 200n, 0n, OTHER_PURPOSE);

        const record = await accessGrants.getGrant(owner.address, grantee, dataId);
        expect(record.grantedAt).to.equal(firstAt);
        expect(record.lockedUntil).to.equal(firstAt + 200n);
        expect(record.expiresAt).to.equal(0n);
        expect(record.nonce).to.equal(2n * entry.nonceStep);
      });

      it("may shorten the expiry down to the running lock", async function () {
        const now = await latest();
        await entry.grant(f, owner, { grantee, dataId, lockedUntil: now + 100n, expiresAt: now + 1_000n });

        await entry.grant(f, owner, { grantee, dataId, lockedUntil: now + 100n, expiresAt: now + 100n });

        expect((await accessGrants.getGrant(owner.address, grantee, dataId)).expiresAt).to.equal(now + 100n);
      });

      it("reverts when it would end a running lock earlier", async function () {
        const now = await latest();
        const lockedUntil = now + 100n;
        await entry.grant(f, owner, { grantee, dataId, lockedUntil });

        await expect(entry.grant(f, owner, { grantee, dataId, lockedUntil: lockedUntil - 1n }))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsLockShortened")
          .withArgs(grantIdOf(owner.address, grantee, dataId), lockedUntil, lockedUntil - 1n);
      });

      it("reverts when it would drop a running lock", async function () {
        const lockedUntil = (await latest()) + 100n;
        await entry.grant(f, owner, { grantee, dataId, lockedUntil });

        await expect(entry.grant(f, owner, { grantee, dataId, lockedUntil: 0n }))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsLockShortened")
          .withArgs(grantIdOf(owner.address, grantee, dataId), lockedUntil, 0n);
      });

      it("reverts in the last second of a lock when it would shorten it", async function () {
        const lockedUntil = (await latest()) + 100n;
        await entry.grant(f, owner, { grantee, dataId, lockedUntil });
        await increaseTo(lockedUntil - 2n);
        await pinNextTimestamp(); // lockedUntil - 1

        await expect(entry.grant(f, owner, { grantee, dataId, lockedUntil: 0n }))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsLockShortened")
          .withArgs(grantIdOf(owner.address, grantee, dataId), lockedUntil, 0n);
      });

      it("may set any lock once the previous lock has ended", async function () {
        const lockedUntil = (await latest()) + 100n;
        await entry.grant(f, owner, { grantee, dataId, lockedUntil });
        await increaseTo(lockedUntil - 1n);
        await pinNextTimestamp(); // exactly lockedUntil: the lock is over

        await expect(entry.grant(f, owner, { grantee, dataId, lockedUntil: 0n }))
          .to.emit(accessGrants, "Granted")
          .withArgs(owner.address, grantee, dataId, 0n, 0n, PURPOSE);
        await expect(entry.revoke(f, owner, grantee, dataId)).to.emit(accessGrants, "Revoked");
      });

      it("renews an expired grant, keeping grantedAt", async function () {
        const firstAt = await pinNextTimestamp();
        await entry.grant(f, owner, { grantee, dataId, expiresAt: firstAt + 10n });
        await increaseTo(firstAt + 10n);
        expect(await accessGrants.isGranted(owner.address, grantee, dataId)).to.equal(false);

        await entry.grant(f, owner, { grantee, dataId });

        expect(await accessGrants.isGranted(owner.address, grantee, dataId)).to.equal(true);
        expect((await accessGrants.getGrant(owner.address, grantee, dataId)).grantedAt).to.equal(firstAt);
      });

      it("starts a new grantedAt after a revoke", async function () {
        await entry.grant(f, owner, { grantee, dataId });
        await entry.revoke(f, owner, grantee, dataId);
        const secondAt = await pinNextTimestamp(10n);

        await entry.grant(f, owner, { grantee, dataId });

        expect((await accessGrants.getGrant(owner.address, grantee, dataId)).grantedAt).to.equal(secondAt);
        expect(await accessGrants.isGranted(owner.address, grantee, dataId)).to.equal(true);
      });
    });

    describe("expiry", function () {
      it("holds until the second before expiresAt and ends at expiresAt", async function () {
        const expiresAt = (await latest()) + 100n;
        await entry.grant(f, owner, { grantee, dataId, expiresAt });

        await increaseTo(expiresAt - 1n);
        expect(await accessGrants.isGranted(owner.address, grantee, dataId)).to.equal(true);
        await increaseTo(expiresAt);
        expect(await accessGrants.isGranted(owner.address, grantee, dataId)).to.equal(false);
      });
    });

    describe("revoking", function () {
      it("ends the grant, keeps the nonce and emits Revoked", async function () {
        await entry.grant(f, owner, { grantee, dataId });

        await expect(entry.revoke(f, owner, grantee, dataId))
          .to.emit(accessGrants, "Revoked")
          .withArgs(owner.address, grantee, dataId);

        expect(await accessGrants.isGranted(owner.address, grantee, dataId)).to.equal(false);
        const record = await accessGrants.getGrant(owner.address, grantee, dataId);
        expect(record.grantedAt).to.equal(0n);
        expect(record.nonce).to.equal(2n * entry.nonceStep);
      });

      it("reverts when there is no grant", async function () {
        await expect(entry.revoke(f, owner, grantee, dataId))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotGranted")
          .withArgs(grantIdOf(owner.address, grantee, dataId));
      });

      it("reverts when the grant was revoked already", async function () {
        await entry.grant(f, owner, { grantee, dataId });
        await entry.revoke(f, owner, grantee, dataId);

        await expect(entry.revoke(f, owner, grantee, dataId))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotGranted")
          .withArgs(grantIdOf(owner.address, grantee, dataId));
      });

      it("reverts with the lock time while the grant is locked, up to its last second", async function () {
        const lockedUntil = (await latest()) + 100n;
        await entry.grant(f, owner, { grantee, dataId, lockedUntil });
        await increaseTo(lockedUntil - 2n);
        await pinNextTimestamp(); // lockedUntil - 1

        await expect(entry.revoke(f, owner, grantee, dataId))
          .to.be.revertedWithCustomError(accessGrants, "AccessGrantsLocked")
          .withArgs(grantIdOf(owner.address, grantee, dataId), lockedUntil);
      });

      it("succeeds from the second the lock ends", async function () {
        const lockedUntil = (await latest()) + 100n;
        await entry.grant(f, owner, { grantee, dataId, lockedUntil });
        await increaseTo(lockedUntil - 1n);
        await pinNextTimestamp(); // lockedUntil

        await expect(entry.revoke(f, owner, grantee, dataId))
          .to.emit(accessGrants, "Revoked")
          .withArgs(owner.address, grantee, dataId);
      });

      it("revokes an expired grant", async function () {
        const expiresAt = (await latest()) + 10n;
        await entry.grant(f, owner, { grantee, dataId, expiresAt });
        await increaseTo(expiresAt + 1n);

        await expect(entry.revoke(f, owner, grantee, dataId))
          .to.emit(accessGrants, "Revoked")
          .withArgs(owner.address, grantee, dataId);
        expect((await accessGrants.getGrant(owner.address, grantee, dataId)).grantedAt).to.equal(0n);
      });

      it("leaves the owner's other grants of the same data in place", async function () {
        const other = f.signers.stranger.address;
        await entry.grant(f, owner, { grantee, dataId });
        await entry.grant(f, owner, { grantee: other, dataId });

        await entry.revoke(f, owner, grantee, dataId);

        expect(await accessGrants.isGranted(owner.address, other, dataId)).to.equal(true);
      });
    });
  });
}

describe("AccessGrants: grants", function () {
  for (const entry of ENTRY_POINTS) {
    for (const kind of SIGNER_KINDS) {
      shouldBehaveLikeGrant(entry, kind);
    }
  }

  describe("rules for all terms (fast-check)", function () {
    /** An optional offset in seconds from a reference time; `null` stands for 0, "none". */
    const offset = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: null });
    const at = (base: bigint, off: number | null): bigint => (off === null ? 0n : base + BigInt(off));

    it("accepts a lock and expiry exactly when the rules allow them, else names the rule broken", async function () {
      await fc.assert(
        fc.asyncProperty(offset(-50, 50), offset(-50, 50), async (lockOffset, expiryOffset) => {
          const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
          const owner = owners.EOA;
          const now = await pinNextTimestamp();
          const lockedUntil = at(now, lockOffset);
          const expiresAt = at(now, expiryOffset);
          const tx = owner.writer.grant(signers.bob.address, owner.dataId, lockedUntil, expiresAt, PURPOSE);

          if (expiresAt !== 0n && expiresAt <= now) {
            await expect(tx)
              .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidExpiry")
              .withArgs(expiresAt, now);
          } else if (expiresAt !== 0n && lockedUntil > expiresAt) {
            await expect(tx)
              .to.be.revertedWithCustomError(accessGrants, "AccessGrantsExpiryBeforeLock")
              .withArgs(lockedUntil, expiresAt);
          } else {
            await expect(tx)
              .to.emit(accessGrants, "Granted")
              .withArgs(owner.address, signers.bob.address, owner.dataId, lockedUntil, expiresAt, PURPOSE);
          }
        }),
        { numRuns: 60 },
      );
    });

    it("refuses a re-grant exactly when it would end a running lock earlier", async function () {
      await fc.assert(
        fc.asyncProperty(
          offset(1, 100),
          fc.integer({ min: 0, max: 150 }),
          offset(-50, 150),
          async (firstLockOffset, elapsed, secondLockOffset) => {
            const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
            const owner = owners.EOA;
            const grantee = signers.bob.address;
            const start = await pinNextTimestamp();
            const firstLock = at(start, firstLockOffset);
            await owner.writer.grant(grantee, owner.dataId, firstLock, 0n, PURPOSE);
            const now = start + 1n + BigInt(elapsed);
            await setNextTimestamp(now);
            const secondLock = at(start, secondLockOffset);
            const tx = owner.writer.grant(grantee, owner.dataId, secondLock, 0n, PURPOSE);

            if (now < firstLock && secondLock < firstLock) {
              await expect(tx)
                .to.be.revertedWithCustomError(accessGrants, "AccessGrantsLockShortened")
                .withArgs(grantIdOf(owner.address, grantee, owner.dataId), firstLock, secondLock);
            } else {
              await expect(tx).to.emit(accessGrants, "Granted");
              expect((await accessGrants.getGrant(owner.address, grantee, owner.dataId)).grantedAt).to.equal(start);
            }
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe("isGranted", function () {
    it("is false for a triple that was never granted", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);

      expect(await accessGrants.isGranted(owners.EOA.address, signers.bob.address, owners.EOA.dataId)).to.equal(false);
    });

    it("reads an empty record for a triple that was never granted", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);

      const record = await accessGrants.getGrant(owners.EOA.address, signers.bob.address, owners.EOA.dataId);
      expect([record.grantedAt, record.lockedUntil, record.expiresAt, record.nonce]).to.deep.equal([0n, 0n, 0n, 0n]);
    });
  });

  describe("grantBatch", function () {
    it("grants every entry and emits Granted for each, in order", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const owner = owners.EOA;
      const lockedUntil = (await latest()) + 100n;

      await expect(
        owner.writer.grantBatch([
          { grantee: signers.bob.address, dataId: owner.dataId, lockedUntil, expiresAt: 0n, purpose: PURPOSE },
          {
            grantee: signers.consumer.address,
            dataId: owner.credentialId,
            lockedUntil: 0n,
            expiresAt: 0n,
            purpose: OTHER_PURPOSE,
          },
        ]),
      )
        .to.emit(accessGrants, "Granted")
        .withArgs(owner.address, signers.bob.address, owner.dataId, lockedUntil, 0n, PURPOSE)
        .and.to.emit(accessGrants, "Granted")
        .withArgs(owner.address, signers.consumer.address, owner.credentialId, 0n, 0n, OTHER_PURPOSE);

      expect(await accessGrants.isGranted(owner.address, signers.bob.address, owner.dataId)).to.equal(true);
      expect(await accessGrants.isGranted(owner.address, signers.consumer.address, owner.credentialId)).to.equal(true);
    });

    it("reverts when the batch is empty", async function () {
      const { accessGrants, owners } = await loadFreshFixture(accessGrantsFixture);

      await expect(owners.EOA.writer.grantBatch([])).to.be.revertedWithCustomError(
        accessGrants,
        "AccessGrantsEmptyBatch",
      );
    });

    it("writes nothing when one entry fails", async function () {
      const { accessGrants, owners, signers, carolDataId } = await loadFreshFixture(accessGrantsFixture);
      const owner = owners.EOA;

      await expect(
        owner.writer.grantBatch([
          { grantee: signers.bob.address, dataId: owner.dataId, lockedUntil: 0n, expiresAt: 0n, purpose: PURPOSE },
          { grantee: signers.bob.address, dataId: carolDataId, lockedUntil: 0n, expiresAt: 0n, purpose: PURPOSE },
        ]),
      )
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotDataOwner")
        .withArgs(carolDataId, signers.carol.address, owner.address);

      expect(await accessGrants.isGranted(owner.address, signers.bob.address, owner.dataId)).to.equal(false);
    });

    it("applies entries in order: a later entry on the same grant sees the earlier one's lock", async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const owner = owners.EOA;
      const lockedUntil = (await latest()) + 100n;
      const entry = { grantee: signers.bob.address, dataId: owner.dataId, expiresAt: 0n, purpose: PURPOSE };

      await expect(
        owner.writer.grantBatch([
          { ...entry, lockedUntil },
          { ...entry, lockedUntil: 0n },
        ]),
      )
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsLockShortened")
        .withArgs(grantIdOf(owner.address, signers.bob.address, owner.dataId), lockedUntil, 0n);
    });
  });

  describe("revokeBatch", function () {
    async function twoGrantsFixture() {
      const f = await accessGrantsFixture();
      const owner = f.owners.EOA;
      const lockedUntil = (await latest()) + 1_000n;
      await owner.writer.grant(f.signers.bob.address, owner.dataId, 0n, 0n, PURPOSE);
      await owner.writer.grant(f.signers.consumer.address, owner.dataId, lockedUntil, 0n, PURPOSE);
      await owner.writer.grant(f.signers.stranger.address, owner.dataId, 0n, 0n, PURPOSE);
      return { ...f, owner, lockedUntil };
    }

    it("revokes every entry and emits Revoked for each", async function () {
      const { accessGrants, owner, signers } = await loadFreshFixture(twoGrantsFixture);

      await expect(
        owner.writer.revokeBatch([
          { grantee: signers.bob.address, dataId: owner.dataId },
          { grantee: signers.stranger.address, dataId: owner.dataId },
        ]),
      )
        .to.emit(accessGrants, "Revoked")
        .withArgs(owner.address, signers.bob.address, owner.dataId)
        .and.to.emit(accessGrants, "Revoked")
        .withArgs(owner.address, signers.stranger.address, owner.dataId);

      expect(await accessGrants.isGranted(owner.address, signers.bob.address, owner.dataId)).to.equal(false);
      expect(await accessGrants.isGranted(owner.address, signers.stranger.address, owner.dataId)).to.equal(false);
    });

    it("reverts when the batch is empty", async function () {
      const { accessGrants, owner } = await loadFreshFixture(twoGrantsFixture);

      await expect(owner.writer.revokeBatch([])).to.be.revertedWithCustomError(accessGrants, "AccessGrantsEmptyBatch");
    });

    it("revokes nothing when one entry is locked", async function () {
      const { accessGrants, owner, signers, lockedUntil } = await loadFreshFixture(twoGrantsFixture);

      await expect(
        owner.writer.revokeBatch([
          { grantee: signers.bob.address, dataId: owner.dataId },
          { grantee: signers.consumer.address, dataId: owner.dataId },
        ]),
      )
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsLocked")
        .withArgs(grantIdOf(owner.address, signers.consumer.address, owner.dataId), lockedUntil);

      expect(await accessGrants.isGranted(owner.address, signers.bob.address, owner.dataId)).to.equal(true);
    });

    it("revokes nothing when one entry was never granted", async function () {
      const { accessGrants, owner, signers } = await loadFreshFixture(twoGrantsFixture);

      await expect(
        owner.writer.revokeBatch([
          { grantee: signers.bob.address, dataId: owner.dataId },
          { grantee: signers.carol.address, dataId: owner.dataId },
        ]),
      )
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotGranted")
        .withArgs(grantIdOf(owner.address, signers.carol.address, owner.dataId));

      expect(await accessGrants.isGranted(owner.address, signers.bob.address, owner.dataId)).to.equal(true);
    });

    it("reverts on the second of two entries for the same grant", async function () {
      const { accessGrants, owner, signers } = await loadFreshFixture(twoGrantsFixture);
      const entry = { grantee: signers.bob.address, dataId: owner.dataId };

      await expect(owner.writer.revokeBatch([entry, entry]))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotGranted")
        .withArgs(grantIdOf(owner.address, signers.bob.address, owner.dataId));
    });
  });
});
