/**
 * Known-answer tests: test/vectors/envelope-v1.json pins the envelope format byte for byte. The vectors were checked
 * against an independent implementation (Python: hashlib, hmac, pyca/cryptography X25519 and Poly1305, Salsa20
 * written from the spec) built from the format description in sdk/src/crypto/envelope.ts alone.
 */
import { readFile } from "node:fs/promises";
import { expect } from "chai";
import { addReaderWithRandom } from "../../../sdk/src/crypto/add-reader.ts";
import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import { encodeEnvelope, encodeHeader } from "../../../sdk/src/crypto/encode.ts";
import { payloadKey } from "../../../sdk/src/crypto/key-schedule.ts";
import { open } from "../../../sdk/src/crypto/open.ts";
import type { RandomSource } from "../../../sdk/src/crypto/random.ts";
import { sealWithRandom } from "../../../sdk/src/crypto/seal.ts";
import type { KeyOrigin } from "../../../sdk/src/keys/key-origin.ts";
import { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";

type OriginJson =
  | { kind: "password"; salt: string; logN: number; r: number; p: number }
  | { kind: "wallet"; chainId: string; verifyingContract: `0x${string}`; keyVersion: number }
  | { kind: "recovery-phrase" };
type KeyJson = { secretKey: string; publicKey: string; ephemeralSecretKey: string };
type Vector = {
  name: string;
  chainId: string;
  dataId: string;
  dataKey: string;
  nonce: string;
  owners: (KeyJson & { origin: OriginJson })[];
  readers: KeyJson[];
  plaintext: string;
  headerBytes: string;
  payloadKey: string;
  envelope: string;
  addReader?: KeyJson & { openedWithOwner: number; envelope: string };
};

const { vectors } = JSON.parse(await readFile(new URL("../../vectors/envelope-v1.json", import.meta.url), "utf8")) as {
  vectors: Vector[];
};

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
const hex = (value: Uint8Array) => Buffer.from(value).toString("hex");

function toOrigin(json: OriginJson): KeyOrigin {
  switch (json.kind) {
    case "password":
      return { ...json, salt: bytes(json.salt) };
    case "wallet":
      return { ...json, chainId: BigInt(json.chainId) };
    case "recovery-phrase":
      return json;
  }
}

/** Hands out the given chunks in order (copies: the SDK wipes what it is given), and checks each length. */
function queuedRandom(...chunks: Uint8Array[]): RandomSource & { left: () => number } {
  const queue = [...chunks];
  const source = (length: number) => {
    const next = queue.shift();
    if (next === undefined || next.length !== length) throw new Error(`unexpected random request of ${length} bytes`);
    return next.slice();
  };
  return Object.assign(source, { left: () => queue.length });
}

describe("envelope v1 known-answer vectors", function () {
  it("has vectors covering every owner slot kind, readers and an added reader", function () {
    const kinds = new Set(vectors.flatMap((vector) => vector.owners.map((owner) => owner.origin.kind)));
    expect([...kinds].sort()).to.deep.equal(["password", "recovery-phrase", "wallet"]);
    expect(vectors.some((vector) => vector.readers.length > 1)).to.equal(true);
    expect(vectors.some((vector) => vector.addReader !== undefined)).to.equal(true);
  });

  for (const vector of vectors) {
    describe(vector.name, function () {
      const owners = vector.owners.map((owner) =>
        EncryptionKeyPair.fromSecretKey({ secretKey: bytes(owner.secretKey), origin: toOrigin(owner.origin) }),
      );
      const readers = vector.readers.map((reader) =>
        EncryptionKeyPair.fromSecretKey({ secretKey: bytes(reader.secretKey) }),
      );

      it("derives the listed public keys", function () {
        expect(owners.map((owner) => hex(owner.publicKey))).to.deep.equal(
          vector.owners.map((owner) => owner.publicKey),
        );
        expect(readers.map((reader) => hex(reader.publicKey))).to.deep.equal(
          vector.readers.map((reader) => reader.publicKey),
        );
      });

      it("derives the listed header bytes and payload key", function () {
        const headerBytes = encodeHeader({ header: { chainId: BigInt(vector.chainId), dataId: bytes(vector.dataId) } });
        expect(hex(headerBytes)).to.equal(vector.headerBytes);
        expect(hex(payloadKey({ dataKey: bytes(vector.dataKey), headerBytes }))).to.equal(vector.payloadKey);
      });

      it("seals to exactly the listed bytes", function () {
        const random = queuedRandom(
          bytes(vector.dataKey),
          bytes(vector.nonce),
          ...vector.owners.map((owner) => bytes(owner.ephemeralSecretKey)),
          ...vector.readers.map((reader) => bytes(reader.ephemeralSecretKey)),
        );
        const envelope = sealWithRandom({
          payload: bytes(vector.plaintext),
          chainId: BigInt(vector.chainId),
          dataId: bytes(vector.dataId),
          owners,
          readers: readers.map((reader) => reader.publicKey),
          random,
        });
        expect(hex(encodeEnvelope({ envelope }))).to.equal(vector.envelope);
        expect(random.left()).to.equal(0);
      });

      it("decodes and re-encodes to the same bytes", function () {
        const envelope = decodeEnvelope({ bytes: bytes(vector.envelope) });
        expect(hex(encodeEnvelope({ envelope }))).to.equal(vector.envelope);
        expect(envelope.header.chainId).to.equal(BigInt(vector.chainId));
        expect(envelope.ownerSlots.map((slot) => slot.origin)).to.deep.equal(
          vector.owners.map((owner) => toOrigin(owner.origin)),
        );
      });

      it("opens with every owner key and every reader key", function () {
        for (const keyPair of [...owners, ...readers]) {
          const payload = open({
            envelope: bytes(vector.envelope),
            keyPair,
            chainId: BigInt(vector.chainId),
            dataId: bytes(vector.dataId),
          });
          expect(hex(payload)).to.equal(vector.plaintext);
        }
      });

      if (vector.addReader !== undefined) {
        const added = vector.addReader;
        it("adds a reader to exactly the listed bytes, leaving the payload and other slots as they were", function () {
          const reader = EncryptionKeyPair.fromSecretKey({ secretKey: bytes(added.secretKey) });
          expect(hex(reader.publicKey)).to.equal(added.publicKey);
          const random = queuedRandom(bytes(added.ephemeralSecretKey));
          const envelope = addReaderWithRandom({
            envelope: bytes(vector.envelope),
            keyPair: owners[added.openedWithOwner]!,
            readerPublicKey: reader.publicKey,
            random,
          });
          const encoded = hex(encodeEnvelope({ envelope }));
          expect(encoded).to.equal(added.envelope);
          expect(hex(open({ envelope, keyPair: reader }))).to.equal(vector.plaintext);
          const before = decodeEnvelope({ bytes: bytes(vector.envelope) });
          expect(hex(envelope.ciphertext)).to.equal(hex(before.ciphertext));
          expect(envelope.readerSlots.slice(0, -1)).to.deep.equal(before.readerSlots);
        });
      }
    });
  }
});
