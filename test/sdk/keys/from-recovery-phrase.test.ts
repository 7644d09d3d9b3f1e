import { hkdfSync, pbkdf2Sync } from "node:crypto";
import { expect } from "chai";
import nacl from "tweetnacl";
import { validateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { InvalidKeyError } from "../../../sdk/src/errors.ts";
import { keyPairFromRecoveryPhrase } from "../../../sdk/src/keys/from-recovery-phrase.ts";
import {
  generateRecoveryPhrase,
  generateRecoveryPhraseWithRandom,
} from "../../../sdk/src/keys/generate-recovery-phrase.ts";

/** The first BIP-39 test vector (entropy of 16 zero bytes). Public: never use it for real data. */
const ABANDON = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const PINNED_PUBLIC_KEY = "4d7b155f6358d49c4c14178c675bb16cf5a713fdbc83836e3a6df254d024e407";

const hex = (value: Uint8Array) => Buffer.from(value).toString("hex");

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail("derived a key"),
    (error: unknown) => error as Error,
  );
}

describe("recovery phrases", function () {
  describe("generateRecoveryPhrase", function () {
    it("makes 24 valid English BIP-39 words by default, fresh each time", function () {
      const a = generateRecoveryPhrase();
      const b = generateRecoveryPhrase();
      expect(a.split(" ")).to.have.length(24);
      expect(validateMnemonic(a, wordlist)).to.equal(true);
      expect(a).to.not.equal(b);
    });

    it("makes 12 words on request and refuses other lengths", function () {
      expect(generateRecoveryPhrase({ words: 12 }).split(" ")).to.have.length(12);
      expect(() => generateRecoveryPhrase({ words: 18 as 12 })).to.throw(InvalidKeyError);
    });

    it("encodes its entropy as BIP-39 does (known answer)", function () {
      expect(generateRecoveryPhraseWithRandom({ words: 12, random: (length) => new Uint8Array(length) })).to.equal(
        ABANDON,
      );
    });
  });

  describe("keyPairFromRecoveryPhrase", function () {
    it("gives the pinned key for the BIP-39 test phrase", async function () {
      const keyPair = await keyPairFromRecoveryPhrase({ phrase: ABANDON });
      expect(hex(keyPair.publicKey)).to.equal(PINNED_PUBLIC_KEY);
      expect(keyPair.origin).to.deep.equal({ kind: "recovery-phrase" });
    });

    it("is HKDF-SHA256(BIP-39 seed, 'idem/x25519/recovery-phrase/v1'), checked with node:crypto", function () {
      const seed = pbkdf2Sync(ABANDON, "mnemonic", 2048, 64, "sha512");
      const secretKey = new Uint8Array(
        hkdfSync("sha256", seed, new Uint8Array(0), "idem/x25519/recovery-phrase/v1", 32),
      );
      expect(hex(nacl.scalarMult.base(secretKey))).to.equal(PINNED_PUBLIC_KEY);
    });

    it("forgives spacing and letter case", async function () {
      const sloppy = `  ${ABANDON.toUpperCase().replaceAll(" ", "  \n")}  `;
      expect(hex((await keyPairFromRecoveryPhrase({ phrase: sloppy })).publicKey)).to.equal(PINNED_PUBLIC_KEY);
    });

    it("round-trips a generated phrase to the same key", async function () {
      const phrase = generateRecoveryPhrase();
      const a = await keyPairFromRecoveryPhrase({ phrase });
      const b = await keyPairFromRecoveryPhrase({ phrase });
      expect(hex(a.publicKey)).to.equal(hex(b.publicKey));
      expect(hex(a.publicKey)).to.not.equal(PINNED_PUBLIC_KEY);
    });

    it("rejects a bad checksum, unknown words and wrong lengths without repeating the words", async function () {
      const bad = [
        ABANDON.replace(/about$/, "abandon"),
        ABANDON.replace(/^abandon/, "abandonx"),
        ABANDON.split(" ").slice(0, 11).join(" "),
        "",
        "zebra ".repeat(15).trim(),
      ];
      for (const phrase of bad) {
        const error = await rejection(keyPairFromRecoveryPhrase({ phrase }));
        expect(error).to.be.instanceOf(InvalidKeyError);
        expect(`${error.message} ${error.stack}`).to.not.match(/abandon|zebra/);
      }
      expect(await rejection(keyPairFromRecoveryPhrase({ phrase: 42 as unknown as string }))).to.be.instanceOf(
        InvalidKeyError,
      );
    });
  });
});
