import type { ContractTransactionResponse } from "ethers";
import { expect } from "chai";
import { network } from "hardhat";

import type { AccessGrants } from "../../types/ethers-contracts/index.js";
import { type GrantMessage, domainOf, signGrant } from "../helpers/eip712.js";
import {
  type AccessGrantsFixture,
  type Account,
  type OwnerWithData,
  type SignerKind,
  FAR_DEADLINE,
  OTHER_PURPOSE,
  PURPOSE,
  SIGNER_KINDS,
  ZERO_ADDRESS,
  ZERO_BYTES32,
  accessGrantsFixture,
  requestIdOf,
  loadFreshFixture,
} from "../helpers/fixtures.js";
import { increaseTo, latest, pinNextTimestamp, setNextTimestamp } from "../helpers/time.js";

await network.getOrCreate();

/** Mirrors `IAccessGrants.RequestStatus`. */
const Status = { None: 0n, Open: 1n, Approved: 2n, Cancelled: 3n, Declined: 4n } as const;

/** Terms a consumer asks for. */
interface RequestTerms {
  owner: string;
  dataId: string;
  lockedUntil: bigint;
  expiresAt: bigint;
  purpose: string;
}

/** One way for the owner to approve a request. */
interface ApprovalEntryPoint {
  readonly name: string;
  approve(
    f: AccessGrantsFixture,
    owner: Account,
    requestId: string,
    dataId: string,
  ): Promise<ContractTransactionResponse>;
}

const direct: ApprovalEntryPoint = {
  name: "approveRequest",
  approve: (_f, owner, requestId, dataId) => owner.writer.approveRequest(requestId, dataId),
};

/** The owner signs a `Grant` over the request's terms (grantee = consumer); the consumer relays it. */
const bySignature: ApprovalEntryPoint = {
  name: "approveRequestBySig (relayed by the consumer)",
  async approve(f, owner, requestId, dataId) {
    const request = await f.accessGrants.getRequest(requestId);
    const consumer = request.consumer === ZERO_ADDRESS ? f.signers.consumer.address : request.consumer;
    const { nonce } = await f.accessGrants.getGrant(owner.address, consumer, dataId);
    const signature = await signGrant(owner.signer, f.domain, {
      owner: owner.address,
      grantee: consumer,
      dataId,
      lockedUntil: request.lockedUntil,
      expiresAt: request.expiresAt,
      purpose: request.purpose,
      nonce,
      deadline: FAR_DEADLINE,
    });
    return f.accessGrants
      .connect(f.signers.consumer)
      .approveRequestBySig(requestId, dataId, nonce, FAR_DEADLINE, signature);
  },
};

/** Records a request from `consumer` and returns its id, checked against the off-chain derivation. */
async function openRequest(
  accessGrants: AccessGrants,
  consumer: AccessGrantsFixture["signers"]["consumer"],
  t: RequestTerms,
) {
  const asConsumer = accessGrants.connect(consumer);
  const requestId = await asConsumer.requestGrant.staticCall(t.owner, t.dataId, t.lockedUntil, t.expiresAt, t.purpose);
  await asConsumer.requestGrant(t.owner, t.dataId, t.lockedUntil, t.expiresAt, t.purpose);
  return requestId;
}

/** Approving requests through one entry point, for an owner of one signer kind. */
function shouldBehaveLikeApproval(entry: ApprovalEntryPoint, kind: SignerKind): void {
  describe(`through ${entry.name}, owner is an ${kind}`, function () {
    let f: AccessGrantsFixture;
    let accessGrants: AccessGrants;
    let owner: OwnerWithData;
    let consumer: string;
    let terms: RequestTerms;

    beforeEach(async function () {
      f = await loadFreshFixture(accessGrantsFixture);
      accessGrants = f.accessGrants;
      owner = f.owners[kind];
      consumer = f.signers.consumer.address;
      const now = await latest();
      terms = {
        owner: owner.address,
        dataId: owner.credentialId,
        lockedUntil: now + 1_000n,
        expiresAt: now + 10_000n,
        purpose: PURPOSE,
      };
    });

    it("grants the consumer the requested terms and closes the request", async function () {
      const requestId = await openRequest(accessGrants, f.signers.consumer, terms);

      await expect(entry.approve(f, owner, requestId, terms.dataId))
        .to.emit(accessGrants, "GrantRequestApproved")
        .withArgs(requestId, terms.dataId)
        .and.to.emit(accessGrants, "Granted")
        .withArgs(owner.address, consumer, terms.dataId, terms.lockedUntil, terms.expiresAt, terms.purpose);

      expect(await accessGrants.isGranted(owner.address, consumer, terms.dataId)).to.equal(true);
      const grant = await accessGrants.getGrant(owner.address, consumer, terms.dataId);
      expect(grant.lockedUntil).to.equal(terms.lockedUntil);
      expect(grant.expiresAt).to.equal(terms.expiresAt);
      expect((await accessGrants.getRequest(requestId)).status).to.equal(Status.Approved);
    });

    it("lets the owner pick the data for a request for any data", async function () {
      const requestId = await openRequest(accessGrants, f.signers.consumer, { ...terms, dataId: ZERO_BYTES32 });

      await expect(entry.approve(f, owner, requestId, owner.dataId))
        .to.emit(accessGrants, "GrantRequestApproved")
        .withArgs(requestId, owner.dataId);

      expect(await accessGrants.isGranted(owner.address, consumer, owner.dataId)).to.equal(true);
    });

    it("reverts when the owner approves other data than the request names", async function () {
      const requestId = await openRequest(accessGrants, f.signers.consumer, terms);

      await expect(entry.approve(f, owner, requestId, owner.dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestDataMismatch")
        .withArgs(requestId, terms.dataId, owner.dataId);
    });

    it("reverts when the owner picks data it does not own for a request for any data", async function () {
      const requestId = await openRequest(accessGrants, f.signers.consumer, { ...terms, dataId: ZERO_BYTES32 });

      await expect(entry.approve(f, owner, requestId, f.carolDataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotDataOwner")
        .withArgs(f.carolDataId, f.signers.carol.address, owner.address);
    });

    it("reverts when the owner picks no data for a request for any data", async function () {
      const requestId = await openRequest(accessGrants, f.signers.consumer, { ...terms, dataId: ZERO_BYTES32 });

      await expect(entry.approve(f, owner, requestId, ZERO_BYTES32))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsUnknownData")
        .withArgs(ZERO_BYTES32);
    });

    it("reverts when the request was approved already", async function () {
      const requestId = await openRequest(accessGrants, f.signers.consumer, terms);
      await entry.approve(f, owner, requestId, terms.dataId);

      await expect(entry.approve(f, owner, requestId, terms.dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestNotOpen")
        .withArgs(requestId, Status.Approved);
    });

    it("reverts when the consumer cancelled the request", async function () {
      const requestId = await openRequest(accessGrants, f.signers.consumer, terms);
      await accessGrants.connect(f.signers.consumer).cancelRequest(requestId);

      await expect(entry.approve(f, owner, requestId, terms.dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestNotOpen")
        .withArgs(requestId, Status.Cancelled);
    });

    it("reverts when the owner declined the request", async function () {
      const requestId = await openRequest(accessGrants, f.signers.consumer, terms);
      await owner.writer.declineRequest(requestId);

      await expect(entry.approve(f, owner, requestId, terms.dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestNotOpen")
        .withArgs(requestId, Status.Declined);
    });

    it("reverts for a request that was never made", async function () {
      const requestId = requestIdOf(consumer, owner.address, terms.dataId, 0n, 0n, OTHER_PURPOSE);

      await expect(entry.approve(f, owner, requestId, terms.dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestNotOpen")
        .withArgs(requestId, Status.None);
    });

    it("reverts when the requested expiry has passed by the time the owner approves", async function () {
      const requestId = await openRequest(accessGrants, f.signers.consumer, terms);
      await increaseTo(terms.expiresAt);
      const now = await pinNextTimestamp();

      await expect(entry.approve(f, owner, requestId, terms.dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidExpiry")
        .withArgs(terms.expiresAt, now);
      expect((await accessGrants.getRequest(requestId)).status).to.equal(Status.Open);
    });

    it("reverts when a deletion of the data is pending, leaving the request open", async function () {
      const requestId = await openRequest(accessGrants, f.signers.consumer, terms);
      const requestedAt = await pinNextTimestamp();
      await owner.writer.requestDeletion(terms.dataId);

      await expect(entry.approve(f, owner, requestId, terms.dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsDeletionPending")
        .withArgs(terms.dataId, requestedAt);
      expect((await accessGrants.getRequest(requestId)).status).to.equal(Status.Open);
    });

    it("updates an existing grant of the consumer, under the same lock rules", async function () {
      await owner.writer.grant(consumer, terms.dataId, terms.lockedUntil + 1n, 0n, PURPOSE);
      const requestId = await openRequest(accessGrants, f.signers.consumer, terms);

      await expect(entry.approve(f, owner, requestId, terms.dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsLockShortened")
        .withArgs(
          await accessGrants.grantId(owner.address, consumer, terms.dataId),
          terms.lockedUntil + 1n,
          terms.lockedUntil,
        );
    });
  });
}

describe("AccessGrants: grant requests", function () {
  describe("requestGrant", function () {
    async function termsFixture() {
      const f = await accessGrantsFixture();
      const now = await latest();
      const terms: RequestTerms = {
        owner: f.owners.EOA.address,
        dataId: f.owners.EOA.credentialId,
        lockedUntil: now + 1_000n,
        expiresAt: now + 10_000n,
        purpose: PURPOSE,
      };
      return { ...f, terms, asConsumer: f.accessGrants.connect(f.signers.consumer) };
    }

    it("records an open request under keccak256(abi.encode(consumer, owner, dataId, lockedUntil, expiresAt, purpose))", async function () {
      const { accessGrants, asConsumer, terms, signers } = await loadFreshFixture(termsFixture);
      const { owner, dataId, lockedUntil, expiresAt, purpose } = terms;
      const expectedId = requestIdOf(signers.consumer.address, owner, dataId, lockedUntil, expiresAt, purpose);

      expect(await asConsumer.requestGrant.staticCall(owner, dataId, lockedUntil, expiresAt, purpose)).to.equal(
        expectedId,
      );
      await expect(asConsumer.requestGrant(owner, dataId, lockedUntil, expiresAt, purpose))
        .to.emit(accessGrants, "GrantRequested")
        .withArgs(expectedId, owner, signers.consumer.address, dataId, lockedUntil, expiresAt, purpose);

      const request = await accessGrants.getRequest(expectedId);
      expect(request.consumer).to.equal(signers.consumer.address);
      expect(request.owner).to.equal(owner);
      expect(request.dataId).to.equal(dataId);
      expect(request.lockedUntil).to.equal(lockedUntil);
      expect(request.expiresAt).to.equal(expiresAt);
      expect(request.purpose).to.equal(purpose);
      expect(request.status).to.equal(Status.Open);
    });

    it("records a request for any of the owner's data with dataId 0", async function () {
      const { accessGrants, asConsumer, terms, signers } = await loadFreshFixture(termsFixture);
      const requestId = requestIdOf(signers.consumer.address, terms.owner, ZERO_BYTES32, 0n, 0n, PURPOSE);

      await expect(asConsumer.requestGrant(terms.owner, ZERO_BYTES32, 0n, 0n, PURPOSE))
        .to.emit(accessGrants, "GrantRequested")
        .withArgs(requestId, terms.owner, signers.consumer.address, ZERO_BYTES32, 0n, 0n, PURPOSE);
    });

    it("lets a consumer ask an owner who has anchored nothing yet, for any data", async function () {
      const { accessGrants, asConsumer, signers } = await loadFreshFixture(termsFixture);

      await expect(asConsumer.requestGrant(signers.stranger.address, ZERO_BYTES32, 0n, 0n, PURPOSE)).to.emit(
        accessGrants,
        "GrantRequested",
      );
    });

    it("reverts when an identical request is open", async function () {
      const { accessGrants, asConsumer, terms, signers } = await loadFreshFixture(termsFixture);
      const { owner, dataId, lockedUntil, expiresAt, purpose } = terms;
      await asConsumer.requestGrant(owner, dataId, lockedUntil, expiresAt, purpose);

      await expect(asConsumer.requestGrant(owner, dataId, lockedUntil, expiresAt, purpose))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestExists")
        .withArgs(requestIdOf(signers.consumer.address, owner, dataId, lockedUntil, expiresAt, purpose));
    });

    for (const [closed, close] of [
      [
        "cancelled",
        (f: AccessGrantsFixture, id: string) => f.accessGrants.connect(f.signers.consumer).cancelRequest(id),
      ],
      ["declined", (f: AccessGrantsFixture, id: string) => f.owners.EOA.writer.declineRequest(id)],
      [
        "approved",
        (f: AccessGrantsFixture, id: string) => f.owners.EOA.writer.approveRequest(id, f.owners.EOA.credentialId),
      ],
    ] as const) {
      it(`opens the same request again once the earlier one was ${closed}`, async function () {
        const fixture = await loadFreshFixture(termsFixture);
        const { accessGrants, asConsumer, terms } = fixture;
        const { owner, dataId, lockedUntil, expiresAt, purpose } = terms;
        const requestId = await openRequest(accessGrants, fixture.signers.consumer, terms);
        await close(fixture, requestId);

        await expect(asConsumer.requestGrant(owner, dataId, lockedUntil, expiresAt, purpose))
          .to.emit(accessGrants, "GrantRequested")
          .withArgs(requestId, owner, fixture.signers.consumer.address, dataId, lockedUntil, expiresAt, purpose);
        expect((await accessGrants.getRequest(requestId)).status).to.equal(Status.Open);
      });
    }

    it("keeps requests of different consumers apart", async function () {
      const { accessGrants, terms, signers } = await loadFreshFixture(termsFixture);
      const { owner, dataId, lockedUntil, expiresAt, purpose } = terms;
      const first = await openRequest(accessGrants, signers.consumer, terms);

      const second = await openRequest(accessGrants, signers.bob, terms);

      expect(second).to.not.equal(first);
      expect(second).to.equal(requestIdOf(signers.bob.address, owner, dataId, lockedUntil, expiresAt, purpose));
    });

    it("reverts when the owner is the zero address", async function () {
      const { accessGrants, asConsumer } = await loadFreshFixture(termsFixture);

      await expect(asConsumer.requestGrant(ZERO_ADDRESS, ZERO_BYTES32, 0n, 0n, PURPOSE)).to.be.revertedWithCustomError(
        accessGrants,
        "AccessGrantsZeroAddress",
      );
    });

    it("reverts when the named dataId is unknown", async function () {
      const { accessGrants, asConsumer, terms, unanchoredId } = await loadFreshFixture(termsFixture);

      await expect(asConsumer.requestGrant(terms.owner, unanchoredId, 0n, 0n, PURPOSE))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsUnknownData")
        .withArgs(unanchoredId);
    });

    it("reverts when the named dataId belongs to someone other than the named owner", async function () {
      const { accessGrants, asConsumer, terms, carolDataId, signers } = await loadFreshFixture(termsFixture);

      await expect(asConsumer.requestGrant(terms.owner, carolDataId, 0n, 0n, PURPOSE))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotDataOwner")
        .withArgs(carolDataId, signers.carol.address, terms.owner);
    });

    it("reverts when the requested expiry is not in the future", async function () {
      const { accessGrants, asConsumer, terms } = await loadFreshFixture(termsFixture);
      const now = await pinNextTimestamp();

      await expect(asConsumer.requestGrant(terms.owner, terms.dataId, 0n, now, PURPOSE))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidExpiry")
        .withArgs(now, now);
    });

    it("reverts when the requested grant would expire before its lock ends", async function () {
      const { accessGrants, asConsumer, terms } = await loadFreshFixture(termsFixture);

      await expect(asConsumer.requestGrant(terms.owner, terms.dataId, terms.expiresAt + 1n, terms.expiresAt, PURPOSE))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsExpiryBeforeLock")
        .withArgs(terms.expiresAt + 1n, terms.expiresAt);
    });

    it("reads status None for an unknown request", async function () {
      const { accessGrants } = await loadFreshFixture(termsFixture);

      const request = await accessGrants.getRequest(ZERO_BYTES32);
      expect(request.status).to.equal(Status.None);
      expect(request.consumer).to.equal(ZERO_ADDRESS);
    });
  });

  for (const entry of [direct, bySignature]) {
    for (const kind of SIGNER_KINDS) {
      shouldBehaveLikeApproval(entry, kind);
    }
  }

  describe("approveRequest", function () {
    async function openRequestFixture() {
      const f = await accessGrantsFixture();
      const owner = f.owners.EOA;
      const terms: RequestTerms = {
        owner: owner.address,
        dataId: owner.credentialId,
        lockedUntil: 0n,
        expiresAt: 0n,
        purpose: PURPOSE,
      };
      const requestId = await openRequest(f.accessGrants, f.signers.consumer, terms);
      return { ...f, owner, terms, requestId };
    }

    it("reverts when the consumer approves its own request", async function () {
      const { accessGrants, requestId, terms, signers } = await loadFreshFixture(openRequestFixture);

      await expect(accessGrants.connect(signers.consumer).approveRequest(requestId, terms.dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotRequestParty")
        .withArgs(requestId, signers.consumer.address);
    });

    it("reverts when a stranger approves", async function () {
      const { accessGrants, requestId, terms, signers } = await loadFreshFixture(openRequestFixture);

      await expect(accessGrants.connect(signers.stranger).approveRequest(requestId, terms.dataId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotRequestParty")
        .withArgs(requestId, signers.stranger.address);
    });
  });

  describe("approveRequestBySig", function () {
    for (const kind of SIGNER_KINDS) {
      describe(`owner is an ${kind}`, function () {
        async function signedRequestFixture() {
          const f = await accessGrantsFixture();
          const owner = f.owners[kind];
          const now = await latest();
          const terms: RequestTerms = {
            owner: owner.address,
            dataId: owner.credentialId,
            lockedUntil: now + 100n,
            expiresAt: now + 1_000n,
            purpose: PURPOSE,
          };
          const requestId = await openRequest(f.accessGrants, f.signers.consumer, terms);
          const message: GrantMessage = {
            owner: owner.address,
            grantee: f.signers.consumer.address,
            dataId: terms.dataId,
            lockedUntil: terms.lockedUntil,
            expiresAt: terms.expiresAt,
            purpose: terms.purpose,
            nonce: 0n,
            deadline: FAR_DEADLINE,
          };
          const signature = await signGrant(owner.signer, f.domain, message);
          const asConsumer = f.accessGrants.connect(f.signers.consumer);
          return { ...f, owner, terms, requestId, message, signature, asConsumer };
        }

        it("advances the nonce of the consumer's grant record", async function () {
          const { accessGrants, asConsumer, requestId, message, signature, owner } =
            await loadFreshFixture(signedRequestFixture);

          await asConsumer.approveRequestBySig(requestId, message.dataId, 0n, FAR_DEADLINE, signature);

          expect((await accessGrants.getGrant(owner.address, message.grantee, message.dataId)).nonce).to.equal(1n);
        });

        it("can be relayed by anyone, not only the consumer", async function () {
          const { accessGrants, requestId, message, signature, signers } = await loadFreshFixture(signedRequestFixture);

          await expect(
            accessGrants
              .connect(signers.relayer)
              .approveRequestBySig(requestId, message.dataId, 0n, FAR_DEADLINE, signature),
          ).to.emit(accessGrants, "GrantRequestApproved");
        });

        it("reverts when the signature covers other terms than the request's", async function () {
          const { accessGrants, asConsumer, requestId, message, owner, domain } =
            await loadFreshFixture(signedRequestFixture);
          const longerLock = await signGrant(owner.signer, domain, {
            ...message,
            lockedUntil: message.lockedUntil + 1n,
          });

          await expect(asConsumer.approveRequestBySig(requestId, message.dataId, 0n, FAR_DEADLINE, longerLock))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        it("reverts when the signature was made for another dataId than the one submitted", async function () {
          const { accessGrants, message, owner, domain, signers } = await loadFreshFixture(signedRequestFixture);
          const anyRequest = await openRequest(accessGrants, signers.consumer, {
            owner: owner.address,
            dataId: ZERO_BYTES32,
            lockedUntil: message.lockedUntil,
            expiresAt: message.expiresAt,
            purpose: message.purpose,
          });
          const forCredential = await signGrant(owner.signer, domain, message);

          await expect(
            accessGrants
              .connect(signers.consumer)
              .approveRequestBySig(anyRequest, owner.dataId, 0n, FAR_DEADLINE, forCredential),
          )
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
          expect((await accessGrants.getRequest(anyRequest)).status).to.equal(Status.Open);
        });

        it("reverts when another key signed", async function () {
          const { accessGrants, asConsumer, requestId, message, owner, domain, signers } =
            await loadFreshFixture(signedRequestFixture);
          const forged = await signGrant(signers.consumer, domain, message);

          await expect(asConsumer.approveRequestBySig(requestId, message.dataId, 0n, FAR_DEADLINE, forged))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        it("reverts when the signature was made for another chain", async function () {
          const { accessGrants, asConsumer, requestId, message, owner, domain } =
            await loadFreshFixture(signedRequestFixture);
          const otherChain = await domainOf(accessGrants, BigInt(domain.chainId!) + 1n);
          const signature = await signGrant(owner.signer, otherChain, message);

          await expect(asConsumer.approveRequestBySig(requestId, message.dataId, 0n, FAR_DEADLINE, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        it("reverts after the deadline", async function () {
          const { accessGrants, asConsumer, requestId, message, owner, domain } =
            await loadFreshFixture(signedRequestFixture);
          const deadline = (await latest()) + 10n;
          const signature = await signGrant(owner.signer, domain, { ...message, deadline });
          await setNextTimestamp(deadline + 1n);

          await expect(asConsumer.approveRequestBySig(requestId, message.dataId, 0n, deadline, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsExpiredSignature")
            .withArgs(deadline);
        });

        it("reverts once the owner burned the nonce", async function () {
          const { accessGrants, asConsumer, requestId, message, signature, owner } =
            await loadFreshFixture(signedRequestFixture);
          await owner.writer.burnGrantNonce(message.grantee, message.dataId);

          await expect(asConsumer.approveRequestBySig(requestId, message.dataId, 0n, FAR_DEADLINE, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
        });

        it("cannot be replayed on the same request opened again", async function () {
          const { accessGrants, asConsumer, requestId, message, signature, terms, signers } =
            await loadFreshFixture(signedRequestFixture);
          await asConsumer.approveRequestBySig(requestId, message.dataId, 0n, FAR_DEADLINE, signature);
          await accessGrants
            .connect(signers.consumer)
            .requestGrant(terms.owner, terms.dataId, terms.lockedUntil, terms.expiresAt, terms.purpose);

          await expect(asConsumer.approveRequestBySig(requestId, message.dataId, 0n, FAR_DEADLINE, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
        });

        it("spends the same Grant signature that grantBySig would, so it works only once across both", async function () {
          const { accessGrants, asConsumer, requestId, message, signature } =
            await loadFreshFixture(signedRequestFixture);
          await asConsumer.approveRequestBySig(requestId, message.dataId, 0n, FAR_DEADLINE, signature);

          await expect(asConsumer.grantBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
        });

        it("is refused when grantBySig already spent the signature", async function () {
          const { accessGrants, asConsumer, requestId, message, signature } =
            await loadFreshFixture(signedRequestFixture);
          await asConsumer.grantBySig(message, signature);

          await expect(asConsumer.approveRequestBySig(requestId, message.dataId, 0n, FAR_DEADLINE, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
          expect((await accessGrants.getRequest(requestId)).status).to.equal(Status.Open);
        });
      });
    }
  });

  describe("cancelRequest", function () {
    async function openRequestFixture() {
      const f = await accessGrantsFixture();
      const owner = f.owners["ERC-1271 wallet"];
      const requestId = await openRequest(f.accessGrants, f.signers.consumer, {
        owner: owner.address,
        dataId: ZERO_BYTES32,
        lockedUntil: 0n,
        expiresAt: 0n,
        purpose: PURPOSE,
      });
      return { ...f, owner, requestId, asConsumer: f.accessGrants.connect(f.signers.consumer) };
    }

    it("lets the consumer withdraw its open request", async function () {
      const { accessGrants, asConsumer, requestId } = await loadFreshFixture(openRequestFixture);

      await expect(asConsumer.cancelRequest(requestId))
        .to.emit(accessGrants, "GrantRequestCancelled")
        .withArgs(requestId);

      expect((await accessGrants.getRequest(requestId)).status).to.equal(Status.Cancelled);
    });

    it("reverts when the owner cancels", async function () {
      const { accessGrants, owner, requestId } = await loadFreshFixture(openRequestFixture);

      await expect(owner.writer.cancelRequest(requestId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotRequestParty")
        .withArgs(requestId, owner.address);
    });

    it("reverts when a stranger cancels", async function () {
      const { accessGrants, requestId, signers } = await loadFreshFixture(openRequestFixture);

      await expect(accessGrants.connect(signers.stranger).cancelRequest(requestId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotRequestParty")
        .withArgs(requestId, signers.stranger.address);
    });

    it("reverts when the request was cancelled already", async function () {
      const { accessGrants, asConsumer, requestId } = await loadFreshFixture(openRequestFixture);
      await asConsumer.cancelRequest(requestId);

      await expect(asConsumer.cancelRequest(requestId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestNotOpen")
        .withArgs(requestId, Status.Cancelled);
    });

    it("reverts when the request was approved", async function () {
      const { accessGrants, asConsumer, owner, requestId } = await loadFreshFixture(openRequestFixture);
      await owner.writer.approveRequest(requestId, owner.dataId);

      await expect(asConsumer.cancelRequest(requestId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestNotOpen")
        .withArgs(requestId, Status.Approved);
    });

    it("reverts for a request that was never made", async function () {
      const { accessGrants, asConsumer } = await loadFreshFixture(openRequestFixture);
      const unknown = requestIdOf(ZERO_ADDRESS, ZERO_ADDRESS, ZERO_BYTES32, 0n, 0n, ZERO_BYTES32);

      await expect(asConsumer.cancelRequest(unknown))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestNotOpen")
        .withArgs(unknown, Status.None);
    });
  });

  describe("declineRequest", function () {
    async function openRequestFixture() {
      const f = await accessGrantsFixture();
      const owner = f.owners["ERC-1271 wallet"];
      const requestId = await openRequest(f.accessGrants, f.signers.consumer, {
        owner: owner.address,
        dataId: owner.dataId,
        lockedUntil: 0n,
        expiresAt: 0n,
        purpose: PURPOSE,
      });
      return { ...f, owner, requestId };
    }

    it("lets the owner turn down an open request", async function () {
      const { accessGrants, owner, requestId, signers } = await loadFreshFixture(openRequestFixture);

      await expect(owner.writer.declineRequest(requestId))
        .to.emit(accessGrants, "GrantRequestDeclined")
        .withArgs(requestId);

      expect((await accessGrants.getRequest(requestId)).status).to.equal(Status.Declined);
      expect(await accessGrants.isGranted(owner.address, signers.consumer.address, owner.dataId)).to.equal(false);
    });

    it("reverts when the consumer declines", async function () {
      const { accessGrants, requestId, signers } = await loadFreshFixture(openRequestFixture);

      await expect(accessGrants.connect(signers.consumer).declineRequest(requestId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotRequestParty")
        .withArgs(requestId, signers.consumer.address);
    });

    it("reverts when the request was declined already", async function () {
      const { accessGrants, owner, requestId } = await loadFreshFixture(openRequestFixture);
      await owner.writer.declineRequest(requestId);

      await expect(owner.writer.declineRequest(requestId))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestNotOpen")
        .withArgs(requestId, Status.Declined);
    });

    it("reverts for a request that was never made", async function () {
      const { accessGrants, owner } = await loadFreshFixture(openRequestFixture);
      const unknown = requestIdOf(ZERO_ADDRESS, owner.address, ZERO_BYTES32, 0n, 0n, ZERO_BYTES32);

      await expect(owner.writer.declineRequest(unknown))
        .to.be.revertedWithCustomError(accessGrants, "AccessGrantsRequestNotOpen")
        .withArgs(unknown, Status.None);
    });
  });
});
