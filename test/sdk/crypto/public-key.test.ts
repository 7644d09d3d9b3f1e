import { expect } from "chai";
import nacl from "tweetnacl";
import { assertPublicKey, isSmallOrderPoint } from "../../../sdk/src/crypto/public-key.ts";
import { InvalidKeyError } from "../../../sdk/src/errors.ts";

const hex = (value: string) => Uint8Array.from(Buffer.from(value, "hex"));

/** The canonical encodings of the points of order 1, 2, 4 and 8 (libsodium's list), and u + p where it fits. */
const SMALL_ORDER = [
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0100000000000000000000000000000000000000000000000000000000000000",
  "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
  "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
].map(hex);

/** The same with the top bit set, which X25519 ignores. */
const WITH_TOP_BIT = SMALL_ORDER.map((point) => {
  const copy = point.slice();
  copy[31]! |= 0x80;
  return copy;
});

describe("x25519 public key validation", function () {
  it("each listed point really has small order: any secret gives the all-zero shared secret", function () {
    for (const point of [...SMALL_ORDER, ...WITH_TOP_BIT]) {
      for (let i = 0; i < 3; i++) {
        expect(nacl.scalarMult(nacl.randomBytes(32), point)).to.deep.equal(new Uint8Array(32));
      }
    }
  });

  it("flags every small-order encoding, with and without the top bit", function () {
    for (const point of [...SMALL_ORDER, ...WITH_TOP_BIT]) expect(isSmallOrderPoint(point)).to.equal(true);
  });

  it("passes real public keys", function () {
    for (let i = 0; i < 50; i++) {
      const publicKey = nacl.box.keyPair().publicKey;
      expect(isSmallOrderPoint(publicKey)).to.equal(false);
      expect(() => assertPublicKey({ publicKey })).to.not.throw();
    }
  });

  it("rejects small-order keys, wrong lengths and non-bytes with InvalidKeyError", function () {
    for (const publicKey of [...SMALL_ORDER, new Uint8Array(31), new Uint8Array(33), "0x00", undefined]) {
      expect(() => assertPublicKey({ publicKey })).to.throw(InvalidKeyError);
    }
  });
});
