/**
 * Strict parsing of envelopes and reader slots (layout in `envelope.ts`). Every field has one encoding; wrong
 * magic, an unknown version, an unknown slot kind, a count or length out of range, truncation and trailing bytes
 * are all rejected with `InvalidEnvelopeError` (`UnsupportedEnvelopeVersionError` for the version) before any key
 * is used. Counts and lengths are checked against the bytes left before anything is allocated.
 *
 * Parsing looks only at public bytes, so its errors say nothing an attacker could not read from the input. It does
 * not authenticate anything: only `open` (and the operations that unlock the data key) do.
 *
 * @module
 */
import {
  keyOriginProblem,
  PASSWORD_SALT_MAX_BYTES,
  PASSWORD_SALT_MIN_BYTES,
  type KeyOrigin,
} from "../keys/key-origin.ts";
import { InvalidEnvelopeError, UnsupportedEnvelopeVersionError } from "../errors.ts";
import { isBytes, toHex } from "./bytes.ts";
import { assertDistinctSlotKeys } from "./encode.ts";
import {
  DATA_ID_BYTES,
  ENVELOPE_MAGIC,
  ENVELOPE_VERSION,
  MAX_OWNER_SLOTS,
  MAX_PAYLOAD_BYTES,
  MAX_READER_SLOTS,
  NONCE_BYTES,
  OWNER_SLOT_KIND,
  READER_SLOT_BYTES,
  SECRETBOX_OVERHEAD_BYTES,
  SLOT_TAG_BYTES,
  WRAPPED_KEY_BYTES,
  type Envelope,
  type OwnerSlot,
  type ReaderSlot,
} from "./envelope.ts";
import { X25519_KEY_BYTES } from "./public-key.ts";

function invalid(details: string): never {
  throw new InvalidEnvelopeError({ details });
}

/** A cursor over the input: every read checks the bytes left and copies what it returns. */
class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    // A plain view, so that `slice` copies even when the input is a Node Buffer (whose `slice` does not).
    this.#bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.#bytes.length - this.#offset;
  }

  #take(length: number, field: string): number {
    if (length > this.remaining) invalid(`truncated: ${field} needs ${length} bytes at offset ${this.#offset}`);
    const start = this.#offset;
    this.#offset += length;
    return start;
  }

  bytes(length: number, field: string): Uint8Array {
    const start = this.#take(length, field);
    return this.#bytes.slice(start, start + length);
  }

  u8(field: string): number {
    return this.#view.getUint8(this.#take(1, field));
  }

  u16(field: string): number {
    return this.#view.getUint16(this.#take(2, field));
  }

  u32(field: string): number {
    return this.#view.getUint32(this.#take(4, field));
  }

  u64(field: string): bigint {
    return this.#view.getBigUint64(this.#take(8, field));
  }

  end(what: string): void {
    if (this.remaining !== 0) invalid(`${this.remaining} trailing bytes after the ${what}`);
  }
}

function readOrigin(reader: ByteReader): KeyOrigin {
  const kind = reader.u8("owner slot kind");
  let origin: KeyOrigin;
  switch (kind) {
    case OWNER_SLOT_KIND.password: {
      const logN = reader.u8("scrypt logN");
      const r = reader.u8("scrypt r");
      const p = reader.u8("scrypt p");
      const saltLength = reader.u8("salt length");
      if (saltLength < PASSWORD_SALT_MIN_BYTES || saltLength > PASSWORD_SALT_MAX_BYTES) {
        invalid(`a password slot's salt is ${PASSWORD_SALT_MIN_BYTES} … ${PASSWORD_SALT_MAX_BYTES} bytes`);
      }
      origin = { kind: "password", logN, r, p, salt: reader.bytes(saltLength, "salt") };
      break;
    }
    case OWNER_SLOT_KIND.wallet:
      origin = {
        kind: "wallet",
        chainId: reader.u64("wallet chainId"),
        verifyingContract: toHex(reader.bytes(20, "wallet verifying contract")),
        keyVersion: reader.u32("wallet key version"),
      };
      break;
    case OWNER_SLOT_KIND["recovery-phrase"]:
      origin = { kind: "recovery-phrase" };
      break;
    default:
      return invalid(`unknown owner slot kind ${kind}`);
  }
  const problem = keyOriginProblem(origin);
  if (problem !== undefined) invalid(`an owner slot's origin is invalid: ${problem}`);
  return origin;
}

function readReaderSlot(reader: ByteReader): ReaderSlot {
  return {
    publicKey: reader.bytes(X25519_KEY_BYTES, "slot public key"),
    ephemeralPublicKey: reader.bytes(X25519_KEY_BYTES, "slot ephemeral public key"),
    wrappedKey: reader.bytes(WRAPPED_KEY_BYTES, "slot wrapped key"),
    tag: reader.bytes(SLOT_TAG_BYTES, "slot tag"),
  };
}

function readOwnerSlot(reader: ByteReader): OwnerSlot {
  const origin = readOrigin(reader);
  return { origin, ...readReaderSlot(reader) };
}

/**
 * Parses envelope bytes. Throws `UnsupportedEnvelopeVersionError` for a version other than 1 and
 * `InvalidEnvelopeError` for anything else out of shape. Authenticates nothing: pass the result to {@link open}.
 *
 * @example
 * ```ts
 * const envelope = decodeEnvelope({ bytes });
 * const payload = open({ envelope, keyPair });
 * ```
 */
export function decodeEnvelope({ bytes }: { bytes: Uint8Array }): Envelope {
  if (!isBytes(bytes)) invalid("an envelope is a Uint8Array");
  const reader = new ByteReader(bytes);
  const magic = reader.bytes(ENVELOPE_MAGIC.length, "magic");
  if (!magic.every((byte, i) => byte === ENVELOPE_MAGIC[i])) invalid("not an Idem envelope (wrong magic)");
  const version = reader.u8("version");
  if (version !== ENVELOPE_VERSION) throw new UnsupportedEnvelopeVersionError({ version });
  const chainId = reader.u64("chainId");
  if (chainId === 0n) invalid("the header's chainId must not be 0");
  const dataId = reader.bytes(DATA_ID_BYTES, "dataId");
  const nonce = reader.bytes(NONCE_BYTES, "nonce");

  const ownerCount = reader.u8("owner slot count");
  if (ownerCount < 1 || ownerCount > MAX_OWNER_SLOTS) invalid(`owner slot count ${ownerCount} is not 1 … 16`);
  const ownerSlots: OwnerSlot[] = [];
  for (let i = 0; i < ownerCount; i++) ownerSlots.push(readOwnerSlot(reader));

  const readerCount = reader.u16("reader slot count");
  if (readerCount > MAX_READER_SLOTS) invalid(`reader slot count ${readerCount} is over ${MAX_READER_SLOTS}`);
  if (readerCount * READER_SLOT_BYTES > reader.remaining) invalid(`truncated: ${readerCount} reader slots announced`);
  const readerSlots: ReaderSlot[] = [];
  for (let i = 0; i < readerCount; i++) readerSlots.push(readReaderSlot(reader));

  const ciphertextLength = reader.u32("ciphertext length");
  if (ciphertextLength < SECRETBOX_OVERHEAD_BYTES || ciphertextLength > MAX_PAYLOAD_BYTES + SECRETBOX_OVERHEAD_BYTES) {
    invalid(`ciphertext length ${ciphertextLength} is out of range`);
  }
  const ciphertext = reader.bytes(ciphertextLength, "ciphertext");
  reader.end("envelope");
  assertDistinctSlotKeys({ ownerSlots, readerSlots });
  return { version: ENVELOPE_VERSION, header: { chainId, dataId }, nonce, ownerSlots, readerSlots, ciphertext };
}

/**
 * Parses one 128-byte reader slot, as {@link encodeReaderSlot} writes it.
 *
 * @example
 * ```ts
 * const slot = decodeReaderSlot({ bytes: slotBytes });
 * ```
 */
export function decodeReaderSlot({ bytes }: { bytes: Uint8Array }): ReaderSlot {
  if (!isBytes(bytes)) invalid("a reader slot is a Uint8Array");
  const reader = new ByteReader(bytes);
  const slot = readReaderSlot(reader);
  reader.end("reader slot");
  return slot;
}
