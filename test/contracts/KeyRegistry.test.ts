import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.getOrCreate();

/** A well-formed, non-zero x25519 public key (the contract stores any non-zero 32 bytes). */
const KEY_A = ethers.id("idem x25519 key A");
const KEY_B = ethers.id("idem x25519 key B");

async function deployKeyRegistryFixture() {
  const [alice, bob, admin] = await ethers.getSigners();
  if (alice === undefined || bob === undefined || admin === undefined) throw new Error("missing signers");
  const keyRegistry = await ethers.deployContract("KeyRegistry");
  return { keyRegistry, alice, bob, admin };
}

/** Alice has KEY_A registered. */
async function aliceHasKeyFixture() {
  const fixture = await deployKeyRegistryFixture();
  await fixture.keyRegistry.connect(fixture.alice).setEncryptionKey(KEY_A);
  return fixture;
}

describe("KeyRegistry", function () {
  describe("version", function () {
    it("is 1", async function () {
      const { keyRegistry } = await networkHelpers.loadFixture(deployKeyRegistryFixture);
      expect(await keyRegistry.version()).to.equal("1");
    });
  });

  describe("encryptionKeyOf", function () {
    it("returns zero for an account that never set a key", async function () {
      const { keyRegistry, alice } = await networkHelpers.loadFixture(deployKeyRegistryFixture);
      expect(await keyRegistry.encryptionKeyOf(alice.address)).to.equal(ethers.ZeroHash);
    });
  });

  describe("setEncryptionKey", function () {
    it("stores the caller's key and emits EncryptionKeySet", async function () {
      const { keyRegistry, alice } = await networkHelpers.loadFixture(deployKeyRegistryFixture);
      await expect(keyRegistry.connect(alice).setEncryptionKey(KEY_A))
        .to.emit(keyRegistry, "EncryptionKeySet")
        .withArgs(alice.address, KEY_A);
      expect(await keyRegistry.encryptionKeyOf(alice.address)).to.equal(KEY_A);
    });

    it("writes only the caller's own key", async function () {
      const { keyRegistry, alice, bob } = await networkHelpers.loadFixture(aliceHasKeyFixture);
      await keyRegistry.connect(bob).setEncryptionKey(KEY_B);
      expect(await keyRegistry.encryptionKeyOf(alice.address)).to.equal(KEY_A);
      expect(await keyRegistry.encryptionKeyOf(bob.address)).to.equal(KEY_B);
    });

    it("replaces an earlier key (rotation)", async function () {
      const { keyRegistry, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);
      await expect(keyRegistry.connect(alice).setEncryptionKey(KEY_B))
        .to.emit(keyRegistry, "EncryptionKeySet")
        .withArgs(alice.address, KEY_B);
      expect(await keyRegistry.encryptionKeyOf(alice.address)).to.equal(KEY_B);
    });

    it("accepts the key already registered and emits again", async function () {
      const { keyRegistry, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);
      await expect(keyRegistry.connect(alice).setEncryptionKey(KEY_A))
        .to.emit(keyRegistry, "EncryptionKeySet")
        .withArgs(alice.address, KEY_A);
      expect(await keyRegistry.encryptionKeyOf(alice.address)).to.equal(KEY_A);
    });

    it("lets a smart-contract account set its own key by calling from itself", async function () {
      const { keyRegistry, admin } = await networkHelpers.loadFixture(deployKeyRegistryFixture);
      const wallet = await ethers.deployContract("ERC1271WalletMock", [admin.address]);
      const walletAddress = await wallet.getAddress();
      const call = keyRegistry.interface.encodeFunctionData("setEncryptionKey", [KEY_B]);
      await expect(wallet.connect(admin).execute(await keyRegistry.getAddress(), call))
        .to.emit(keyRegistry, "EncryptionKeySet")
        .withArgs(walletAddress, KEY_B);
      expect(await keyRegistry.encryptionKeyOf(walletAddress)).to.equal(KEY_B);
      expect(await keyRegistry.encryptionKeyOf(admin.address)).to.equal(ethers.ZeroHash);
    });

    it("reverts when the key is zero", async function () {
      const { keyRegistry, alice } = await networkHelpers.loadFixture(deployKeyRegistryFixture);
      await expect(keyRegistry.connect(alice).setEncryptionKey(ethers.ZeroHash))
        .to.be.revertedWithCustomError(keyRegistry, "KeyRegistryZeroKey")
        .withArgs(alice.address);
    });

    it("reverts when the key is zero and leaves an existing key in place", async function () {
      const { keyRegistry, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);
      await expect(keyRegistry.connect(alice).setEncryptionKey(ethers.ZeroHash))
        .to.be.revertedWithCustomError(keyRegistry, "KeyRegistryZeroKey")
        .withArgs(alice.address);
      expect(await keyRegistry.encryptionKeyOf(alice.address)).to.equal(KEY_A);
    });

    it("returns the last key set, for any sequence of non-zero keys", async function () {
      const { keyRegistry, alice } = await networkHelpers.loadFixture(deployKeyRegistryFixture);
      const nonZeroKey = fc
        .uint8Array({ minLength: 32, maxLength: 32 })
        .filter((bytes) => bytes.some((b) => b !== 0))
        .map((bytes) => ethers.hexlify(bytes));
      await fc.assert(
        fc.asyncProperty(fc.array(nonZeroKey, { minLength: 1, maxLength: 4 }), async (keys) => {
          for (const key of keys) await keyRegistry.connect(alice).setEncryptionKey(key);
          expect(await keyRegistry.encryptionKeyOf(alice.address)).to.equal(keys[keys.length - 1]);
        }),
        { numRuns: 20 },
      );
    });
  });

  describe("clearEncryptionKey", function () {
    it("removes the caller's key and emits EncryptionKeyCleared", async function () {
      const { keyRegistry, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);
      await expect(keyRegistry.connect(alice).clearEncryptionKey())
        .to.emit(keyRegistry, "EncryptionKeyCleared")
        .withArgs(alice.address);
      expect(await keyRegistry.encryptionKeyOf(alice.address)).to.equal(ethers.ZeroHash);
    });

    it("leaves other accounts' keys in place", async function () {
      const { keyRegistry, alice, bob } = await networkHelpers.loadFixture(aliceHasKeyFixture);
      await keyRegistry.connect(bob).setEncryptionKey(KEY_B);
      await keyRegistry.connect(alice).clearEncryptionKey();
      expect(await keyRegistry.encryptionKeyOf(bob.address)).to.equal(KEY_B);
    });

    it("allows a new key after clearing", async function () {
      const { keyRegistry, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);
      await keyRegistry.connect(alice).clearEncryptionKey();
      await expect(keyRegistry.connect(alice).setEncryptionKey(KEY_B))
        .to.emit(keyRegistry, "EncryptionKeySet")
        .withArgs(alice.address, KEY_B);
      expect(await keyRegistry.encryptionKeyOf(alice.address)).to.equal(KEY_B);
    });

    it("reverts when the caller never set a key", async function () {
      const { keyRegistry, bob } = await networkHelpers.loadFixture(aliceHasKeyFixture);
      await expect(keyRegistry.connect(bob).clearEncryptionKey())
        .to.be.revertedWithCustomError(keyRegistry, "KeyRegistryNoKey")
        .withArgs(bob.address);
    });

    it("reverts when the caller's key was already cleared", async function () {
      const { keyRegistry, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);
      await keyRegistry.connect(alice).clearEncryptionKey();
      await expect(keyRegistry.connect(alice).clearEncryptionKey())
        .to.be.revertedWithCustomError(keyRegistry, "KeyRegistryNoKey")
        .withArgs(alice.address);
    });
  });
});
