import { expect } from "chai";
import nacl from "tweetnacl";
import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import { encodeEnvelope } from "../../../sdk/src/crypto/encode.ts";
import { MAX_OWNER_SLOTS, MAX_PAYLOAD_BYTES, READER_SLOT_BYTES } from "../../../sdk/src/crypto/envelope.ts";
import { open } from "../../../sdk/src/crypto/open.ts";
import { seal } from "../../../sdk/src/crypto/seal.ts";
import { DecryptionFailedError, InvalidEnvelopeError, InvalidKeyError } from "../../../sdk/src/errors.ts";
import type { KeyOrigin } from "../../../sdk/src/keys/key-origin.ts";
import { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";

const RECOVERY: KeyOrigin = { kind: "recovery-phrase" };
const PASSWORD: KeyOrigin = { kind: "password", salt: new Uint8Array(16).fill(1), logN: 17, r: 8, p: 1 };
const WALLET: KeyOrigin = {
  kind: "wallet",
  chainId: 31337n,
  verifyingContract: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
  keyVersion: 1,
};

/** An owner key with an origin, without paying for a real derivation (the origin is public metadata). */
function ownerKey(origin: KeyOrigin = RECOVERY): EncryptionKeyPair {
  return EncryptionKeyPair.fromSecretKey({ secretKey: nacl.randomBytes(32), origin });
}

const text = (value: string) => new TextEncoder().encode(value);
const dataId = nacl.randomBytes(32);

describe("seal and open", function () {
  describe("round trips", function () {
    it("opens with the owner key and returns the payload", function () {
      const owner = ownerKey();
      const envelope = seal({ payload: text("credential"), chainId: 1n, dataId, owners: [owner] });
      expect(new TextDecoder().decode(open({ envelope, keyPair: owner, chainId: 1n, dataId }))).to.equal("credential");
    });

    it("opens from the encoded bytes", function () {
      const owner = ownerKey();
      const bytes = encodeEnvelope({ envelope: seal({ payload: text("x"), chainId: 5n, dataId, owners: [owner] }) });
      expect(open({ envelope: bytes, keyPair: owner })).to.deep.equal(text("x"));
    });

    it("opens with each of several owner slots and each reader", function () {
      const owners = [ownerKey(PASSWORD), ownerKey(WALLET), ownerKey(RECOVERY)];
      const readers = [EncryptionKeyPair.generate(), EncryptionKeyPair.generate()];
      const envelope = seal({
        payload: text("shared"),
        chainId: 31337n,
        dataId,
        owners,
        readers: readers.map((reader) => reader.publicKey),
      });
      expect(envelope.ownerSlots.map((slot) => slot.origin.kind)).to.deep.equal([
        "password",
        "wallet",
        "recovery-phrase",
      ]);
      for (const keyPair of [...owners, ...readers]) expect(open({ envelope, keyPair })).to.deep.equal(text("shared"));
    });

    it("seals an empty payload", function () {
      const owner = ownerKey();
      const envelope = seal({ payload: new Uint8Array(0), chainId: 1n, dataId, owners: [owner] });
      expect(envelope.ciphertext.length).to.equal(16);
      expect(open({ envelope, keyPair: owner })).to.deep.equal(new Uint8Array(0));
    });

    it("costs 128 bytes per reader", function () {
      const owner = ownerKey();
      const readers = [EncryptionKeyPair.generate().publicKey, EncryptionKeyPair.generate().publicKey];
      const without = encodeEnvelope({ envelope: seal({ payload: text("p"), chainId: 1n, dataId, owners: [owner] }) });
      const withTwo = encodeEnvelope({
        envelope: seal({ payload: text("p"), chainId: 1n, dataId, owners: [owner], readers }),
      });
      expect(withTwo.length - without.length).to.equal(2 * READER_SLOT_BYTES);
    });
  });

  describe("freshness", function () {
    it("uses a fresh data key, nonce and ephemeral keys every time", function () {
      const owner = ownerKey();
      const reader = EncryptionKeyPair.generate().publicKey;
      const a = seal({ payload: text("same"), chainId: 1n, dataId, owners: [owner], readers: [reader] });
      const b = seal({ payload: text("same"), chainId: 1n, dataId, owners: [owner], readers: [reader] });
      expect(a.nonce).to.not.deep.equal(b.nonce);
      expect(a.ciphertext).to.not.deep.equal(b.ciphertext);
      expect(a.ownerSlots[0]!.ephemeralPublicKey).to.not.deep.equal(b.ownerSlots[0]!.ephemeralPublicKey);
      expect(a.readerSlots[0]!.ephemeralPublicKey).to.not.deep.equal(b.readerSlots[0]!.ephemeralPublicKey);
      expect(a.ownerSlots[0]!.ephemeralPublicKey).to.not.deep.equal(a.readerSlots[0]!.ephemeralPublicKey);
    });

    it("does not keep references to the caller's dataId", function () {
      const owner = ownerKey();
      const id = nacl.randomBytes(32);
      const envelope = seal({ payload: text("p"), chainId: 1n, dataId: id, owners: [owner] });
      id.fill(0);
      expect(envelope.header.dataId).to.not.deep.equal(id);
      expect(open({ envelope, keyPair: owner })).to.deep.equal(text("p"));
    });
  });

  describe("opening fails with DecryptionFailedError", function () {
    const owner = ownerKey();
    const envelope = seal({ payload: text("secret"), chainId: 1n, dataId, owners: [owner] });

    it("for a key without a slot", function () {
      expect(() => open({ envelope, keyPair: EncryptionKeyPair.generate() })).to.throw(DecryptionFailedError);
    });

    it("for an expected dataId or chain the envelope does not carry", function () {
      expect(() => open({ envelope, keyPair: owner, dataId: nacl.randomBytes(32) })).to.throw(DecryptionFailedError);
      expect(() => open({ envelope, keyPair: owner, chainId: 2n })).to.throw(DecryptionFailedError);
    });

    it("for a slot relabelled with another key", function () {
      const impostor = EncryptionKeyPair.generate();
      const relabelled = { ...envelope, ownerSlots: [{ ...envelope.ownerSlots[0]!, publicKey: impostor.publicKey }] };
      expect(() => open({ envelope: relabelled, keyPair: impostor })).to.throw(DecryptionFailedError);
    });
  });

  describe("rejects bad input", function () {
    const owner = ownerKey();

    it("an owner key without an origin", function () {
      expect(() => seal({ payload: text("p"), chainId: 1n, dataId, owners: [EncryptionKeyPair.generate()] })).to.throw(
        InvalidKeyError,
        /origin/,
      );
    });

    it("no owner, or more than 16", function () {
      expect(() => seal({ payload: text("p"), chainId: 1n, dataId, owners: [] })).to.throw(InvalidEnvelopeError);
      const many = Array.from({ length: MAX_OWNER_SLOTS + 1 }, () => ownerKey());
      expect(() => seal({ payload: text("p"), chainId: 1n, dataId, owners: many })).to.throw(InvalidEnvelopeError);
    });

    it("a payload over 16 MiB", function () {
      const payload = new Uint8Array(MAX_PAYLOAD_BYTES + 1);
      expect(() => seal({ payload, chainId: 1n, dataId, owners: [owner] })).to.throw(InvalidEnvelopeError);
    });

    it("a dataId that is not 32 bytes, a chainId out of range", function () {
      expect(() => seal({ payload: text("p"), chainId: 1n, dataId: new Uint8Array(31), owners: [owner] })).to.throw(
        InvalidEnvelopeError,
      );
      for (const chainId of [0n, -1n, 2n ** 64n]) {
        expect(() => seal({ payload: text("p"), chainId, dataId, owners: [owner] })).to.throw(InvalidEnvelopeError);
      }
    });

    it("a reader key of small order, or of the wrong length", function () {
      for (const readerKey of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31)), new Uint8Array(31)]) {
        expect(() => seal({ payload: text("p"), chainId: 1n, dataId, owners: [owner], readers: [readerKey] })).to.throw(
          InvalidKeyError,
        );
      }
    });

    it("the same key twice", function () {
      const reader = EncryptionKeyPair.generate().publicKey;
      expect(() =>
        seal({ payload: text("p"), chainId: 1n, dataId, owners: [owner], readers: [reader, reader] }),
      ).to.throw(InvalidEnvelopeError);
      expect(() =>
        seal({ payload: text("p"), chainId: 1n, dataId, owners: [owner], readers: [owner.publicKey] }),
      ).to.throw(InvalidEnvelopeError);
    });

    it("an envelope object out of shape, before using any key", function () {
      const envelope = seal({ payload: text("p"), chainId: 1n, dataId, owners: [owner] });
      const broken = { ...envelope, nonce: new Uint8Array(23) };
      expect(() => open({ envelope: broken, keyPair: owner })).to.throw(InvalidEnvelopeError);
    });

    it("something that is not an EncryptionKeyPair", function () {
      const envelope = seal({ payload: text("p"), chainId: 1n, dataId, owners: [owner] });
      const lookalike = { publicKey: owner.publicKey } as unknown as EncryptionKeyPair;
      expect(() => open({ envelope, keyPair: lookalike })).to.throw(InvalidKeyError, /Invalid key pair/);
    });

    it("a destroyed key pair", function () {
      const doomed = ownerKey();
      const envelope = seal({ payload: text("p"), chainId: 1n, dataId, owners: [doomed] });
      doomed.destroy();
      expect(() => open({ envelope, keyPair: doomed })).to.throw(InvalidKeyError, /destroyed/);
    });
  });

  it("round-trips the decoded object through encode and decode", function () {
    const envelope = seal({
      payload: text("p"),
      chainId: 10n,
      dataId,
      owners: [ownerKey(PASSWORD), ownerKey(WALLET)],
      readers: [EncryptionKeyPair.generate().publicKey],
    });
    expect(decodeEnvelope({ bytes: encodeEnvelope({ envelope }) })).to.deep.equal(envelope);
  });
});
