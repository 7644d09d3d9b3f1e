import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";

import type { KycGatedVault } from "../../types/ethers-contracts/index.js";

const { ethers, networkHelpers } = await network.getOrCreate();
const { loadFixture, time } = networkHelpers;

/** Credential type the vault accepts: keccak256 of the KYC credential's type URI. */
const KYC_SCHEMA = ethers.id("https://idem.dev/schemas/KYCCredential/v1");
/** Another credential type, which the vault must refuse. */
const EMAIL_SCHEMA = ethers.id("https://idem.dev/schemas/EmailCredential/v1");
/** Purpose hash the user attaches to the grant (event only). */
const PURPOSE = ethers.id("KYC check for KycGatedVault deposits");

const DAY = 24n * 60n * 60n;
const AMOUNT = ethers.parseEther("1");

/** Fixed dataIds, as a wallet would draw at random: fixtures must be deterministic. */
const KYC_DATA_ID = ethers.id("idem:test:user-kyc");
const OTHER_DATA_ID = ethers.id("idem:test:other-data");

/** AccessGrants, the vault, and a KYC credential anchored to `user` by the trusted issuer, not yet granted. */
async function deployVaultFixture() {
  const [issuer, user, provider, stranger, rogueIssuer] = await ethers.getSigners();
  if (
    issuer === undefined ||
    user === undefined ||
    provider === undefined ||
    stranger === undefined ||
    rogueIssuer === undefined
  ) {
    throw new Error("deployVaultFixture needs 5 accounts");
  }
  const grants = await ethers.deployContract("AccessGrants");
  const vault = await ethers.deployContract("KycGatedVault", [grants, issuer, KYC_SCHEMA, provider]);
  await grants.connect(issuer).anchorCredential(KYC_DATA_ID, user, KYC_SCHEMA);
  return { grants, vault, issuer, user, provider, stranger, rogueIssuer };
}

/** As {@link deployVaultFixture}, and `user` granted the credential to the provider with no lock and no expiry. */
async function grantedFixture() {
  const fixture = await deployVaultFixture();
  const { grants, user, provider } = fixture;
  await grants.connect(user).grant(provider, KYC_DATA_ID, 0, 0, PURPOSE);
  return fixture;
}

/** As {@link grantedFixture}, and `user` deposited {@link AMOUNT}. */
async function depositedFixture() {
  const fixture = await grantedFixture();
  await fixture.vault.connect(fixture.user).deposit(KYC_DATA_ID, { value: AMOUNT });
  return fixture;
}

/**
 * A smart account that refuses ether, holding a KYC credential granted to the provider and {@link AMOUNT}
 * deposited in the vault.
 */
async function rejectingDepositorFixture() {
  const fixture = await deployVaultFixture();
  const { grants, vault, issuer, provider } = fixture;
  const account = await ethers.deployContract("EtherRejectingAccount");
  await grants.connect(issuer).anchorCredential(OTHER_DATA_ID, account, KYC_SCHEMA);
  await account.execute(
    grants,
    0,
    grants.interface.encodeFunctionData("grant", [provider.address, OTHER_DATA_ID, 0, 0, PURPOSE]),
  );
  await account.execute(vault, AMOUNT, vault.interface.encodeFunctionData("deposit", [OTHER_DATA_ID]), {
    value: AMOUNT,
  });
  return { ...fixture, account };
}

describe("KycGatedVault", function () {
  describe("construction", function () {
    it("exposes the grants contract, trusted issuer, KYC schema and provider it was built with", async function () {
      const { grants, vault, issuer, provider } = await loadFixture(deployVaultFixture);
      expect(await vault.accessGrants()).to.equal(await grants.getAddress());
      expect(await vault.trustedIssuer()).to.equal(issuer.address);
      expect(await vault.kycSchema()).to.equal(KYC_SCHEMA);
      expect(await vault.complianceProvider()).to.equal(provider.address);
    });

    it("reverts when the grants contract is the zero address", async function () {
      const { vault, issuer, provider } = await loadFixture(deployVaultFixture);
      await expect(
        ethers.deployContract("KycGatedVault", [ethers.ZeroAddress, issuer, KYC_SCHEMA, provider]),
      ).to.be.revertedWithCustomError(vault, "KycGatedVaultZeroAddress");
    });

    it("reverts when the trusted issuer is the zero address", async function () {
      const { grants, vault, provider } = await loadFixture(deployVaultFixture);
      await expect(
        ethers.deployContract("KycGatedVault", [grants, ethers.ZeroAddress, KYC_SCHEMA, provider]),
      ).to.be.revertedWithCustomError(vault, "KycGatedVaultZeroAddress");
    });

    it("reverts when the provider is the zero address", async function () {
      const { grants, vault, issuer } = await loadFixture(deployVaultFixture);
      await expect(
        ethers.deployContract("KycGatedVault", [grants, issuer, KYC_SCHEMA, ethers.ZeroAddress]),
      ).to.be.revertedWithCustomError(vault, "KycGatedVaultZeroAddress");
    });

    it("reverts when the KYC schema is zero", async function () {
      const { grants, vault, issuer, provider } = await loadFixture(deployVaultFixture);
      await expect(
        ethers.deployContract("KycGatedVault", [grants, issuer, ethers.ZeroHash, provider]),
      ).to.be.revertedWithCustomError(vault, "KycGatedVaultZeroSchema");
    });
  });

  describe("deposit", function () {
    it("accepts a deposit from a user who granted the provider a live KYC credential from the trusted issuer", async function () {
      const { vault, user } = await loadFixture(grantedFixture);
      expect(await vault.isEligible(user, KYC_DATA_ID)).to.equal(true);
      const tx = vault.connect(user).deposit(KYC_DATA_ID, { value: AMOUNT });
      await expect(tx).to.emit(vault, "Deposited").withArgs(user.address, KYC_DATA_ID, AMOUNT);
      await expect(tx).to.changeEtherBalances(ethers, [user, vault], [-AMOUNT, AMOUNT]);
      expect(await vault.balanceOf(user)).to.equal(AMOUNT);
    });

    it("adds repeated deposits to the depositor's balance", async function () {
      const { vault, user } = await loadFixture(depositedFixture);
      await vault.connect(user).deposit(KYC_DATA_ID, { value: 2n * AMOUNT });
      expect(await vault.balanceOf(user)).to.equal(3n * AMOUNT);
    });

    it("reverts when the deposit is zero", async function () {
      const { vault, user } = await loadFixture(grantedFixture);
      await expect(vault.connect(user).deposit(KYC_DATA_ID)).to.be.revertedWithCustomError(
        vault,
        "KycGatedVaultZeroAmount",
      );
    });

    it("reverts when ether is sent without calling deposit", async function () {
      const { vault, user } = await loadFixture(grantedFixture);
      await expect(user.sendTransaction({ to: vault, value: AMOUNT })).to.revert(ethers);
    });

    describe("refuses a depositor", function () {
      /** Asserts that `depositor` cannot deposit with `dataId`, with the exact error, and is not eligible. */
      async function expectRefused(vault: KycGatedVault, depositor: HardhatEthersSigner, dataId: string) {
        expect(await vault.isEligible(depositor, dataId)).to.equal(false);
        await expect(vault.connect(depositor).deposit(dataId, { value: AMOUNT }))
          .to.be.revertedWithCustomError(vault, "KycGatedVaultNotGranted")
          .withArgs(depositor.address, dataId);
      }

      it("who granted nothing", async function () {
        const { vault, user } = await loadFixture(deployVaultFixture);
        await expectRefused(vault, user, KYC_DATA_ID);
      });

      it("who granted the credential to someone other than the provider", async function () {
        const { grants, vault, user, stranger } = await loadFixture(deployVaultFixture);
        await grants.connect(user).grant(stranger, KYC_DATA_ID, 0, 0, PURPOSE);
        await expectRefused(vault, user, KYC_DATA_ID);
      });

      it("who names another user's granted credential", async function () {
        const { vault, stranger } = await loadFixture(grantedFixture);
        await expectRefused(vault, stranger, KYC_DATA_ID);
      });

      it("whose credential comes from an issuer the vault does not trust", async function () {
        const { grants, vault, user, provider, rogueIssuer } = await loadFixture(deployVaultFixture);
        await grants.connect(rogueIssuer).anchorCredential(OTHER_DATA_ID, user, KYC_SCHEMA);
        await grants.connect(user).grant(provider, OTHER_DATA_ID, 0, 0, PURPOSE);
        await expectRefused(vault, user, OTHER_DATA_ID);
      });

      it("whose KYC-typed data was self-anchored rather than issued", async function () {
        const { grants, vault, user, provider } = await loadFixture(deployVaultFixture);
        await grants.connect(user).anchorData(OTHER_DATA_ID, KYC_SCHEMA);
        await grants.connect(user).grant(provider, OTHER_DATA_ID, 0, 0, PURPOSE);
        await expectRefused(vault, user, OTHER_DATA_ID);
      });

      it("whose credential from the trusted issuer has another schema", async function () {
        const { grants, vault, issuer, user, provider } = await loadFixture(deployVaultFixture);
        await grants.connect(issuer).anchorCredential(OTHER_DATA_ID, user, EMAIL_SCHEMA);
        await grants.connect(user).grant(provider, OTHER_DATA_ID, 0, 0, PURPOSE);
        await expectRefused(vault, user, OTHER_DATA_ID);
      });

      it("whose credential the issuer revoked, until the issuer reinstates it", async function () {
        const { grants, vault, issuer, user } = await loadFixture(grantedFixture);
        await grants.connect(issuer).setCredentialRevoked(KYC_DATA_ID, true);
        await expectRefused(vault, user, KYC_DATA_ID);

        await grants.connect(issuer).setCredentialRevoked(KYC_DATA_ID, false);
        await expect(vault.connect(user).deposit(KYC_DATA_ID, { value: AMOUNT })).to.emit(vault, "Deposited");
      });

      it("whose grant has expired", async function () {
        const { grants, vault, user, provider } = await loadFixture(deployVaultFixture);
        const expiresAt = BigInt(await time.latest()) + 30n * DAY;
        await grants.connect(user).grant(provider, KYC_DATA_ID, 0, expiresAt, PURPOSE);
        await expect(vault.connect(user).deposit(KYC_DATA_ID, { value: AMOUNT })).to.emit(vault, "Deposited");

        await time.increaseTo(expiresAt);
        await expectRefused(vault, user, KYC_DATA_ID);
      });

      it("who revoked the grant", async function () {
        const { grants, vault, user, provider } = await loadFixture(grantedFixture);
        await grants.connect(user).revoke(provider, KYC_DATA_ID);
        await expectRefused(vault, user, KYC_DATA_ID);
      });

      it("who asked for the credential's deletion, ending the unlocked grant", async function () {
        const { grants, vault, user } = await loadFixture(grantedFixture);
        await grants.connect(user).requestDeletion(KYC_DATA_ID);
        await expectRefused(vault, user, KYC_DATA_ID);
      });
    });

    it("accepts a locked grant after a deletion request until the lock ends", async function () {
      const { grants, vault, user, provider } = await loadFixture(deployVaultFixture);
      const lockedUntil = BigInt(await time.latest()) + 365n * DAY;
      await grants.connect(user).grant(provider, KYC_DATA_ID, lockedUntil, 0, PURPOSE);
      await grants.connect(user).requestDeletion(KYC_DATA_ID);

      expect(await vault.isEligible(user, KYC_DATA_ID)).to.equal(true);
      await expect(vault.connect(user).deposit(KYC_DATA_ID, { value: AMOUNT }))
        .to.emit(vault, "Deposited")
        .withArgs(user.address, KYC_DATA_ID, AMOUNT);

      await time.increaseTo(lockedUntil);
      expect(await vault.isEligible(user, KYC_DATA_ID)).to.equal(false);
      await expect(vault.connect(user).deposit(KYC_DATA_ID, { value: AMOUNT }))
        .to.be.revertedWithCustomError(vault, "KycGatedVaultNotGranted")
        .withArgs(user.address, KYC_DATA_ID);
    });
  });

  describe("withdraw", function () {
    it("sends part of the balance back and keeps the rest", async function () {
      const { vault, user } = await loadFixture(depositedFixture);
      const part = AMOUNT / 4n;
      const tx = vault.connect(user).withdraw(part);
      await expect(tx).to.emit(vault, "Withdrawn").withArgs(user.address, part);
      await expect(tx).to.changeEtherBalances(ethers, [user, vault], [part, -part]);
      expect(await vault.balanceOf(user)).to.equal(AMOUNT - part);
    });

    it("sends the whole balance back", async function () {
      const { vault, user } = await loadFixture(depositedFixture);
      await expect(vault.connect(user).withdraw(AMOUNT)).to.emit(vault, "Withdrawn").withArgs(user.address, AMOUNT);
      expect(await vault.balanceOf(user)).to.equal(0n);
      expect(await ethers.provider.getBalance(vault)).to.equal(0n);
    });

    it("lets a depositor whose grant has ended take out their funds", async function () {
      const { grants, vault, user, provider } = await loadFixture(depositedFixture);
      await grants.connect(user).revoke(provider, KYC_DATA_ID);
      await expect(vault.connect(user).withdraw(AMOUNT)).to.changeEtherBalances(
        ethers,
        [user, vault],
        [AMOUNT, -AMOUNT],
      );
    });

    it("keeps each depositor's balance apart", async function () {
      const { vault, user, stranger } = await loadFixture(depositedFixture);
      expect(await vault.balanceOf(stranger)).to.equal(0n);
      await expect(vault.connect(stranger).withdraw(1n))
        .to.be.revertedWithCustomError(vault, "KycGatedVaultInsufficientBalance")
        .withArgs(stranger.address, 0n, 1n);
      expect(await vault.balanceOf(user)).to.equal(AMOUNT);
    });

    it("reverts when the amount exceeds the balance", async function () {
      const { vault, user } = await loadFixture(depositedFixture);
      await expect(vault.connect(user).withdraw(AMOUNT + 1n))
        .to.be.revertedWithCustomError(vault, "KycGatedVaultInsufficientBalance")
        .withArgs(user.address, AMOUNT, AMOUNT + 1n);
    });

    it("reverts when the amount is zero", async function () {
      const { vault, user } = await loadFixture(depositedFixture);
      await expect(vault.connect(user).withdraw(0n)).to.be.revertedWithCustomError(vault, "KycGatedVaultZeroAmount");
    });

    it("reverts when the receiver rejects the ether, leaving the balance intact", async function () {
      const { vault, account } = await loadFixture(rejectingDepositorFixture);
      const accountAddress = await account.getAddress();
      expect(await vault.balanceOf(account)).to.equal(AMOUNT);

      await expect(account.execute(vault, 0, vault.interface.encodeFunctionData("withdraw", [AMOUNT])))
        .to.be.revertedWithCustomError(vault, "KycGatedVaultTransferFailed")
        .withArgs(accountAddress, AMOUNT);
      expect(await vault.balanceOf(account)).to.equal(AMOUNT);
      expect(await ethers.provider.getBalance(vault)).to.equal(AMOUNT);
    });
  });
});
