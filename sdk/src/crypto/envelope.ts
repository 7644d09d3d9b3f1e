/**
 * The Idem envelope: one credential's ciphertext, the data key wrapped for each owner key and each reader, and an
 * authenticated header binding it to its chain and dataId.
 *
 * ## Construction (version 1)
 *
 * - A fresh random 32-byte **data key** `K` and a fresh random 24-byte nonce per envelope.
 * - **Header** `H` = magic ‖ version ‖ chainId ‖ dataId (45 bytes, below).
 * - **Payload**: `nacl.secretbox(payload, nonce, Kp)` (XSalsa20-Poly1305) with
 *   `Kp = HKDF-SHA256(ikm = K, salt = none, info = "idem/envelope/v1/payload" ‖ H, 32)`.
 * - **Key slots**: `K` is wrapped for each owner key and each reader as a libsodium sealed box
 *   (`crypto_box_seal`): a fresh ephemeral x25519 key pair per wrap, `nonce = BLAKE2b-192(ephemeralPk ‖ recipientPk)`,
 *   `wrappedKey = nacl.box(K, nonce, recipientPk, ephemeralSk)` (48 bytes). Nothing else is encrypted to the key.
 * - **Slot tags**: each slot carries `tag = HMAC-SHA256(Kt, role ‖ slotBody)[0..16]` with
 *   `Kt = HKDF-SHA256(ikm = K, salt = none, info = "idem/envelope/v1/slot-tag" ‖ H, 32)`, role 0x01 for an owner
 *   slot and 0x02 for a reader slot, and slotBody the slot's encoding without its tag.
 *
 * ## Why the header is authenticated through the key, not through the plaintext
 *
 * The header is bound by deriving the payload key from `K` and `H` rather than by sealing a hash of `H` inside the
 * plaintext. A changed header then gives a different key and the ordinary Poly1305 check fails: there is no second
 * comparison to get wrong or to time, no header hash to strip before returning the plaintext, no extra bytes, and a
 * tampered header fails exactly like a tampered ciphertext (one `DecryptionFailedError`). It also separates the key
 * that encrypts the payload from the key that is wrapped and the key that tags slots.
 *
 * ## Why slots are tagged separately
 *
 * Slots are not inside the secretbox, because a node must be able to drop a revoked grantee's slot, and the owner
 * to add one, without re-encrypting the payload (the point of envelope encryption). Each slot is instead tagged
 * under a key only holders of `K` can derive. Whoever opens an envelope checks every slot's tag, so any change to
 * any byte of any slot — someone else's included — fails for every reader, while removing a whole slot stays
 * possible for a node. What the tags cannot stop: a holder of `K` (any reader) can add slots, and anyone can remove
 * or reorder them. Confidentiality never depends on slots, only on who can unwrap `K`.
 *
 * The envelope does not authenticate who wrote it: anyone can seal a payload to a public key. Authorship comes from
 * the credential's own signature and from the on-chain anchor of the dataId.
 *
 * ## Byte layout (version 1, integers big-endian)
 *
 * ```text
 * offset  size  field
 *      0     4  magic "IDEM" (0x4944454d)                  ┐
 *      4     1  version = 0x01                             │ header H (45 bytes), bound into Kp and Kt
 *      5     8  chainId (uint64, ≥ 1)                      │
 *     13    32  dataId                                     ┘
 *     45    24  nonce (secretbox)
 *     69     1  ownerSlotCount (1 … 16)
 *            …  ownerSlotCount × owner slot:
 *                 1  kind: 0x01 password, 0x02 wallet, 0x03 recovery phrase
 *                 …  origin:  password: logN u8 ‖ r u8 ‖ p u8 ‖ saltLength u8 (16 … 64) ‖ salt
 *                             wallet:   chainId u64 ‖ verifyingContract (20) ‖ keyVersion u32
 *                             recovery: (nothing)
 *                32  recipient public key
 *                32  ephemeral public key
 *                48  wrapped data key
 *                16  tag
 *      …     2  readerSlotCount (0 … 1024)
 *            …  readerSlotCount × reader slot (128 bytes):
 *                32  recipient public key ‖ 32 ephemeral public key ‖ 48 wrapped data key ‖ 16 tag
 *      …     4  ciphertextLength (16 … 16 MiB + 16)
 *      …     …  ciphertext (Poly1305 tag ‖ XSalsa20 ciphertext, as nacl.secretbox returns it)
 *               end of input: nothing may follow
 * ```
 *
 * A reader slot costs 128 bytes; an owner slot 129 (recovery phrase) to 197 (password, 64-byte salt) bytes.
 * Parsing is strict: every field has exactly one encoding, so `encode(decode(bytes))` equals `bytes`.
 *
 * Binary rather than JSON: fixed widths give one encoding per envelope (JSON allows many: key order, whitespace,
 * hex case, number forms), lengths are checked before anything is allocated, and a slot stays 128 bytes instead of
 * ~180 in base64 JSON. Transports that need text can base64 the whole envelope.
 *
 * @module
 */
import type { KeyOrigin } from "../keys/key-origin.ts";

/**
 * The envelope format version this SDK writes and reads.
 *
 * @example
 * ```ts
 * if (envelope.version === ENVELOPE_VERSION) console.log("current format");
 * ```
 */
export const ENVELOPE_VERSION = 1;

/**
 * "IDEM": the first four bytes of every envelope.
 *
 * @example
 * ```ts
 * const looksLikeEnvelope = ENVELOPE_MAGIC.every((byte, i) => bytes[i] === byte);
 * ```
 */
export const ENVELOPE_MAGIC: Uint8Array = Uint8Array.of(0x49, 0x44, 0x45, 0x4d);

/**
 * magic (4) + version (1) + chainId (8) + dataId (32).
 *
 * @example
 * ```ts
 * encodeHeader({ header }).length === HEADER_BYTES; // true
 * ```
 */
export const HEADER_BYTES = 45;

/**
 * Length of a dataId, in bytes (a `bytes32` on-chain).
 *
 * @example
 * ```ts
 * const dataId = crypto.getRandomValues(new Uint8Array(DATA_ID_BYTES));
 * ```
 */
export const DATA_ID_BYTES = 32;

/**
 * Length of a data key, in bytes.
 *
 * @example
 * ```ts
 * const dataKey = systemRandom(DATA_KEY_BYTES);
 * ```
 */
export const DATA_KEY_BYTES = 32;

/**
 * Length of the secretbox nonce, in bytes.
 *
 * @example
 * ```ts
 * const nonce = systemRandom(NONCE_BYTES);
 * ```
 */
export const NONCE_BYTES = 24;

/**
 * Length of a wrapped data key: the 32-byte key plus a 16-byte Poly1305 tag.
 *
 * @example
 * ```ts
 * slot.wrappedKey.length === WRAPPED_KEY_BYTES; // true
 * ```
 */
export const WRAPPED_KEY_BYTES = 48;

/**
 * Length of a slot's tag, in bytes.
 *
 * @example
 * ```ts
 * slot.tag.length === SLOT_TAG_BYTES; // true
 * ```
 */
export const SLOT_TAG_BYTES = 16;

/**
 * Length of an encoded reader slot, in bytes.
 *
 * @example
 * ```ts
 * const growth = envelope.readerSlots.length * READER_SLOT_BYTES;
 * ```
 */
export const READER_SLOT_BYTES = 128;

/**
 * Poly1305 tag length, in bytes: a ciphertext is the payload plus this.
 *
 * @example
 * ```ts
 * const payloadLength = envelope.ciphertext.length - SECRETBOX_OVERHEAD_BYTES;
 * ```
 */
export const SECRETBOX_OVERHEAD_BYTES = 16;

/**
 * Owner slots per envelope: at least one, at most this many.
 *
 * @example
 * ```ts
 * const canAddOwner = envelope.ownerSlots.length < MAX_OWNER_SLOTS;
 * ```
 */
export const MAX_OWNER_SLOTS = 16;

/**
 * Reader slots per envelope: at most this many.
 *
 * @example
 * ```ts
 * const canGrant = envelope.readerSlots.length < MAX_READER_SLOTS;
 * ```
 */
export const MAX_READER_SLOTS = 1024;

/**
 * Largest payload an envelope holds, in bytes (16 MiB).
 *
 * @example
 * ```ts
 * if (payload.length > MAX_PAYLOAD_BYTES) throw new Error("store large files elsewhere");
 * ```
 */
export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

/**
 * Largest chainId the header holds (uint64).
 *
 * @example
 * ```ts
 * const fits = chainId >= 1n && chainId <= MAX_CHAIN_ID;
 * ```
 */
export const MAX_CHAIN_ID = 2n ** 64n - 1n;

/**
 * Owner slot kind bytes.
 *
 * @example
 * ```ts
 * OWNER_SLOT_KIND.password; // 0x01
 * ```
 */
export const OWNER_SLOT_KIND = Object.freeze({ password: 0x01, wallet: 0x02, "recovery-phrase": 0x03 } as const);

/**
 * Role bytes in the slot tag's input: an owner slot's tag does not verify as a reader slot's, and back.
 *
 * @example
 * ```ts
 * SLOT_ROLE.reader; // 0x02
 * ```
 */
export const SLOT_ROLE = Object.freeze({ owner: 0x01, reader: 0x02 } as const);

/**
 * The authenticated header: which chain and which dataId the envelope belongs to.
 *
 * @example
 * ```ts
 * const header: EnvelopeHeader = { chainId: 31337n, dataId: crypto.getRandomValues(new Uint8Array(32)) };
 * ```
 */
export type EnvelopeHeader = {
  /** The dataId's home chain. */
  readonly chainId: bigint;
  /** The 32-byte dataId, as anchored on-chain. */
  readonly dataId: Uint8Array;
};

/**
 * The data key sealed to one recipient's x25519 public key (a libsodium sealed box, split into its parts).
 *
 * @example
 * ```ts
 * const { publicKey, ephemeralPublicKey, wrappedKey } = envelope.readerSlots[0]!;
 * ```
 */
export type WrappedKey = {
  /** The recipient's x25519 public key: whoever holds its secret key can unwrap. */
  readonly publicKey: Uint8Array;
  /** The ephemeral public key of this wrap (fresh for every wrap). */
  readonly ephemeralPublicKey: Uint8Array;
  /** `nacl.box` of the data key: 48 bytes. */
  readonly wrappedKey: Uint8Array;
};

/**
 * A reader's slot: the wrapped data key and its tag. A grant adds one; revocation drops it.
 *
 * @example
 * ```ts
 * const slot: ReaderSlot | undefined = envelope.readerSlots.find((s) => equal(s.publicKey, grantee));
 * ```
 */
export type ReaderSlot = WrappedKey & {
  /** 16-byte tag binding the slot to the data key and header. */
  readonly tag: Uint8Array;
};

/**
 * An owner's slot: a wrapped data key for one of the owner's keys, and how that key is derived.
 *
 * @example
 * ```ts
 * const kinds = envelope.ownerSlots.map((slot) => slot.origin.kind); // ["wallet", "recovery-phrase"]
 * ```
 */
export type OwnerSlot = ReaderSlot & {
  /** How the owner derives this slot's key (public data). */
  readonly origin: KeyOrigin;
};

/**
 * A decoded envelope. Plain data: encode it with {@link encodeEnvelope}, change it only through
 * {@link addReader}, {@link removeReader}, {@link addOwnerSlot} and {@link removeOwnerSlot} (each returns a new one).
 *
 * @example
 * ```ts
 * const envelope: Envelope = seal({ payload, chainId: 1n, dataId, owners: [ownerKeyPair] });
 * envelope.header.chainId; // 1n
 * ```
 */
export type Envelope = {
  readonly version: typeof ENVELOPE_VERSION;
  readonly header: EnvelopeHeader;
  /** The secretbox nonce, 24 bytes. */
  readonly nonce: Uint8Array;
  /** One or more owner slots; any one opens the envelope and may change its slots. */
  readonly ownerSlots: readonly OwnerSlot[];
  /** Zero or more reader slots; each opens the envelope. */
  readonly readerSlots: readonly ReaderSlot[];
  /** `nacl.secretbox` output: 16-byte Poly1305 tag then the encrypted payload. */
  readonly ciphertext: Uint8Array;
};

/**
 * A public key to add as an owner slot and how it is derived. An {@link EncryptionKeyPair} from one of the
 * derivation functions is one; so is `{ publicKey, origin }` read from another envelope's slot.
 *
 * @example
 * ```ts
 * const owner: OwnerKey = await keyPairFromRecoveryPhrase({ phrase });
 * ```
 */
export type OwnerKey = { readonly publicKey: Uint8Array; readonly origin: KeyOrigin | undefined };
