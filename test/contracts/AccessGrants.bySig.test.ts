import { expect } from "chai";
import { network } from "hardhat";

import type { AccessGrants } from "../../types/ethers-contracts/index.js";
import {
  type DeletionMessage,
  type GrantMessage,
  type RevokeMessage,
  digestOf,
  domainOf,
  signDeletion,
  signGrant,
  signRevoke,
} from "../helpers/eip712.js";
import {
  type AccessGrantsFixture,
  FAR_DEADLINE,
  MAX_UINT48,
  NOTE_SCHEMA,
  OTHER_PURPOSE,
  PURPOSE,
  SIGNER_KINDS,
  accessGrantsFixture,
  dataIdFor,
  loadFreshFixture,
} from "../helpers/fixtures.js";
import { latest, pinNextTimestamp, setNextTimestamp } from "../helpers/time.js";

const { ethers } = await network.getOrCreate();

/** The fixture plus a second deployment on the same chain where both owners anchored the same dataIds. */
async function twoDeploymentsFixture() {
  const f = await accessGrantsFixture();
  const second: AccessGrants = await ethers.deployContract("AccessGrants");
  for (const owner of Object.values(f.owners)) {
    await owner.writerFor(second).anchorData(owner.dataId, NOTE_SCHEMA);
  }
  return { ...f, second, secondDomain: await domainOf(second) };
}

/**
 * Replay protection of the three signed paths, for each signer kind. The success paths of grantBySig and
 * revokeBySig are covered by the shared grant behaviour in AccessGrants.grants.test.ts.
 */
describe("AccessGrants: signatures", function () {
  for (const kind of SIGNER_KINDS) {
    describe(`owner is an ${kind}`, function () {
      let f: Awaited<ReturnType<typeof twoDeploymentsFixture>>;
      let accessGrants: AccessGrants;
      let owner: AccessGrantsFixture["owners"][typeof kind];
      let grantee: string;

      beforeEach(async function () {
        f = await loadFreshFixture(twoDeploymentsFixture);
        accessGrants = f.accessGrants;
        owner = f.owners[kind];
        grantee = f.signers.bob.address;
      });

      const grantMessage = (overrides: Partial<GrantMessage> = {}): GrantMessage => ({
        owner: owner.address,
        grantee,
        dataId: owner.dataId,
        lockedUntil: 0n,
        expiresAt: 0n,
        purpose: PURPOSE,
        nonce: 0n,
        deadline: FAR_DEADLINE,
        ...overrides,
      });
      const revokeMessage = (overrides: Partial<RevokeMessage> = {}): RevokeMessage => ({
        owner: owner.address,
        grantee,
        dataId: owner.dataId,
        nonce: 0n,
        deadline: FAR_DEADLINE,
        ...overrides,
      });
      const deletionMessage = (overrides: Partial<DeletionMessage> = {}): DeletionMessage => ({
        owner: owner.address,
        dataId: owner.dataId,
        nonce: 0n,
        deadline: FAR_DEADLINE,
        ...overrides,
      });
      const relayer = () => accessGrants.connect(f.signers.relayer);

      describe("grantBySig", function () {
        it("lets the grantee itself relay the owner's signature", async function () {
          const message = grantMessage();
          const signature = await signGrant(owner.signer, f.domain, message);

          await expect(accessGrants.connect(f.signers.bob).grantBySig(message, signature))
            .to.emit(accessGrants, "Granted")
            .withArgs(owner.address, grantee, owner.dataId, 0n, 0n, PURPOSE);
        });

        it("reverts when the same signature is used twice", async function () {
          const message = grantMessage();
          const signature = await signGrant(owner.signer, f.domain, message);
          await relayer().grantBySig(message, signature);

          await expect(relayer().grantBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
        });

        it("reverts when the signature is replayed after the owner revoked the grant", async function () {
          const message = grantMessage();
          const signature = await signGrant(owner.signer, f.domain, message);
          await relayer().grantBySig(message, signature);
          await owner.writer.revoke(grantee, owner.dataId);

          await expect(relayer().grantBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
          expect(await accessGrants.isGranted(owner.address, grantee, owner.dataId)).to.equal(false);
        });

        it("reverts when the signature is replayed after a signed revoke", async function () {
          const message = grantMessage();
          const signature = await signGrant(owner.signer, f.domain, message);
          await relayer().grantBySig(message, signature);
          const revoke = revokeMessage({ nonce: 1n });
          await relayer().revokeBySig(revoke, await signRevoke(owner.signer, f.domain, revoke));

          await expect(relayer().grantBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(2n, 0n);
        });

        it("reverts when the signature was made for another chain", async function () {
          const message = grantMessage();
          const chainId = BigInt(f.domain.chainId!) + 1n;
          const signature = await signGrant(owner.signer, await domainOf(accessGrants, chainId), message);

          await expect(relayer().grantBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        it("reverts when the signature was made for another deployment", async function () {
          const message = grantMessage();
          const forFirst = await signGrant(owner.signer, f.domain, message);

          await expect(f.second.connect(f.signers.relayer).grantBySig(message, forFirst))
            .to.be.revertedWithCustomError(f.second, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
          // The same terms signed for the second deployment do work there.
          const forSecond = await signGrant(owner.signer, f.secondDomain, message);
          await expect(f.second.connect(f.signers.relayer).grantBySig(message, forSecond)).to.emit(f.second, "Granted");
        });

        it("reverts after the deadline", async function () {
          const deadline = (await latest()) + 10n;
          const message = grantMessage({ deadline });
          const signature = await signGrant(owner.signer, f.domain, message);
          await setNextTimestamp(deadline + 1n);

          await expect(relayer().grantBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsExpiredSignature")
            .withArgs(deadline);
        });

        it("accepts the signature in its deadline second", async function () {
          const deadline = (await latest()) + 10n;
          const message = grantMessage({ deadline });
          const signature = await signGrant(owner.signer, f.domain, message);
          await setNextTimestamp(deadline);

          await expect(relayer().grantBySig(message, signature)).to.emit(accessGrants, "Granted");
        });

        it("reverts once the owner burned the nonce", async function () {
          const message = grantMessage();
          const signature = await signGrant(owner.signer, f.domain, message);
          await owner.writer.burnGrantNonce(grantee, owner.dataId);

          await expect(relayer().grantBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
        });

        it("reverts when it carries a nonce ahead of the record", async function () {
          const message = grantMessage({ nonce: 1n });
          const signature = await signGrant(owner.signer, f.domain, message);

          await expect(relayer().grantBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(0n, 1n);
        });

        it("reverts when another key signed", async function () {
          const message = grantMessage();
          const signature = await signGrant(f.signers.stranger, f.domain, message);

          await expect(relayer().grantBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        it("reverts when the message names an owner who did not sign it", async function () {
          const message = grantMessage({ owner: f.signers.carol.address, dataId: f.carolDataId });
          const signature = await signGrant(owner.signer, f.domain, message);

          await expect(relayer().grantBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(f.signers.carol.address);
        });

        it("reverts on a malformed signature", async function () {
          await expect(relayer().grantBySig(grantMessage(), "0x1234"))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        const tampered: [string, (f: AccessGrantsFixture, m: GrantMessage) => Partial<GrantMessage>][] = [
          ["grantee", (fx) => ({ grantee: fx.signers.stranger.address })],
          ["dataId", (fx) => ({ dataId: fx.owners[kind].credentialId })],
          ["lockedUntil", (_fx, m) => ({ lockedUntil: m.lockedUntil + 1n })],
          ["expiresAt", () => ({ expiresAt: MAX_UINT48 })],
          ["purpose", () => ({ purpose: OTHER_PURPOSE })],
          ["deadline", (_fx, m) => ({ deadline: m.deadline - 1n })],
        ];
        for (const [field, change] of tampered) {
          it(`reverts when the relayer changes the signed ${field}`, async function () {
            const message = grantMessage();
            const signature = await signGrant(owner.signer, f.domain, message);

            await expect(relayer().grantBySig({ ...message, ...change(f, message) }, signature))
              .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
              .withArgs(owner.address);
          });
        }

        it("keeps the signatures of different grants independent", async function () {
          const toBob = grantMessage();
          const toConsumer = grantMessage({ grantee: f.signers.consumer.address });
          const bobSignature = await signGrant(owner.signer, f.domain, toBob);
          const consumerSignature = await signGrant(owner.signer, f.domain, toConsumer);

          await relayer().grantBySig(toConsumer, consumerSignature);
          await expect(relayer().grantBySig(toBob, bobSignature)).to.emit(accessGrants, "Granted");
        });
      });

      describe("revokeBySig", function () {
        beforeEach(async function () {
          await owner.writer.grant(grantee, owner.dataId, 0n, 0n, PURPOSE);
        });

        it("revokes on behalf of the owner and advances the grant nonce", async function () {
          const message = revokeMessage();

          await expect(relayer().revokeBySig(message, await signRevoke(owner.signer, f.domain, message)))
            .to.emit(accessGrants, "Revoked")
            .withArgs(owner.address, grantee, owner.dataId);
          expect((await accessGrants.getGrant(owner.address, grantee, owner.dataId)).nonce).to.equal(1n);
        });

        it("reverts when the signature is replayed on a later grant", async function () {
          const message = revokeMessage();
          const signature = await signRevoke(owner.signer, f.domain, message);
          await relayer().revokeBySig(message, signature);
          await owner.writer.grant(grantee, owner.dataId, 0n, 0n, PURPOSE);

          await expect(relayer().revokeBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
          expect(await accessGrants.isGranted(owner.address, grantee, owner.dataId)).to.equal(true);
        });

        it("reverts when the signature was made for another chain", async function () {
          const message = revokeMessage();
          const chainId = BigInt(f.domain.chainId!) + 1n;
          const signature = await signRevoke(owner.signer, await domainOf(accessGrants, chainId), message);

          await expect(relayer().revokeBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        it("reverts when the signature was made for another deployment", async function () {
          await owner.writerFor(f.second).grant(grantee, owner.dataId, 0n, 0n, PURPOSE);
          const message = revokeMessage();

          await expect(f.second.revokeBySig(message, await signRevoke(owner.signer, f.domain, message)))
            .to.be.revertedWithCustomError(f.second, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        it("reverts after the deadline", async function () {
          const deadline = (await latest()) + 10n;
          const message = revokeMessage({ deadline });
          const signature = await signRevoke(owner.signer, f.domain, message);
          await setNextTimestamp(deadline + 1n);

          await expect(relayer().revokeBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsExpiredSignature")
            .withArgs(deadline);
        });

        it("reverts once the owner burned the nonce", async function () {
          const message = revokeMessage();
          const signature = await signRevoke(owner.signer, f.domain, message);
          await owner.writer.burnGrantNonce(grantee, owner.dataId);

          await expect(relayer().revokeBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
        });

        it("reverts when another key signed", async function () {
          const message = revokeMessage();

          await expect(relayer().revokeBySig(message, await signRevoke(f.signers.stranger, f.domain, message)))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        it("reverts when the relayer points the signature at another grantee", async function () {
          await owner.writer.grant(f.signers.consumer.address, owner.dataId, 0n, 0n, PURPOSE);
          const message = revokeMessage();
          const signature = await signRevoke(owner.signer, f.domain, message);

          await expect(relayer().revokeBySig({ ...message, grantee: f.signers.consumer.address }, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });
      });

      describe("requestDeletionBySig", function () {
        it("records the deletion on behalf of the owner and advances the data nonce", async function () {
          const message = deletionMessage();
          const signature = await signDeletion(owner.signer, f.domain, message);
          const now = await pinNextTimestamp();

          await expect(relayer().requestDeletionBySig(message, signature))
            .to.emit(accessGrants, "DeletionRequested")
            .withArgs(owner.address, owner.dataId, now);
          expect((await accessGrants.getAnchor(owner.dataId)).nonce).to.equal(1n);
          expect(await accessGrants.deletionEffectiveAt(owner.dataId)).to.equal(now);
        });

        it("reverts when the same signature is used twice", async function () {
          const message = deletionMessage();
          const signature = await signDeletion(owner.signer, f.domain, message);
          await relayer().requestDeletionBySig(message, signature);

          await expect(relayer().requestDeletionBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
        });

        it("reverts when the signature was made for another chain", async function () {
          const message = deletionMessage();
          const chainId = BigInt(f.domain.chainId!) + 1n;
          const signature = await signDeletion(owner.signer, await domainOf(accessGrants, chainId), message);

          await expect(relayer().requestDeletionBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        it("reverts when the signature was made for another deployment", async function () {
          const message = deletionMessage();
          const signature = await signDeletion(owner.signer, f.domain, message);

          await expect(f.second.requestDeletionBySig(message, signature))
            .to.be.revertedWithCustomError(f.second, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
          expect(await f.second.deletionEffectiveAt(owner.dataId)).to.equal(0n);
        });

        it("reverts after the deadline", async function () {
          const deadline = (await latest()) + 10n;
          const message = deletionMessage({ deadline });
          const signature = await signDeletion(owner.signer, f.domain, message);
          await setNextTimestamp(deadline + 1n);

          await expect(relayer().requestDeletionBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsExpiredSignature")
            .withArgs(deadline);
        });

        it("reverts once the owner burned the data nonce", async function () {
          const message = deletionMessage();
          const signature = await signDeletion(owner.signer, f.domain, message);
          await owner.writer.burnDataNonce(owner.dataId);

          await expect(relayer().requestDeletionBySig(message, signature))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(1n, 0n);
        });

        it("reverts when it carries a nonce ahead of the anchor", async function () {
          const message = deletionMessage({ nonce: 1n });

          await expect(relayer().requestDeletionBySig(message, await signDeletion(owner.signer, f.domain, message)))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidNonce")
            .withArgs(0n, 1n);
        });

        it("uses the dataId's nonce, which grant signatures and grant nonce burns do not move", async function () {
          const grant = grantMessage();
          await relayer().grantBySig(grant, await signGrant(owner.signer, f.domain, grant));
          await owner.writer.burnGrantNonce(grantee, owner.dataId);
          const message = deletionMessage({ nonce: 0n });

          await expect(
            relayer().requestDeletionBySig(message, await signDeletion(owner.signer, f.domain, message)),
          ).to.emit(accessGrants, "DeletionRequested");
        });

        it("reverts when another key signed", async function () {
          const message = deletionMessage();

          await expect(
            relayer().requestDeletionBySig(message, await signDeletion(f.signers.stranger, f.domain, message)),
          )
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsInvalidSignature")
            .withArgs(owner.address);
        });

        it("reverts when the signer does not own the data", async function () {
          const message = deletionMessage({ dataId: f.carolDataId });

          await expect(relayer().requestDeletionBySig(message, await signDeletion(owner.signer, f.domain, message)))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotDataOwner")
            .withArgs(f.carolDataId, f.signers.carol.address, owner.address);
        });

        it("reverts when the dataId is unknown", async function () {
          const message = deletionMessage({ dataId: f.unanchoredId });

          await expect(relayer().requestDeletionBySig(message, await signDeletion(owner.signer, f.domain, message)))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsUnknownData")
            .withArgs(f.unanchoredId);
        });
      });

      describe("burnGrantNonce", function () {
        it("advances the nonce of the caller's grant by one each time and emits GrantNonceBurned", async function () {
          await expect(owner.writer.burnGrantNonce(grantee, owner.dataId))
            .to.emit(accessGrants, "GrantNonceBurned")
            .withArgs(owner.address, grantee, owner.dataId, 1n);
          await expect(owner.writer.burnGrantNonce(grantee, owner.dataId))
            .to.emit(accessGrants, "GrantNonceBurned")
            .withArgs(owner.address, grantee, owner.dataId, 2n);

          expect((await accessGrants.getGrant(owner.address, grantee, owner.dataId)).nonce).to.equal(2n);
        });

        it("leaves a live grant live", async function () {
          await owner.writer.grant(grantee, owner.dataId, 0n, 0n, PURPOSE);

          await owner.writer.burnGrantNonce(grantee, owner.dataId);

          expect(await accessGrants.isGranted(owner.address, grantee, owner.dataId)).to.equal(true);
        });

        it("cannot touch another owner's nonce: it burns the caller's own triple", async function () {
          await expect(accessGrants.connect(f.signers.stranger).burnGrantNonce(grantee, owner.dataId))
            .to.emit(accessGrants, "GrantNonceBurned")
            .withArgs(f.signers.stranger.address, grantee, owner.dataId, 1n);

          expect((await accessGrants.getGrant(owner.address, grantee, owner.dataId)).nonce).to.equal(0n);
        });
      });

      describe("burnDataNonce", function () {
        it("advances the deletion nonce of the dataId and emits DataNonceBurned", async function () {
          await expect(owner.writer.burnDataNonce(owner.dataId))
            .to.emit(accessGrants, "DataNonceBurned")
            .withArgs(owner.address, owner.dataId, 1n);

          expect((await accessGrants.getAnchor(owner.dataId)).nonce).to.equal(1n);
        });

        it("reverts when the issuer, not the owner, calls", async function () {
          await expect(accessGrants.connect(f.signers.issuer).burnDataNonce(owner.credentialId))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsNotDataOwner")
            .withArgs(owner.credentialId, owner.address, f.signers.issuer.address);
        });

        it("reverts when the dataId is unknown", async function () {
          await expect(owner.writer.burnDataNonce(f.unanchoredId))
            .to.be.revertedWithCustomError(accessGrants, "AccessGrantsUnknownData")
            .withArgs(f.unanchoredId);
        });
      });
    });
  }

  describe("the ERC-1271 wallet mock these tests sign with", function () {
    const MAGIC_VALUE = "0x1626ba7e";

    async function walletCase() {
      const f = await accessGrantsFixture();
      const message: GrantMessage = {
        owner: await f.wallet.getAddress(),
        grantee: f.signers.bob.address,
        dataId: dataIdFor("any"),
        lockedUntil: 0n,
        expiresAt: 0n,
        purpose: PURPOSE,
        nonce: 0n,
        deadline: FAR_DEADLINE,
      };
      return { ...f, message, digest: digestOf(f.domain, "Grant", message) };
    }

    it("accepts its keeper's signature over the EIP-712 digest", async function () {
      const { wallet, domain, message, digest, signers } = await loadFreshFixture(walletCase);

      expect(await wallet.isValidSignature(digest, await signGrant(signers.keeper, domain, message))).to.equal(
        MAGIC_VALUE,
      );
    });

    it("rejects another key's signature, and malformed bytes, without reverting", async function () {
      const { wallet, domain, message, digest, signers } = await loadFreshFixture(walletCase);

      expect(await wallet.isValidSignature(digest, await signGrant(signers.stranger, domain, message))).to.equal(
        "0x00000000",
      );
      expect(await wallet.isValidSignature(digest, "0x1234")).to.equal("0x00000000");
    });

    it("reports its keeper as owner and lets no one else execute through it", async function () {
      const { wallet, accessGrants, signers } = await loadFreshFixture(walletCase);

      expect(await wallet.owner()).to.equal(signers.keeper.address);
      await expect(wallet.connect(signers.stranger).execute(await accessGrants.getAddress(), "0x"))
        .to.be.revertedWithCustomError(wallet, "ERC1271WalletMockUnauthorized")
        .withArgs(signers.stranger.address);
    });
  });
});
