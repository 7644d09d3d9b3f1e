import { expect } from "chai";
import nacl from "tweetnacl";
import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import { encodeEnvelope } from "../../../sdk/src/crypto/encode.ts";
import { MAX_READER_SLOTS, type Envelope } from "../../../sdk/src/crypto/envelope.ts";
import { seal } from "../../../sdk/src/crypto/seal.ts";
import { InvalidEnvelopeError } from "../../../sdk/src/errors.ts";
import { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";

const owner = EncryptionKeyPair.fromSecretKey({ secretKey: nacl.randomBytes(32), origin: { kind: "recovery-phrase" } });
const ENVELOPE = seal({
  payload: new TextEncoder().encode("payload"),
  chainId: 1n,
  dataId: nacl.randomBytes(32),
  owners: [owner],
  readers: [EncryptionKeyPair.generate().publicKey],
});

function expectInvalid(change: (envelope: Envelope) => unknown, pattern: RegExp) {
  const changed = change(ENVELOPE) as Envelope;
  expect(() => encodeEnvelope({ envelope: changed })).to.throw(InvalidEnvelopeError, pattern);
}

describe("encodeEnvelope", function () {
  it("writes what decodeEnvelope reads back equal", function () {
    const bytes = encodeEnvelope({ envelope: ENVELOPE });
    expect(decodeEnvelope({ bytes })).to.deep.equal(ENVELOPE);
    expect(encodeEnvelope({ envelope: decodeEnvelope({ bytes }) })).to.deep.equal(bytes);
  });

  it("decodes a Node Buffer into fresh copies that later changes to the Buffer do not reach", function () {
    const buffer = Buffer.from(encodeEnvelope({ envelope: ENVELOPE }));
    const decoded = decodeEnvelope({ bytes: buffer });
    buffer.fill(0);
    expect(decoded).to.deep.equal(ENVELOPE);
    expect(Buffer.isBuffer(decoded.ciphertext)).to.equal(false);
  });

  it("starts with the magic and version", function () {
    expect([...encodeEnvelope({ envelope: ENVELOPE }).subarray(0, 5)]).to.deep.equal([0x49, 0x44, 0x45, 0x4d, 1]);
  });

  it("refuses objects out of shape instead of writing bytes the decoder would reject", function () {
    expectInvalid((e) => ({ ...e, version: 2 }), /version/);
    expectInvalid((e) => ({ ...e, header: { ...e.header, chainId: 0n } }), /chainId/);
    expectInvalid((e) => ({ ...e, header: { ...e.header, chainId: 1 } }), /chainId/);
    expectInvalid((e) => ({ ...e, header: { ...e.header, dataId: new Uint8Array(33) } }), /dataId/);
    expectInvalid((e) => ({ ...e, nonce: new Uint8Array(25) }), /nonce/);
    expectInvalid((e) => ({ ...e, ownerSlots: [] }), /owner slots/);
    expectInvalid((e) => ({ ...e, ciphertext: new Uint8Array(15) }), /ciphertext/);
    expectInvalid((e) => ({ ...e, ownerSlots: [{ ...e.ownerSlots[0]!, tag: new Uint8Array(15) }] }), /tag/);
    expectInvalid((e) => ({ ...e, ownerSlots: [{ ...e.ownerSlots[0]!, wrappedKey: new Uint8Array(47) }] }), /wrapped/);
    expectInvalid(
      (e) => ({
        ...e,
        ownerSlots: [
          { ...e.ownerSlots[0]!, origin: { kind: "password", salt: new Uint8Array(8), logN: 17, r: 8, p: 1 } },
        ],
      }),
      /salt/,
    );
    expectInvalid((e) => ({ ...e, ownerSlots: [{ ...e.ownerSlots[0]!, origin: { kind: "device" } }] }), /kind/);
    expectInvalid(
      (e) => ({
        ...e,
        ownerSlots: [
          {
            ...e.ownerSlots[0]!,
            origin: {
              kind: "wallet",
              chainId: 1n,
              verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
              keyVersion: 1,
            },
          },
        ],
      }),
      /lower-case/,
    );
    expectInvalid((e) => ({ ...e, readerSlots: [...e.readerSlots, e.readerSlots[0]!] }), /same public key/);
    expectInvalid(
      (e) => ({ ...e, readerSlots: Array.from({ length: MAX_READER_SLOTS + 1 }, () => e.readerSlots[0]!) }),
      /reader slots/,
    );
  });
});
