import { expect } from "chai";
import nacl from "tweetnacl";
import { addOwnerSlot } from "../../../sdk/src/crypto/add-owner-slot.ts";
import { addReader } from "../../../sdk/src/crypto/add-reader.ts";
import { decodeReaderSlot } from "../../../sdk/src/crypto/decode.ts";
import { encodeEnvelope, encodeReaderSlot } from "../../../sdk/src/crypto/encode.ts";
import { MAX_OWNER_SLOTS, READER_SLOT_BYTES, type Envelope } from "../../../sdk/src/crypto/envelope.ts";
import { open } from "../../../sdk/src/crypto/open.ts";
import { removeOwnerSlot } from "../../../sdk/src/crypto/remove-owner-slot.ts";
import { removeReader } from "../../../sdk/src/crypto/remove-reader.ts";
import { seal } from "../../../sdk/src/crypto/seal.ts";
import {
  DecryptionFailedError,
  InvalidEnvelopeError,
  InvalidKeyError,
  LastOwnerSlotError,
} from "../../../sdk/src/errors.ts";
import type { KeyOrigin } from "../../../sdk/src/keys/key-origin.ts";
import { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";

const RECOVERY: KeyOrigin = { kind: "recovery-phrase" };
const PASSWORD: KeyOrigin = { kind: "password", salt: new Uint8Array(32).fill(9), logN: 17, r: 8, p: 1 };

function ownerKey(origin: KeyOrigin = RECOVERY): EncryptionKeyPair {
  return EncryptionKeyPair.fromSecretKey({ secretKey: nacl.randomBytes(32), origin });
}

const PAYLOAD = new TextEncoder().encode('{"type":"KycCredential"}');
const dataId = nacl.randomBytes(32);

function fixture() {
  const owner = ownerKey();
  const reader = EncryptionKeyPair.generate();
  const envelope = seal({ payload: PAYLOAD, chainId: 1n, dataId, owners: [owner], readers: [reader.publicKey] });
  return { owner, reader, envelope };
}

const opens = (envelope: Envelope, keyPair: EncryptionKeyPair) => {
  try {
    return open({ envelope, keyPair }).length === PAYLOAD.length;
  } catch (error) {
    if (error instanceof DecryptionFailedError) return false;
    throw error;
  }
};

describe("reader and owner slots", function () {
  describe("addReader", function () {
    it("lets the new reader open, without touching the payload or the other slots", function () {
      const { owner, reader, envelope } = fixture();
      const grantee = EncryptionKeyPair.generate();
      const granted = addReader({ envelope, keyPair: owner, readerPublicKey: grantee.publicKey });
      expect(opens(granted, grantee)).to.equal(true);
      expect(opens(granted, reader)).to.equal(true);
      expect(opens(granted, owner)).to.equal(true);
      expect(granted.ciphertext).to.deep.equal(envelope.ciphertext);
      expect(granted.nonce).to.deep.equal(envelope.nonce);
      expect(granted.ownerSlots).to.deep.equal(envelope.ownerSlots);
      expect(granted.readerSlots.slice(0, -1)).to.deep.equal(envelope.readerSlots);
      expect(opens(envelope, grantee)).to.equal(false);
    });

    it("adds 128 bytes, which round-trip alone as a reader slot", function () {
      const { owner, envelope } = fixture();
      const grantee = EncryptionKeyPair.generate();
      const granted = addReader({ envelope, keyPair: owner, readerPublicKey: grantee.publicKey });
      const growth = encodeEnvelope({ envelope: granted }).length - encodeEnvelope({ envelope }).length;
      expect(growth).to.equal(READER_SLOT_BYTES);
      const slotBytes = encodeReaderSlot({ slot: granted.readerSlots.at(-1)! });
      expect(slotBytes.length).to.equal(READER_SLOT_BYTES);
      expect(decodeReaderSlot({ bytes: slotBytes })).to.deep.equal(granted.readerSlots.at(-1));
      expect(() => decodeReaderSlot({ bytes: slotBytes.subarray(1) })).to.throw(InvalidEnvelopeError);
      expect(() => decodeReaderSlot({ bytes: new Uint8Array(129) })).to.throw(InvalidEnvelopeError, /trailing/);
    });

    it("wraps with a fresh ephemeral key each time", function () {
      const { owner, envelope } = fixture();
      const grantee = EncryptionKeyPair.generate();
      const first = addReader({ envelope, keyPair: owner, readerPublicKey: grantee.publicKey });
      const second = addReader({ envelope, keyPair: owner, readerPublicKey: grantee.publicKey });
      expect(first.readerSlots.at(-1)!.ephemeralPublicKey).to.not.deep.equal(
        second.readerSlots.at(-1)!.ephemeralPublicKey,
      );
      expect(first.readerSlots.at(-1)!.wrappedKey).to.not.deep.equal(second.readerSlots.at(-1)!.wrappedKey);
    });

    it("returns the envelope unchanged for a key that already has a slot", function () {
      const { owner, reader, envelope } = fixture();
      expect(addReader({ envelope, keyPair: owner, readerPublicKey: reader.publicKey })).to.equal(envelope);
      expect(addReader({ envelope, keyPair: owner, readerPublicKey: owner.publicKey })).to.equal(envelope);
    });

    it("accepts the envelope as bytes", function () {
      const { owner, envelope } = fixture();
      const grantee = EncryptionKeyPair.generate();
      const granted = addReader({
        envelope: encodeEnvelope({ envelope }),
        keyPair: owner,
        readerPublicKey: grantee.publicKey,
      });
      expect(opens(granted, grantee)).to.equal(true);
    });

    it("fails with DecryptionFailedError for a reader's key or a stranger's: only owners add readers", function () {
      const { reader, envelope } = fixture();
      const grantee = EncryptionKeyPair.generate().publicKey;
      expect(() => addReader({ envelope, keyPair: reader, readerPublicKey: grantee })).to.throw(DecryptionFailedError);
      expect(() => addReader({ envelope, keyPair: EncryptionKeyPair.generate(), readerPublicKey: grantee })).to.throw(
        DecryptionFailedError,
      );
    });

    it("rejects a small-order reader key", function () {
      const { owner, envelope } = fixture();
      expect(() => addReader({ envelope, keyPair: owner, readerPublicKey: new Uint8Array(32) })).to.throw(
        InvalidKeyError,
      );
    });

    it("fails if any slot was tampered with, rather than adding to a corrupt envelope", function () {
      const { owner, envelope } = fixture();
      const slot = envelope.readerSlots[0]!;
      const tag = slot.tag.slice();
      tag[0]! ^= 1;
      const tampered = { ...envelope, readerSlots: [{ ...slot, tag }] };
      const grantee = EncryptionKeyPair.generate().publicKey;
      expect(() => addReader({ envelope: tampered, keyPair: owner, readerPublicKey: grantee })).to.throw(
        DecryptionFailedError,
      );
    });
  });

  describe("removeReader", function () {
    it("drops the reader's slot; the reader can no longer open, everyone else still can", function () {
      const { owner, reader, envelope } = fixture();
      const other = EncryptionKeyPair.generate();
      const two = addReader({ envelope, keyPair: owner, readerPublicKey: other.publicKey });
      const revoked = removeReader({ envelope: two, readerPublicKey: reader.publicKey });
      expect(revoked.readerSlots).to.have.length(1);
      expect(opens(revoked, reader)).to.equal(false);
      expect(opens(revoked, other)).to.equal(true);
      expect(opens(revoked, owner)).to.equal(true);
      expect(revoked.ciphertext).to.deep.equal(envelope.ciphertext);
    });

    it("needs no key (a node can do it) and leaves the envelope unchanged for an unknown key", function () {
      const { envelope } = fixture();
      expect(removeReader({ envelope, readerPublicKey: EncryptionKeyPair.generate().publicKey })).to.equal(envelope);
    });

    it("never removes an owner slot", function () {
      const { owner, envelope } = fixture();
      expect(removeReader({ envelope, readerPublicKey: owner.publicKey })).to.equal(envelope);
    });

    it("rejects a reader key of the wrong length", function () {
      const { envelope } = fixture();
      expect(() => removeReader({ envelope, readerPublicKey: new Uint8Array(31) })).to.throw(InvalidKeyError);
    });
  });

  describe("addOwnerSlot", function () {
    it("adds an owner key that opens and may itself add readers", function () {
      const { owner, envelope } = fixture();
      const recovery = ownerKey(PASSWORD);
      const updated = addOwnerSlot({ envelope, keyPair: owner, owner: recovery });
      expect(updated.ownerSlots.map((slot) => slot.origin.kind)).to.deep.equal(["recovery-phrase", "password"]);
      expect(opens(updated, recovery)).to.equal(true);
      const grantee = EncryptionKeyPair.generate();
      expect(
        opens(addReader({ envelope: updated, keyPair: recovery, readerPublicKey: grantee.publicKey }), grantee),
      ).to.equal(true);
      expect(updated.ciphertext).to.deep.equal(envelope.ciphertext);
    });

    it("takes a public key and origin alone (no secret needed for the new slot)", function () {
      const { owner, envelope } = fixture();
      const elsewhere = ownerKey(PASSWORD);
      const updated = addOwnerSlot({
        envelope,
        keyPair: owner,
        owner: { publicKey: elsewhere.publicKey, origin: elsewhere.origin },
      });
      expect(opens(updated, elsewhere)).to.equal(true);
    });

    it("returns the envelope unchanged for a key that already has an owner slot", function () {
      const { owner, envelope } = fixture();
      expect(addOwnerSlot({ envelope, keyPair: owner, owner })).to.equal(envelope);
    });

    it("rejects a key that has a reader slot, a key without origin, and a seventeenth owner", function () {
      const { owner, reader, envelope } = fixture();
      expect(() =>
        addOwnerSlot({ envelope, keyPair: owner, owner: { publicKey: reader.publicKey, origin: RECOVERY } }),
      ).to.throw(InvalidKeyError, /reader slot/);
      expect(() => addOwnerSlot({ envelope, keyPair: owner, owner: EncryptionKeyPair.generate() })).to.throw(
        InvalidKeyError,
        /origin/,
      );
      let full: Envelope = envelope;
      for (let i = 1; i < MAX_OWNER_SLOTS; i++)
        full = addOwnerSlot({ envelope: full, keyPair: owner, owner: ownerKey() });
      expect(full.ownerSlots).to.have.length(MAX_OWNER_SLOTS);
      expect(() => addOwnerSlot({ envelope: full, keyPair: owner, owner: ownerKey() })).to.throw(InvalidEnvelopeError);
    });

    it("fails with DecryptionFailedError for a reader's key", function () {
      const { reader, envelope } = fixture();
      expect(() => addOwnerSlot({ envelope, keyPair: reader, owner: ownerKey() })).to.throw(DecryptionFailedError);
    });
  });

  describe("removeOwnerSlot", function () {
    it("removes one owner slot; that key no longer opens, the others still do", function () {
      const { owner, reader, envelope } = fixture();
      const second = ownerKey(PASSWORD);
      const two = addOwnerSlot({ envelope, keyPair: owner, owner: second });
      const removed = removeOwnerSlot({ envelope: two, keyPair: second, publicKey: owner.publicKey });
      expect(removed.ownerSlots).to.have.length(1);
      expect(opens(removed, owner)).to.equal(false);
      expect(opens(removed, second)).to.equal(true);
      expect(opens(removed, reader)).to.equal(true);
    });

    it("lets an owner remove its own slot while another remains", function () {
      const { owner, envelope } = fixture();
      const second = ownerKey();
      const two = addOwnerSlot({ envelope, keyPair: owner, owner: second });
      const removed = removeOwnerSlot({ envelope: two, keyPair: owner, publicKey: owner.publicKey });
      expect(opens(removed, second)).to.equal(true);
      expect(opens(removed, owner)).to.equal(false);
    });

    it("never removes the last owner slot", function () {
      const { owner, envelope } = fixture();
      expect(() => removeOwnerSlot({ envelope, keyPair: owner, publicKey: owner.publicKey })).to.throw(
        LastOwnerSlotError,
      );
    });

    it("returns the envelope unchanged for a key without an owner slot", function () {
      const { owner, reader, envelope } = fixture();
      expect(removeOwnerSlot({ envelope, keyPair: owner, publicKey: reader.publicKey })).to.equal(envelope);
    });

    it("fails with DecryptionFailedError unless an owner asks", function () {
      const { owner, reader, envelope } = fixture();
      expect(() => removeOwnerSlot({ envelope, keyPair: reader, publicKey: owner.publicKey })).to.throw(
        DecryptionFailedError,
      );
    });
  });
});
