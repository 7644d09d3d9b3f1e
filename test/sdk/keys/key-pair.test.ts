import util from "node:util";
import { expect } from "chai";
import nacl from "tweetnacl";
import { open } from "../../../sdk/src/crypto/open.ts";
import { seal } from "../../../sdk/src/crypto/seal.ts";
import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import { DecryptionFailedError, IdemError, InvalidKeyError } from "../../../sdk/src/errors.ts";
import type { KeyOrigin } from "../../../sdk/src/keys/key-origin.ts";
import { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";

/** Every way the secret could show up in text: hex (both cases, with and without 0x), base64, base64url, decimals. */
function encodingsOf(secret: Uint8Array): string[] {
  const buffer = Buffer.from(secret);
  return [
    buffer.toString("hex"),
    buffer.toString("hex").toUpperCase(),
    buffer.toString("base64"),
    buffer.toString("base64url"),
    Array.from(secret).join(","),
    Array.from(secret).join(", "),
    // A run of the secret's decimal bytes as util.inspect prints a Uint8Array.
    Array.from(secret.subarray(0, 8)).join(", "),
  ];
}

function expectNoSecret(text: string, secret: Uint8Array) {
  for (const encoding of encodingsOf(secret)) expect(text, "the secret key leaked").to.not.include(encoding);
}

const WALLET_ORIGIN: KeyOrigin = {
  kind: "wallet",
  chainId: 31337n,
  verifyingContract: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
  keyVersion: 1,
};

describe("EncryptionKeyPair", function () {
  const secretKey = nacl.randomBytes(32);
  const keyPair = EncryptionKeyPair.fromSecretKey({ secretKey, origin: WALLET_ORIGIN });
  const publicHex = Buffer.from(nacl.scalarMult.base(secretKey)).toString("hex");

  it("exposes the x25519 public key of its secret key", function () {
    expect(Buffer.from(keyPair.publicKey).toString("hex")).to.equal(publicHex);
    expect(nacl.box.keyPair.fromSecretKey(secretKey).publicKey).to.deep.equal(keyPair.publicKey);
  });

  describe("never shows the secret key", function () {
    it("in String() and template literals", function () {
      expect(String(keyPair)).to.equal(`EncryptionKeyPair(publicKey=0x${publicHex}, origin=wallet)`);
      expectNoSecret(`${keyPair}`, secretKey);
    });

    it("in JSON.stringify (public key and JSON-safe origin only)", function () {
      const json = JSON.stringify(keyPair);
      expect(JSON.parse(json)).to.deep.equal({
        publicKey: `0x${publicHex}`,
        origin: {
          kind: "wallet",
          chainId: "31337",
          verifyingContract: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
          keyVersion: 1,
        },
      });
      expectNoSecret(json, secretKey);
    });

    it("in util.inspect and console.log formatting, even with hidden properties and no custom inspect", function () {
      expect(util.inspect(keyPair)).to.equal(String(keyPair));
      expectNoSecret(util.inspect(keyPair), secretKey);
      expectNoSecret(util.inspect(keyPair, { showHidden: true, depth: Infinity, customInspect: false }), secretKey);
      expectNoSecret(util.format("%o %O %s %j", keyPair, keyPair, keyPair, keyPair), secretKey);
      expectNoSecret(util.inspect({ nested: [keyPair] }, { depth: Infinity }), secretKey);
    });

    it("in its own properties, spread copies or structured clones", function () {
      const props = [...Object.getOwnPropertyNames(keyPair), ...Object.getOwnPropertySymbols(keyPair).map(String)];
      expect(props).to.deep.equal(["origin"]);
      expectNoSecret(util.inspect({ ...keyPair }, { depth: Infinity }), secretKey);
      expectNoSecret(util.inspect(structuredClone(keyPair), { depth: Infinity, showHidden: true }), secretKey);
    });

    it("in the errors the SDK throws while using it", function () {
      const envelope = seal({
        payload: new TextEncoder().encode("p"),
        chainId: 1n,
        dataId: new Uint8Array(32),
        owners: [
          EncryptionKeyPair.fromSecretKey({ secretKey: nacl.randomBytes(32), origin: { kind: "recovery-phrase" } }),
        ],
        readers: [keyPair.publicKey],
      });
      const tag = envelope.readerSlots[0]!.tag.slice();
      tag[0]! ^= 1;
      const failures = [
        () => open({ envelope: { ...envelope, readerSlots: [{ ...envelope.readerSlots[0]!, tag }] }, keyPair }),
        () => open({ envelope: { ...envelope, readerSlots: [] }, keyPair }),
        () => open({ envelope: new Uint8Array(10), keyPair }),
        () => decodeEnvelope({ bytes: secretKey }),
        () => EncryptionKeyPair.fromSecretKey({ secretKey: secretKey.subarray(1) }),
      ];
      for (const failure of failures) {
        let caught: unknown;
        try {
          failure();
        } catch (error) {
          caught = error;
        }
        expect(caught).to.be.instanceOf(IdemError);
        const error = caught as IdemError;
        expectNoSecret(`${error.message}\n${error.stack}\n${util.inspect(error, { depth: Infinity })}`, secretKey);
      }
    });
  });

  it("returns a copy of the public key", function () {
    const copy = keyPair.publicKey;
    copy.fill(0);
    expect(Buffer.from(keyPair.publicKey).toString("hex")).to.equal(publicHex);
  });

  it("copies the secret key it is given", function () {
    const secret = nacl.randomBytes(32);
    const copy = EncryptionKeyPair.fromSecretKey({ secretKey: secret, origin: { kind: "recovery-phrase" } });
    const envelope = seal({ payload: Uint8Array.of(1), chainId: 1n, dataId: new Uint8Array(32), owners: [copy] });
    secret.fill(0);
    expect(open({ envelope, keyPair: copy })).to.deep.equal(Uint8Array.of(1));
  });

  it("keeps a frozen copy of the origin", function () {
    const salt = new Uint8Array(16).fill(5);
    const derived = EncryptionKeyPair.fromSecretKey({
      secretKey: nacl.randomBytes(32),
      origin: { kind: "password", salt, logN: 17, r: 8, p: 1 },
    });
    salt.fill(0);
    expect(derived.origin).to.deep.equal({ kind: "password", salt: new Uint8Array(16).fill(5), logN: 17, r: 8, p: 1 });
    expect(Object.isFrozen(derived.origin)).to.equal(true);
  });

  it("rejects a secret key that is not 32 bytes, and an invalid origin", function () {
    for (const bad of [new Uint8Array(31), new Uint8Array(33), "00".repeat(32)]) {
      expect(() => EncryptionKeyPair.fromSecretKey({ secretKey: bad as Uint8Array })).to.throw(InvalidKeyError);
    }
    expect(() =>
      EncryptionKeyPair.fromSecretKey({
        secretKey: nacl.randomBytes(32),
        origin: { kind: "password", salt: new Uint8Array(4), logN: 17, r: 8, p: 1 },
      }),
    ).to.throw(InvalidKeyError);
  });

  it("generate() makes distinct keys without an origin", function () {
    const a = EncryptionKeyPair.generate();
    const b = EncryptionKeyPair.generate();
    expect(a.publicKey).to.not.deep.equal(b.publicKey);
    expect(a.origin).to.equal(undefined);
    expect(String(a)).to.match(/^EncryptionKeyPair\(publicKey=0x[0-9a-f]{64}\)$/);
  });

  it("destroy() wipes the secret: the key no longer opens anything", function () {
    const doomed = EncryptionKeyPair.fromSecretKey({
      secretKey: nacl.randomBytes(32),
      origin: { kind: "recovery-phrase" },
    });
    const envelope = seal({ payload: Uint8Array.of(1), chainId: 1n, dataId: new Uint8Array(32), owners: [doomed] });
    expect(doomed.destroyed).to.equal(false);
    doomed.destroy();
    expect(doomed.destroyed).to.equal(true);
    expect(() => open({ envelope, keyPair: doomed })).to.throw(InvalidKeyError, /destroyed/);
    expect(() => open({ envelope, keyPair: doomed })).to.not.throw(DecryptionFailedError);
  });
});
