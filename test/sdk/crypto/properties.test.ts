/**
 * Properties that must hold for every input: any payload up to 1 MiB and any set of 1–5 readers round-trips, and any
 * single-byte change anywhere in an encoded envelope fails for every key. Run counts are bounded so the suite stays
 * fast; large payloads are sampled, not the rule.
 */
import { expect } from "chai";
import fc from "fast-check";
import nacl from "tweetnacl";
import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import { encodeEnvelope } from "../../../sdk/src/crypto/encode.ts";
import { open } from "../../../sdk/src/crypto/open.ts";
import { seal } from "../../../sdk/src/crypto/seal.ts";
import { DecryptionFailedError, InvalidEnvelopeError } from "../../../sdk/src/errors.ts";
import type { KeyOrigin } from "../../../sdk/src/keys/key-origin.ts";
import { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";

const MIB = 1024 * 1024;

/** Deterministic bytes from a seed (xorshift32): fast for 1 MiB, reproducible from fast-check's seed. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let state = seed | 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

/** Mostly small payloads (every length up to 4 KiB), sometimes anything up to 1 MiB. */
const payloadArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 4096 }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ length: fc.integer({ min: 0, max: MIB }), seed: fc.integer() })
      .map(({ length, seed }) => pseudoRandomBytes(length, seed)),
  },
);

const originArbitrary: fc.Arbitrary<KeyOrigin> = fc.oneof(
  fc.constant({ kind: "recovery-phrase" } as const),
  fc.record({
    kind: fc.constant("password" as const),
    salt: fc.uint8Array({ minLength: 16, maxLength: 64 }),
    logN: fc.integer({ min: 17, max: 20 }),
    r: fc.constant(8),
    p: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    kind: fc.constant("wallet" as const),
    chainId: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
    verifyingContract: fc
      .uint8Array({ minLength: 20, maxLength: 20 })
      .map((address) => `0x${Buffer.from(address).toString("hex")}` as const),
    keyVersion: fc.integer({ min: 0, max: 0xffff_ffff }),
  }),
);

const headerArbitrary = fc.record({
  chainId: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
  dataId: fc.uint8Array({ minLength: 32, maxLength: 32 }),
});

/** Secret keys from fast-check, so a failing case reproduces from its seed. */
const secretKeyArbitrary = fc.uint8Array({ minLength: 32, maxLength: 32 });

const ownerSecretsArbitrary = fc.array(fc.tuple(secretKeyArbitrary, originArbitrary), { minLength: 1, maxLength: 3 });
const readerSecretsArbitrary = fc.array(secretKeyArbitrary, { minLength: 1, maxLength: 5 });

function keys(ownerSecrets: [Uint8Array, KeyOrigin][], readerSecrets: Uint8Array[]) {
  const owners = ownerSecrets.map(([secretKey, origin]) => EncryptionKeyPair.fromSecretKey({ secretKey, origin }));
  const readers = readerSecrets.map((secretKey) => EncryptionKeyPair.fromSecretKey({ secretKey }));
  return { owners, readers };
}

/** fast-check may draw the same secret twice; the envelope then rightly refuses a duplicate slot. */
function distinct(ownerSecrets: [Uint8Array, KeyOrigin][], readerSecrets: Uint8Array[]): boolean {
  const all = [...ownerSecrets.map(([secretKey]) => secretKey), ...readerSecrets].map((key) =>
    Buffer.from(nacl.scalarMult.base(key)).toString("hex"),
  );
  return new Set(all).size === all.length;
}

describe("envelope properties", function () {
  this.timeout(120_000);

  it("any payload up to 1 MiB, with any 1–5 readers and 1–3 owner slots, opens for every key", function () {
    fc.assert(
      fc.property(
        payloadArbitrary,
        headerArbitrary,
        ownerSecretsArbitrary,
        readerSecretsArbitrary,
        (payload, header, ownerSecrets, readerSecrets) => {
          fc.pre(distinct(ownerSecrets, readerSecrets));
          const { owners, readers } = keys(ownerSecrets, readerSecrets);
          const envelope = seal({
            payload,
            ...header,
            owners,
            readers: readers.map((reader) => reader.publicKey),
          });
          const bytes = encodeEnvelope({ envelope });
          expect(decodeEnvelope({ bytes })).to.deep.equal(envelope);
          for (const keyPair of [...owners, ...readers]) {
            const opened = open({ envelope: bytes, keyPair, ...header });
            expect(Buffer.from(opened).equals(Buffer.from(payload))).to.equal(true);
          }
        },
      ),
      {
        numRuns: 25,
        // Always include the largest case: exactly 1 MiB, the largest chainId, five readers.
        examples: [
          [
            pseudoRandomBytes(MIB, 1),
            { chainId: 2n ** 64n - 1n, dataId: new Uint8Array(32).fill(0xff) },
            [[pseudoRandomBytes(32, 2), { kind: "recovery-phrase" }]],
            [3, 4, 5, 6, 7].map((seed) => pseudoRandomBytes(32, seed)),
          ],
        ],
      },
    );
  });

  it("any single-byte change anywhere in the encoded envelope fails (opened by any one of its keys)", function () {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        headerArbitrary,
        ownerSecretsArbitrary,
        readerSecretsArbitrary,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 255 }),
        fc.nat(),
        (payload, header, ownerSecrets, readerSecrets, position, xor, opener) => {
          fc.pre(distinct(ownerSecrets, readerSecrets));
          const { owners, readers } = keys(ownerSecrets, readerSecrets);
          const bytes = encodeEnvelope({
            envelope: seal({ payload, ...header, owners, readers: readers.map((reader) => reader.publicKey) }),
          });
          const index = Math.floor(position * bytes.length);
          const tampered = bytes.slice();
          tampered[index]! ^= xor;
          const all = [...owners, ...readers];
          const keyPair = all[opener % all.length]!;
          let opened: Uint8Array | undefined;
          try {
            opened = open({ envelope: tampered, keyPair });
          } catch (error) {
            expect(error instanceof DecryptionFailedError || error instanceof InvalidEnvelopeError).to.equal(true);
          }
          expect(opened, `byte ${index} of ${bytes.length} changed by ${xor}, yet it opened`).to.equal(undefined);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("any byte change in the non-payload part fails for every key at once", function () {
    fc.assert(
      fc.property(
        headerArbitrary,
        ownerSecretsArbitrary,
        readerSecretsArbitrary,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (header, ownerSecrets, readerSecrets, position, xor) => {
          fc.pre(distinct(ownerSecrets, readerSecrets));
          const { owners, readers } = keys(ownerSecrets, readerSecrets);
          const envelope = seal({
            payload: new Uint8Array(8),
            ...header,
            owners,
            readers: readers.map((reader) => reader.publicKey),
          });
          const bytes = encodeEnvelope({ envelope });
          const beforePayload = bytes.length - envelope.ciphertext.length;
          const tampered = bytes.slice();
          tampered[position % beforePayload]! ^= xor;
          for (const keyPair of [...owners, ...readers]) {
            expect(() => open({ envelope: tampered, keyPair })).to.throw(Error, /Decryption failed|Invalid envelope/);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
