import { hkdfSync, scryptSync } from "node:crypto";
import { expect } from "chai";
import nacl from "tweetnacl";
import { InvalidKeyError } from "../../../sdk/src/errors.ts";
import { generatePasswordSalt } from "../../../sdk/src/keys/generate-password-salt.ts";
import { keyPairFromPassword } from "../../../sdk/src/keys/from-password.ts";
import type { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";
import { SCRYPT_LIMITS, SCRYPT_PARAMETERS } from "../../../sdk/src/keys/scrypt-parameters.ts";

const PASSWORD = "correct horse battery staple";
const SALT = Uint8Array.from({ length: 32 }, (_, i) => i);
/** Pinned: changing the parameters, the normalization or the HKDF label changes this and fails the test. */
const PINNED_PUBLIC_KEY = "11df94d207ef414f25da1c6daf956da69cd53e5bc315f48e1a00cafc3e7a0251";

const hex = (value: Uint8Array) => Buffer.from(value).toString("hex");

describe("keyPairFromPassword", function () {
  // One scrypt at N=2^17 costs 0.3–1 s: derive the pinned key once and reuse it.
  this.timeout(60_000);
  let pinned: EncryptionKeyPair;
  const progress: number[] = [];

  before(async function () {
    pinned = await keyPairFromPassword({ password: PASSWORD, salt: SALT, onProgress: (p) => progress.push(p) });
  });

  it("uses N = 2^17, r = 8, p = 1 by default", function () {
    expect(SCRYPT_PARAMETERS).to.deep.equal({ logN: 17, r: 8, p: 1 });
    expect(Object.isFrozen(SCRYPT_PARAMETERS)).to.equal(true);
  });

  it("gives the pinned public key for a fixed password and salt", function () {
    expect(hex(pinned.publicKey)).to.equal(PINNED_PUBLIC_KEY);
  });

  it("is HKDF-SHA256(scrypt(password, salt, N=2^17, r=8, p=1, 32), 'idem/x25519/password/v1'), checked with node:crypto", function () {
    const stretched = scryptSync(PASSWORD, SALT, 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
    const secretKey = new Uint8Array(hkdfSync("sha256", stretched, new Uint8Array(0), "idem/x25519/password/v1", 32));
    expect(hex(nacl.scalarMult.base(secretKey))).to.equal(PINNED_PUBLIC_KEY);
  });

  it("records the salt and parameters as the key's origin", function () {
    expect(pinned.origin).to.deep.equal({ kind: "password", salt: SALT, logN: 17, r: 8, p: 1 });
  });

  it("reports progress up to 1", function () {
    expect(progress.length).to.be.greaterThan(0);
    expect(progress.at(-1)).to.equal(1);
  });

  it("normalizes the password to NFKC (the same key however the text was composed)", async function () {
    const composed = await keyPairFromPassword({ password: "p\u00e5ssword \u212b", salt: SALT });
    const decomposed = await keyPairFromPassword({ password: "pa\u030assword A\u030a", salt: SALT });
    expect(hex(decomposed.publicKey)).to.equal(hex(composed.publicKey));
    expect(hex(composed.publicKey)).to.not.equal(PINNED_PUBLIC_KEY);
  });

  it("gives another key for another salt", async function () {
    const other = await keyPairFromPassword({ password: PASSWORD, salt: generatePasswordSalt() });
    expect(hex(other.publicKey)).to.not.equal(PINNED_PUBLIC_KEY);
  });

  describe("rejects, before running scrypt", function () {
    const cases: [string, Parameters<typeof keyPairFromPassword>[0]][] = [
      ["an empty password", { password: "", salt: SALT }],
      ["a salt under 16 bytes", { password: PASSWORD, salt: new Uint8Array(15) }],
      ["a salt over 64 bytes", { password: PASSWORD, salt: new Uint8Array(65) }],
      ["logN under 17", { password: PASSWORD, salt: SALT, scrypt: { logN: 16, r: 8, p: 1 } }],
      ["logN over 20", { password: PASSWORD, salt: SALT, scrypt: { logN: 21, r: 8, p: 1 } }],
      ["r under 8", { password: PASSWORD, salt: SALT, scrypt: { logN: 17, r: 4, p: 1 } }],
      ["p over 4", { password: PASSWORD, salt: SALT, scrypt: { logN: 17, r: 8, p: 5 } }],
      ["over 1 GiB of memory", { password: PASSWORD, salt: SALT, scrypt: { logN: 20, r: 16, p: 1 } }],
      ["a fractional logN", { password: PASSWORD, salt: SALT, scrypt: { logN: 17.5, r: 8, p: 1 } }],
    ];
    for (const [name, parameters] of cases) {
      it(name, async function () {
        const started = performance.now();
        const error = await keyPairFromPassword(parameters).then(
          () => expect.fail("derived a key"),
          (caught: unknown) => caught,
        );
        expect(error).to.be.instanceOf(InvalidKeyError);
        expect(String((error as Error).message)).to.not.include(PASSWORD);
        expect(performance.now() - started).to.be.lessThan(100);
      });
    }
  });

  it("states its limits", function () {
    expect(SCRYPT_LIMITS).to.include({ minLogN: 17, maxLogN: 20, minR: 8, maxR: 16, minP: 1, maxP: 4 });
  });

  it("generatePasswordSalt gives 32 fresh random bytes", function () {
    const a = generatePasswordSalt();
    const b = generatePasswordSalt();
    expect(a).to.have.length(32);
    expect(hex(a)).to.not.equal(hex(b));
  });
});
