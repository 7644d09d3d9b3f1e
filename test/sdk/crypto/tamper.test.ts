/**
 * Tampering: every field, every byte, truncation at every length, trailing bytes, unknown versions, out-of-range
 * counts and lengths, swapped headers and moved slots. Each must fail with `DecryptionFailedError` (anything that
 * touches secrets) or the structural `InvalidEnvelopeError` (public parsing), and never return plaintext.
 */
import { readFile } from "node:fs/promises";
import { expect } from "chai";
import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import { encodeEnvelope } from "../../../sdk/src/crypto/encode.ts";
import type { Envelope } from "../../../sdk/src/crypto/envelope.ts";
import { open } from "../../../sdk/src/crypto/open.ts";
import { seal } from "../../../sdk/src/crypto/seal.ts";
import {
  DecryptionFailedError,
  InvalidEnvelopeError,
  UnsupportedEnvelopeVersionError,
} from "../../../sdk/src/errors.ts";
import { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";

type KeyJson = { secretKey: string; origin?: unknown };
type Vector = {
  name: string;
  chainId: string;
  dataId: string;
  owners: KeyJson[];
  readers: KeyJson[];
  envelope: string;
};
const { vectors } = JSON.parse(await readFile(new URL("../../vectors/envelope-v1.json", import.meta.url), "utf8")) as {
  vectors: Vector[];
};

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

/** Vector 2: password, wallet and recovery-phrase owner slots and two reader slots. */
const vector = vectors[1]!;
const ORIGINAL = bytes(vector.envelope);
const decoded = decodeEnvelope({ bytes: ORIGINAL });
/** Opening needs only the secret key; the origin is what the slot records, so reuse it. */
const KEYS = [
  ...vector.owners.map((owner, i) =>
    EncryptionKeyPair.fromSecretKey({ secretKey: bytes(owner.secretKey), origin: decoded.ownerSlots[i]!.origin }),
  ),
  ...vector.readers.map((reader) => EncryptionKeyPair.fromSecretKey({ secretKey: bytes(reader.secretKey) })),
];

type Region = { name: string; start: number; end: number };

/** The named byte ranges of an encoded envelope, from its decoded form (layout in sdk/src/crypto/envelope.ts). */
function layout(envelope: Envelope): Region[] {
  const regions: Region[] = [];
  let offset = 0;
  const add = (name: string, length: number) => {
    regions.push({ name, start: offset, end: offset + length });
    offset += length;
  };
  add("magic", 4);
  add("version", 1);
  add("header chainId", 8);
  add("header dataId", 32);
  add("nonce", 24);
  add("owner slot count", 1);
  envelope.ownerSlots.forEach((slot, i) => {
    const name = `owner slot ${i} (${slot.origin.kind})`;
    add(`${name} kind`, 1);
    if (slot.origin.kind === "password") {
      add(`${name} logN`, 1);
      add(`${name} r`, 1);
      add(`${name} p`, 1);
      add(`${name} salt length`, 1);
      add(`${name} salt`, slot.origin.salt.length);
    } else if (slot.origin.kind === "wallet") {
      add(`${name} chainId`, 8);
      add(`${name} verifying contract`, 20);
      add(`${name} key version`, 4);
    }
    add(`${name} public key`, 32);
    add(`${name} ephemeral public key`, 32);
    add(`${name} wrapped key`, 48);
    add(`${name} tag`, 16);
  });
  add("reader slot count", 2);
  envelope.readerSlots.forEach((_, i) => {
    add(`reader slot ${i} public key`, 32);
    add(`reader slot ${i} ephemeral public key`, 32);
    add(`reader slot ${i} wrapped key`, 48);
    add(`reader slot ${i} tag`, 16);
  });
  add("ciphertext length", 4);
  add("ciphertext Poly1305 tag", 16);
  add("ciphertext body", envelope.ciphertext.length - 16);
  return regions;
}

const REGIONS = layout(decoded);

/** Runs `attempt`, which must throw one of `allowed`; returns the error. Fails if it returns (plaintext or not). */
function expectRejected(
  attempt: () => unknown,
  allowed: readonly (abstract new (...args: never[]) => Error)[] = [DecryptionFailedError, InvalidEnvelopeError],
): Error {
  let returned: unknown;
  try {
    returned = attempt();
  } catch (error) {
    expect(
      allowed.some((errorClass) => error instanceof errorClass),
      `unexpected ${String(error)}`,
    ).to.equal(true);
    if (error instanceof DecryptionFailedError) {
      expect(error.message).to.equal("Decryption failed.");
      expect(error.details).to.equal(undefined);
      expect(error.cause).to.equal(undefined);
    }
    return error as Error;
  }
  return expect.fail(`returned instead of throwing: ${String(returned).slice(0, 40)}`);
}

function flipped(source: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const copy = source.slice();
  copy[index]! ^= mask;
  return copy;
}

/**
 * The error each field's change must give: structural where the parser must catch it (magic, version, counts,
 * kinds, lengths, out-of-range scrypt parameters), else decryption. A changed r (8 → 9) is still in range, so the
 * slot parses and its tag fails instead.
 */
function expectedErrors(region: Region): readonly (abstract new (...args: never[]) => Error)[] {
  const field = region.name.replace(/^owner slot \d+ \([a-z-]+\) /, "");
  if (field === "version") return [UnsupportedEnvelopeVersionError];
  if (field === "r") return [InvalidEnvelopeError, DecryptionFailedError];
  if (["magic", "kind", "logN", "p", "salt length", "ciphertext length"].includes(field)) return [InvalidEnvelopeError];
  if (field.endsWith("count")) return [InvalidEnvelopeError];
  return [DecryptionFailedError];
}

describe("envelope tampering", function () {
  this.timeout(60_000);

  it("the layout used here covers the whole envelope", function () {
    expect(REGIONS.at(-1)!.end).to.equal(ORIGINAL.length);
    expect(REGIONS.map((region) => region.name)).to.include.members([
      "owner slot 0 (password) salt",
      "owner slot 1 (wallet) verifying contract",
      "owner slot 2 (recovery-phrase) tag",
      "reader slot 1 tag",
    ]);
  });

  it("the untouched envelope opens with every key", function () {
    for (const keyPair of KEYS) expect(open({ envelope: ORIGINAL, keyPair })).to.be.instanceOf(Uint8Array);
  });

  describe("changing one field fails for every key", function () {
    for (const region of REGIONS) {
      it(`${region.name} (first and last byte)`, function () {
        for (const index of new Set([region.start, region.end - 1])) {
          for (const mask of [0x01, 0x80]) {
            const tampered = flipped(ORIGINAL, index, mask);
            for (const keyPair of KEYS)
              expectRejected(() => open({ envelope: tampered, keyPair }), expectedErrors(region));
          }
        }
      });
    }
  });

  it("changing any single byte fails (every byte, each tried with a different key)", function () {
    for (let index = 0; index < ORIGINAL.length; index++) {
      const keyPair = KEYS[index % KEYS.length]!;
      expectRejected(() => open({ envelope: flipped(ORIGINAL, index), keyPair }));
    }
  });

  describe("truncation and trailing bytes", function () {
    it("rejects every truncation of the envelope as structural", function () {
      for (const source of vectors.map((v) => bytes(v.envelope))) {
        for (let length = 0; length < source.length; length++) {
          expectRejected(() => decodeEnvelope({ bytes: source.subarray(0, length) }), [InvalidEnvelopeError]);
        }
      }
    });

    it("never opens a truncated envelope", function () {
      for (let length = 0; length < ORIGINAL.length; length += 7) {
        expectRejected(
          () => open({ envelope: ORIGINAL.subarray(0, length), keyPair: KEYS[0]! }),
          [InvalidEnvelopeError],
        );
      }
    });

    for (const extra of [1, 16, 128]) {
      it(`rejects ${extra} trailing byte(s)`, function () {
        const longer = new Uint8Array(ORIGINAL.length + extra);
        longer.set(ORIGINAL);
        const error = expectRejected(() => decodeEnvelope({ bytes: longer }), [InvalidEnvelopeError]);
        expect((error as InvalidEnvelopeError).details).to.match(/trailing/);
      });
    }
  });

  describe("versions and magic", function () {
    for (const version of [0, 2, 255]) {
      it(`rejects version ${version} as unsupported, naming it`, function () {
        const changed = ORIGINAL.slice();
        changed[4] = version;
        const error = expectRejected(() => decodeEnvelope({ bytes: changed }), [UnsupportedEnvelopeVersionError]);
        expect((error as UnsupportedEnvelopeVersionError).version).to.equal(version);
      });
    }

    it("rejects bytes that are not an envelope", function () {
      expectRejected(
        () => decodeEnvelope({ bytes: new TextEncoder().encode("IDEX not an envelope") }),
        [InvalidEnvelopeError],
      );
      expectRejected(() => decodeEnvelope({ bytes: "IDEM" as unknown as Uint8Array }), [InvalidEnvelopeError]);
    });
  });

  describe("out-of-range counts and lengths", function () {
    const at = (name: string) => REGIONS.find((region) => region.name === name)!.start;

    function withU8(index: number, value: number) {
      const changed = ORIGINAL.slice();
      changed[index] = value;
      return changed;
    }
    function withU16(index: number, value: number) {
      const changed = ORIGINAL.slice();
      new DataView(changed.buffer).setUint16(index, value);
      return changed;
    }
    function withU32(index: number, value: number) {
      const changed = ORIGINAL.slice();
      new DataView(changed.buffer).setUint32(index, value);
      return changed;
    }

    for (const count of [0, 2, 4, 17, 255]) {
      it(`rejects an owner slot count of ${count}`, function () {
        expectRejected(() => decodeEnvelope({ bytes: withU8(at("owner slot count"), count) }), [InvalidEnvelopeError]);
      });
    }

    for (const count of [0, 1, 3, 1025, 65_535]) {
      it(`rejects a reader slot count of ${count}`, function () {
        expectRejected(
          () => decodeEnvelope({ bytes: withU16(at("reader slot count"), count) }),
          [InvalidEnvelopeError],
        );
      });
    }

    for (const length of [0, 15, 16 * 1024 * 1024 + 17, 0xffff_ffff]) {
      it(`rejects a ciphertext length of ${length}`, function () {
        expectRejected(
          () => decodeEnvelope({ bytes: withU32(at("ciphertext length"), length) }),
          [InvalidEnvelopeError],
        );
      });
    }

    for (const kind of [0, 4, 255]) {
      it(`rejects owner slot kind ${kind}`, function () {
        expectRejected(
          () => decodeEnvelope({ bytes: withU8(at("owner slot 0 (password) kind"), kind) }),
          [InvalidEnvelopeError],
        );
      });
    }

    for (const saltLength of [0, 15, 65, 255]) {
      it(`rejects a password salt length of ${saltLength}`, function () {
        const index = at("owner slot 0 (password) salt length");
        expectRejected(() => decodeEnvelope({ bytes: withU8(index, saltLength) }), [InvalidEnvelopeError]);
      });
    }

    for (const [field, value] of [
      ["logN", 16],
      ["logN", 21],
      ["r", 7],
      ["p", 0],
      ["p", 5],
    ] as const) {
      it(`rejects scrypt ${field} = ${value} in a password slot`, function () {
        const index = at(`owner slot 0 (password) ${field}`);
        expectRejected(() => decodeEnvelope({ bytes: withU8(index, value) }), [InvalidEnvelopeError]);
      });
    }

    it("rejects chainId 0 in the header and in a wallet slot", function () {
      const header = ORIGINAL.slice();
      header.fill(0, at("header chainId"), at("header chainId") + 8);
      expectRejected(() => decodeEnvelope({ bytes: header }), [InvalidEnvelopeError]);
      const wallet = ORIGINAL.slice();
      wallet.fill(0, at("owner slot 1 (wallet) chainId"), at("owner slot 1 (wallet) chainId") + 8);
      expectRejected(() => decodeEnvelope({ bytes: wallet }), [InvalidEnvelopeError]);
    });

    it("rejects two slots with the same public key", function () {
      const duplicate = ORIGINAL.slice();
      duplicate.copyWithin(
        at("reader slot 1 public key"),
        at("reader slot 0 public key"),
        at("reader slot 0 public key") + 32,
      );
      expectRejected(() => decodeEnvelope({ bytes: duplicate }), [InvalidEnvelopeError]);
    });
  });

  describe("swapped headers and moved slots", function () {
    function reencoded(change: (envelope: Envelope) => Envelope): Uint8Array {
      return encodeEnvelope({ envelope: change(decodeEnvelope({ bytes: ORIGINAL })) });
    }

    it("fails when the header names another dataId or chain, even though it parses", function () {
      const otherDataId = reencoded((e) => ({ ...e, header: { ...e.header, dataId: new Uint8Array(32).fill(7) } }));
      const otherChain = reencoded((e) => ({ ...e, header: { ...e.header, chainId: 1n } }));
      for (const keyPair of KEYS) {
        expectRejected(() => open({ envelope: otherDataId, keyPair }), [DecryptionFailedError]);
        expectRejected(() => open({ envelope: otherChain, keyPair }), [DecryptionFailedError]);
      }
    });

    it("fails when the caller expected another dataId or chain", function () {
      const keyPair = KEYS.at(-1)!;
      expectRejected(() => open({ envelope: ORIGINAL, keyPair, dataId: new Uint8Array(32) }), [DecryptionFailedError]);
      expectRejected(() => open({ envelope: ORIGINAL, keyPair, chainId: 1n }), [DecryptionFailedError]);
      expect(
        open({ envelope: ORIGINAL, keyPair, dataId: bytes(vector.dataId), chainId: BigInt(vector.chainId) }),
      ).to.be.instanceOf(Uint8Array);
    });

    it("fails when an owner slot is moved to the reader list (the tag binds the role)", function () {
      const moved = reencoded((e) => {
        const { origin: _origin, ...asReader } = e.ownerSlots[2]!;
        return { ...e, ownerSlots: e.ownerSlots.slice(0, 2), readerSlots: [...e.readerSlots, asReader] };
      });
      for (const keyPair of KEYS) expectRejected(() => open({ envelope: moved, keyPair }), [DecryptionFailedError]);
    });

    it("fails when a slot is transplanted from another envelope for the same reader", function () {
      const reader = KEYS.at(-1)!;
      const other = seal({
        payload: new TextEncoder().encode("another credential"),
        chainId: BigInt(vector.chainId),
        dataId: bytes(vector.dataId),
        owners: [KEYS[2]!],
        readers: [reader.publicKey],
      });
      const transplanted = reencoded((e) => ({ ...e, readerSlots: [e.readerSlots[0]!, other.readerSlots[0]!] }));
      for (const keyPair of KEYS) {
        expectRejected(() => open({ envelope: transplanted, keyPair }), [DecryptionFailedError]);
      }
    });

    it("fails for a key with no slot", function () {
      expectRejected(
        () => open({ envelope: ORIGINAL, keyPair: EncryptionKeyPair.generate() }),
        [DecryptionFailedError],
      );
    });

    it("still opens after a whole reader slot is removed (slots are tagged one by one)", function () {
      const removed = reencoded((e) => ({ ...e, readerSlots: e.readerSlots.slice(1) }));
      expect(open({ envelope: removed, keyPair: KEYS.at(-1)! })).to.be.instanceOf(Uint8Array);
      expectRejected(() => open({ envelope: removed, keyPair: KEYS.at(-2)! }), [DecryptionFailedError]);
    });
  });
});
