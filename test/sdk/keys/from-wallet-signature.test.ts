import { hkdfSync } from "node:crypto";
import { expect } from "chai";
import { Signature, TypedDataEncoder, Wallet, getBytes, type TypedDataDomain, type TypedDataField } from "ethers";
import nacl from "tweetnacl";
import { InvalidKeyError, UnsupportedSignerError } from "../../../sdk/src/errors.ts";
import {
  ENCRYPTION_KEY_DOMAIN_NAME,
  ENCRYPTION_KEY_PURPOSE,
  encryptionKeyTypedData,
} from "../../../sdk/src/keys/encryption-key-typed-data.ts";
import { keyPairFromWalletSignature, type TypedDataSigner } from "../../../sdk/src/keys/from-wallet-signature.ts";

/**
 * Hardhat's well-known test account #0 (its private key is public, from Hardhat's default mnemonic — never use it for anything
 * real): 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266.
 */
const HARDHAT_ACCOUNT_0 = new Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
/** Where account #0's first deployment lands on a fresh Hardhat chain (used here as the KeyRegistry address). */
const KEY_REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const CHAIN_ID = 31337n;

/** Pinned: the EIP-712 digest of the message and the derived key. Any change to either fails here. */
const PINNED_DIGEST = "0xa53465d1c2047a994d18f928d0faebcf2e96d9e1d96081667c627febaef02a25";
const PINNED_PUBLIC_KEY = "c9d05edc85ee7c2c0a19d95f873790ce87c856262f99979cf78944221b799d50";

const hex = (value: Uint8Array) => Buffer.from(value).toString("hex");
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A signer that answers `signTypedData` with whatever `sign` returns, as a buggy or smart wallet might. */
function signerReturning(
  sign: (
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ) => Promise<string>,
  address = HARDHAT_ACCOUNT_0.address,
): TypedDataSigner {
  return { getAddress: async () => address, signTypedData: sign };
}

const derive = (overrides: Partial<Parameters<typeof keyPairFromWalletSignature>[0]> = {}) =>
  keyPairFromWalletSignature({
    signer: HARDHAT_ACCOUNT_0,
    chainId: CHAIN_ID,
    verifyingContract: KEY_REGISTRY,
    ...overrides,
  });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail("derived a key"),
    (error: unknown) => error as Error,
  );
}

describe("keyPairFromWalletSignature", function () {
  it("signs IdemEncryptionKey{purpose, keyVersion} in the Idem Encryption Key domain (pinned digest)", function () {
    const { domain, types, message, primaryType } = encryptionKeyTypedData({
      chainId: CHAIN_ID,
      verifyingContract: KEY_REGISTRY,
    });
    expect(domain).to.deep.equal({
      name: ENCRYPTION_KEY_DOMAIN_NAME,
      version: "1",
      chainId: CHAIN_ID,
      verifyingContract: KEY_REGISTRY,
    });
    expect(primaryType).to.equal("IdemEncryptionKey");
    expect(message).to.deep.equal({ purpose: ENCRYPTION_KEY_PURPOSE, keyVersion: 1 });
    expect(TypedDataEncoder.from(types).encodeType("IdemEncryptionKey")).to.equal(
      "IdemEncryptionKey(string purpose,uint32 keyVersion)",
    );
    expect(TypedDataEncoder.hash(domain, types, message)).to.equal(PINNED_DIGEST);
  });

  it("gives the pinned key for Hardhat's test account #0", async function () {
    expect(hex((await derive()).publicKey)).to.equal(PINNED_PUBLIC_KEY);
  });

  it("is HKDF-SHA256(r ‖ s, info = label ‖ chainId ‖ contract ‖ keyVersion ‖ address), checked with node:crypto", async function () {
    const { domain, types, message } = encryptionKeyTypedData({ chainId: CHAIN_ID, verifyingContract: KEY_REGISTRY });
    const signature = Signature.from(await HARDHAT_ACCOUNT_0.signTypedData(domain, types, message));
    const info = Buffer.concat([
      Buffer.from("idem/x25519/wallet/v1"),
      Buffer.from("0000000000007a69", "hex"),
      getBytes(KEY_REGISTRY),
      Buffer.from("00000001", "hex"),
      getBytes(HARDHAT_ACCOUNT_0.address),
    ]);
    const ikm = Buffer.concat([getBytes(signature.r), getBytes(signature.s)]);
    const secretKey = new Uint8Array(hkdfSync("sha256", ikm, new Uint8Array(0), info, 32));
    expect(hex(nacl.scalarMult.base(secretKey))).to.equal(PINNED_PUBLIC_KEY);
  });

  it("is deterministic and records its origin", async function () {
    const again = await derive({ verifyingContract: KEY_REGISTRY.toLowerCase() });
    expect(hex(again.publicKey)).to.equal(PINNED_PUBLIC_KEY);
    expect(again.origin).to.deep.equal({
      kind: "wallet",
      chainId: CHAIN_ID,
      verifyingContract: KEY_REGISTRY.toLowerCase(),
      keyVersion: 1,
    });
  });

  it("gives unrelated keys for another chain, another KeyRegistry, another key version, another wallet", async function () {
    const keys = await Promise.all([
      derive({ chainId: 1n }),
      derive({ verifyingContract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" }),
      derive({ keyVersion: 2 }),
      derive({ signer: new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d") }),
    ]);
    const all = new Set([PINNED_PUBLIC_KEY, ...keys.map((key) => hex(key.publicKey))]);
    expect(all.size).to.equal(5);
  });

  it("accepts the expected public key and rejects a different one", async function () {
    const expected = Buffer.from(PINNED_PUBLIC_KEY, "hex");
    expect(hex((await derive({ expectedPublicKey: expected })).publicKey)).to.equal(PINNED_PUBLIC_KEY);
    const error = await rejection(derive({ expectedPublicKey: new Uint8Array(32).fill(1) }));
    expect(error).to.be.instanceOf(InvalidKeyError);
    expect(error.message).to.match(/deterministic/);
  });

  describe("rejects wallets that cannot derive a stable key (EOA only)", function () {
    it("an ERC-1271 smart account, whose signature does not recover to its address", async function () {
      const owner = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
      const smartAccount = signerReturning(
        (domain, types, value) => owner.signTypedData(domain, types, value),
        "0x0000000000000000000000000000000000001271",
      );
      const error = await rejection(derive({ signer: smartAccount }));
      expect(error).to.be.instanceOf(UnsupportedSignerError);
      expect(error.message).to.match(/ERC-1271/);
    });

    it("a signature that is not 65 bytes (ERC-1271 / ERC-6492 blobs)", async function () {
      for (const signature of [
        "0x",
        `0x${"11".repeat(64)}`,
        `0x${"11".repeat(66)}`,
        `0x${"ab".repeat(200)}`,
        "not hex",
      ]) {
        const error = await rejection(derive({ signer: signerReturning(async () => signature) }));
        expect(error).to.be.instanceOf(UnsupportedSignerError);
      }
    });

    it("a non-canonical (high-s) signature", async function () {
      const highS = signerReturning(async (domain, types, value) => {
        const signature = Signature.from(await HARDHAT_ACCOUNT_0.signTypedData(domain, types, value));
        const s = (SECP256K1_N - BigInt(signature.s)).toString(16).padStart(64, "0");
        const v = signature.v === 27 ? "1c" : "1b";
        return `${signature.r}${s}${v}`;
      });
      const error = await rejection(derive({ signer: highS }));
      expect(error).to.be.instanceOf(UnsupportedSignerError);
      expect(error.message).to.match(/canonical/);
    });
  });

  it("never puts the signature into an error", async function () {
    let seen = "";
    const leaky = signerReturning(async (domain, types, value) => {
      const signature = Signature.from(await HARDHAT_ACCOUNT_0.signTypedData(domain, types, value));
      const s = (SECP256K1_N - BigInt(signature.s)).toString(16).padStart(64, "0");
      seen = `${signature.r.slice(2)}${s}`;
      return `${signature.r}${s}${signature.v === 27 ? "1c" : "1b"}`;
    });
    const error = await rejection(derive({ signer: leaky }));
    const everything = `${error.message} ${error.stack} ${String(error.cause)} ${JSON.stringify(error)}`.toLowerCase();
    expect(everything).to.not.include(seen.slice(0, 64));
    expect(everything).to.not.include(seen.slice(64, 128));
    expect(error.cause).to.equal(undefined);
  });

  it("rejects a bad chain id, contract address or key version before asking the wallet", async function () {
    let asked = false;
    const signer = signerReturning(async () => {
      asked = true;
      return "0x";
    });
    for (const overrides of [
      { chainId: 0n },
      { chainId: 2n ** 64n },
      { verifyingContract: "0x1234" },
      { verifyingContract: "5FbDB2315678afecb367f032d93F642f64180aa3" },
      { keyVersion: -1 },
      { keyVersion: 2 ** 32 },
      { expectedPublicKey: new Uint8Array(31) },
    ]) {
      expect(await rejection(derive({ signer, ...overrides }))).to.be.instanceOf(InvalidKeyError);
    }
    expect(asked).to.equal(false);
  });
});
