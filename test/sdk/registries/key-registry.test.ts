import { expect } from "chai";
import { ZeroHash } from "ethers";
import { network } from "hardhat";

import { InvalidKeyError } from "../../../sdk/src/errors.ts";
import { ContractCallError } from "../../../sdk/src/grants/contract-errors.ts";
import { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";
import { clearEncryptionKey } from "../../../sdk/src/registries/clear-encryption-key.ts";
import {
  EncryptionKeyMismatchError,
  NoEncryptionKeyError,
  NoKeyToClearError,
  ZeroEncryptionKeyError,
  decodeRegistryError,
} from "../../../sdk/src/registries/errors.ts";
import { getEncryptionKey } from "../../../sdk/src/registries/get-encryption-key.ts";
import { assertRegisteredKey, requireRegisteredKey } from "../../../sdk/src/registries/require-registered-key.ts";
import { setEncryptionKey } from "../../../sdk/src/registries/set-encryption-key.ts";
import { caught } from "../grants/caught.ts";

const { ethers, networkHelpers } = await network.getOrCreate();

/** x25519 keys of two readers (fixed per run; the registry stores any non-zero 32 bytes). */
const KEY_A = EncryptionKeyPair.generate().publicKey;
const KEY_B = EncryptionKeyPair.generate().publicKey;
/** A non-zero point of small order (u = 1): the contract accepts it, but anyone could open a box sealed to it. */
const SMALL_ORDER_KEY = `0x01${"00".repeat(31)}`;

const hex = (bytes: Uint8Array) => ethers.hexlify(bytes);

async function keyRegistryFixture() {
  const [alice, bob] = await ethers.getSigners();
  if (alice === undefined || bob === undefined) throw new Error("missing signers");
  const keyRegistry = await ethers.deployContract("KeyRegistry");
  return { keyRegistry, alice, bob, asAlice: keyRegistry.connect(alice) };
}

/** Alice has KEY_A registered. */
async function aliceHasKeyFixture() {
  const fixture = await keyRegistryFixture();
  await fixture.keyRegistry.connect(fixture.alice).setEncryptionKey(hex(KEY_A));
  return fixture;
}

describe("SDK KeyRegistry: setEncryptionKey / clearEncryptionKey / getEncryptionKey", function () {
  it("setEncryptionKey registers the caller's key and returns account and key from EncryptionKeySet", async function () {
    const { keyRegistry, asAlice, alice } = await networkHelpers.loadFixture(keyRegistryFixture);

    const result = await setEncryptionKey({ keyRegistry: asAlice, publicKey: KEY_A });

    expect(result).to.deep.equal({ hash: result.hash, account: alice.address, publicKey: KEY_A });
    expect(await keyRegistry.encryptionKeyOf(alice.address)).to.equal(hex(KEY_A));
    expect(await getEncryptionKey({ keyRegistry, account: alice.address })).to.deep.equal(KEY_A);
  });

  it("setEncryptionKey takes 0x hex and replaces an earlier key (rotation)", async function () {
    const { keyRegistry, asAlice, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);

    const result = await setEncryptionKey({
      keyRegistry: asAlice,
      publicKey: hex(KEY_B).toUpperCase().replace("0X", "0x"),
    });

    expect(result.publicKey).to.deep.equal(KEY_B);
    expect(await getEncryptionKey({ keyRegistry, account: alice.address })).to.deep.equal(KEY_B);
  });

  for (const [label, publicKey] of [
    ["31 bytes", KEY_A.subarray(1)],
    ["malformed hex", "0x1234"],
    ["the zero key", ZeroHash],
    ["a point of small order", SMALL_ORDER_KEY],
  ] as const) {
    it(`setEncryptionKey throws InvalidKeyError before sending for ${label}`, async function () {
      const { keyRegistry, asAlice, alice } = await networkHelpers.loadFixture(keyRegistryFixture);
      const nonce = await ethers.provider.getTransactionCount(alice.address);

      await caught(setEncryptionKey({ keyRegistry: asAlice, publicKey }), InvalidKeyError);

      expect(await ethers.provider.getTransactionCount(alice.address)).to.equal(nonce);
      expect(await getEncryptionKey({ keyRegistry, account: alice.address })).to.equal(undefined);
    });
  }

  it("getEncryptionKey returns undefined for an account that never set a key", async function () {
    const { keyRegistry, bob } = await networkHelpers.loadFixture(keyRegistryFixture);

    expect(await getEncryptionKey({ keyRegistry, account: bob.address })).to.equal(undefined);
  });

  it("clearEncryptionKey removes the caller's key and returns the account from EncryptionKeyCleared", async function () {
    const { keyRegistry, asAlice, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);

    const result = await clearEncryptionKey({ keyRegistry: asAlice });

    expect(result).to.deep.equal({ hash: result.hash, account: alice.address });
    expect(await getEncryptionKey({ keyRegistry, account: alice.address })).to.equal(undefined);
  });

  it("clearEncryptionKey throws NoKeyToClearError with the account when it has no key", async function () {
    const { asAlice, alice } = await networkHelpers.loadFixture(keyRegistryFixture);

    const error = await caught(clearEncryptionKey({ keyRegistry: asAlice }), NoKeyToClearError);

    expect([error.account, error.errorName, error.args]).to.deep.equal([
      alice.address,
      "KeyRegistryNoKey",
      [alice.address],
    ]);
    expect(error.data).to.be.a("string");
  });

  it("decodeRegistryError maps a raw KeyRegistryZeroKey revert to ZeroEncryptionKeyError", async function () {
    const { asAlice, alice } = await networkHelpers.loadFixture(keyRegistryFixture);

    const error = await caught(
      asAlice.setEncryptionKey(ZeroHash).catch((raw: unknown) => {
        throw decodeRegistryError(raw, asAlice.interface);
      }),
      ZeroEncryptionKeyError,
    );

    expect(error.account).to.equal(alice.address);
    expect(error).to.be.instanceOf(ContractCallError);
  });

  it("decodeRegistryError returns a non-revert error unchanged", function () {
    const original = new Error("user rejected the request");

    expect(decodeRegistryError(original, ethers.Interface.from([]))).to.equal(original);
  });
});

describe("SDK KeyRegistry: requireRegisteredKey / assertRegisteredKey", function () {
  it("requireRegisteredKey returns the key registered to the account", async function () {
    const { keyRegistry, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);

    expect(await requireRegisteredKey({ keyRegistry, account: alice.address })).to.deep.equal(KEY_A);
  });

  it("requireRegisteredKey throws NoEncryptionKeyError with the account when it has none", async function () {
    const { keyRegistry, bob } = await networkHelpers.loadFixture(aliceHasKeyFixture);

    const error = await caught(requireRegisteredKey({ keyRegistry, account: bob.address }), NoEncryptionKeyError);

    expect(error.account).to.equal(bob.address);
  });

  it("requireRegisteredKey throws NoEncryptionKeyError once the account cleared its key", async function () {
    const { keyRegistry, asAlice, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);
    await clearEncryptionKey({ keyRegistry: asAlice });

    await caught(requireRegisteredKey({ keyRegistry, account: alice.address }), NoEncryptionKeyError);
  });

  it("requireRegisteredKey throws InvalidKeyError for a registered key of small order", async function () {
    const { keyRegistry, asAlice, alice } = await networkHelpers.loadFixture(keyRegistryFixture);
    await asAlice.setEncryptionKey(SMALL_ORDER_KEY);

    const error = await caught(requireRegisteredKey({ keyRegistry, account: alice.address }), InvalidKeyError);

    expect(error.shortMessage).to.equal("Invalid registered encryption key.");
  });

  it("assertRegisteredKey returns the key when the offered key (bytes or hex) is the registered one", async function () {
    const { keyRegistry, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);

    expect(await assertRegisteredKey({ keyRegistry, account: alice.address, publicKey: KEY_A })).to.deep.equal(KEY_A);
    expect(await assertRegisteredKey({ keyRegistry, account: alice.address, publicKey: hex(KEY_A) })).to.deep.equal(
      KEY_A,
    );
  });

  it("assertRegisteredKey throws EncryptionKeyMismatchError when a front-end offers another key", async function () {
    const { keyRegistry, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);

    const error = await caught(
      assertRegisteredKey({ keyRegistry, account: alice.address, publicKey: KEY_B }),
      EncryptionKeyMismatchError,
    );

    expect([error.account, error.registered, error.offered]).to.deep.equal([alice.address, hex(KEY_A), hex(KEY_B)]);
  });

  it("assertRegisteredKey throws NoEncryptionKeyError when the account has no key", async function () {
    const { keyRegistry, bob } = await networkHelpers.loadFixture(aliceHasKeyFixture);

    const error = await caught(
      assertRegisteredKey({ keyRegistry, account: bob.address, publicKey: KEY_A }),
      NoEncryptionKeyError,
    );

    expect(error.account).to.equal(bob.address);
  });

  it("assertRegisteredKey throws InvalidKeyError for a malformed offered key", async function () {
    const { keyRegistry, alice } = await networkHelpers.loadFixture(aliceHasKeyFixture);

    const error = await caught(
      assertRegisteredKey({ keyRegistry, account: alice.address, publicKey: "0xnot-a-key" }),
      InvalidKeyError,
    );

    expect(error.shortMessage).to.equal("Invalid offered encryption key.");
  });
});
