/**
 * The x25519 key pair object. Its secret key lives in a `#private` field and never leaves the object: no getter,
 * no serialization, no inspection shows it. SDK code that needs the secret (opening a wrapped data key) goes
 * through {@link openBoxWithKeyPair}, which runs the box operation inside this module and returns only its result.
 *
 * @module
 */
import nacl from "tweetnacl";
import { isBytes, toHex } from "../crypto/bytes.ts";
import { systemRandom } from "../crypto/random.ts";
import { X25519_KEY_BYTES } from "../crypto/public-key.ts";
import { InvalidKeyError } from "../errors.ts";
import { assertKeyOrigin, copyKeyOrigin, type KeyOrigin } from "./key-origin.ts";

/**
 * What `toJSON` returns: public data only, JSON-safe (hex for bytes, decimal strings for bigints).
 *
 * @example
 * ```ts
 * const json: EncryptionKeyPairJson = keyPair.toJSON(); // { publicKey: "0x…", origin: { kind: "wallet", … } }
 * ```
 */
export type EncryptionKeyPairJson = {
  publicKey: `0x${string}`;
  origin?: Record<string, string | number>;
};

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** Set in the class's static block; the only code that reads `#secretKey`. */
let openBox: (
  keyPair: EncryptionKeyPair,
  box: { ciphertext: Uint8Array; nonce: Uint8Array; peerPublicKey: Uint8Array },
) => Uint8Array | null;

/**
 * An x25519 encryption key pair (the kind `nacl.box` uses). Holds the secret key privately and exposes only the
 * public key and, when known, where the key came from ({@link KeyOrigin}). `String(key)`, `JSON.stringify(key)`
 * and `util.inspect(key)` show the public key only.
 *
 * Get one from {@link keyPairFromPassword}, {@link keyPairFromWalletSignature}, {@link keyPairFromRecoveryPhrase},
 * or {@link EncryptionKeyPair.generate} for a random key.
 *
 * @example
 * ```ts
 * const keyPair = EncryptionKeyPair.generate();
 * console.log(String(keyPair)); // EncryptionKeyPair(publicKey=0x…)
 * const envelope = seal({ payload, chainId: 1n, dataId, owners: [ownerKeyPair], readers: [keyPair.publicKey] });
 * ```
 */
export class EncryptionKeyPair {
  readonly #secretKey: Uint8Array;
  readonly #publicKey: Uint8Array;
  #destroyed = false;
  /** Where the key came from, if it was derived by the SDK; public data. */
  readonly origin: KeyOrigin | undefined;

  static {
    openBox = (keyPair, { ciphertext, nonce, peerPublicKey }) => {
      keyPair.#assertUsable();
      return nacl.box.open(ciphertext, nonce, peerPublicKey, keyPair.#secretKey);
    };
  }

  private constructor(secretKey: Uint8Array, origin: KeyOrigin | undefined) {
    this.#secretKey = Uint8Array.from(secretKey);
    this.#publicKey = nacl.scalarMult.base(this.#secretKey);
    this.origin = origin === undefined ? undefined : copyKeyOrigin(origin);
  }

  /**
   * A key pair from a 32-byte x25519 secret key. The bytes are copied; wipe your copy afterwards.
   *
   * @example
   * ```ts
   * const keyPair = EncryptionKeyPair.fromSecretKey({ secretKey });
   * secretKey.fill(0);
   * ```
   */
  static fromSecretKey({ secretKey, origin }: { secretKey: Uint8Array; origin?: KeyOrigin }): EncryptionKeyPair {
    if (!isBytes(secretKey, X25519_KEY_BYTES)) {
      throw new InvalidKeyError("Invalid secret key.", { details: "an x25519 secret key is a 32-byte Uint8Array" });
    }
    if (origin !== undefined) assertKeyOrigin(origin);
    return new EncryptionKeyPair(secretKey, origin);
  }

  /**
   * A fresh random key pair (no origin: it cannot be derived again, so keep it somewhere safe or use it briefly).
   *
   * @example
   * ```ts
   * const reader = EncryptionKeyPair.generate();
   * ```
   */
  static generate(): EncryptionKeyPair {
    const secretKey = systemRandom(X25519_KEY_BYTES);
    try {
      return new EncryptionKeyPair(secretKey, undefined);
    } finally {
      secretKey.fill(0);
    }
  }

  /**
   * The 32-byte x25519 public key (a copy: changing it changes nothing here).
   *
   * @example
   * ```ts
   * await keyRegistry.setEncryptionKey(keyPair.publicKey);
   * ```
   */
  get publicKey(): Uint8Array {
    return Uint8Array.from(this.#publicKey);
  }

  /**
   * Whether the key pair was destroyed.
   *
   * @example
   * ```ts
   * keyPair.destroy();
   * keyPair.destroyed; // true
   * ```
   */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /**
   * Overwrites the secret key with zeros; every later use throws `InvalidKeyError`. JavaScript cannot promise that
   * no other copy exists in memory, but this one is gone.
   *
   * @example
   * ```ts
   * try {
   *   const payload = open({ envelope, keyPair });
   * } finally {
   *   keyPair.destroy();
   * }
   * ```
   */
  destroy(): void {
    this.#secretKey.fill(0);
    this.#destroyed = true;
  }

  /**
   * `EncryptionKeyPair(publicKey=0x…, origin=…)`: the public key only.
   *
   * @example
   * ```ts
   * `${keyPair}`; // "EncryptionKeyPair(publicKey=0x…, origin=password)"
   * ```
   */
  toString(): string {
    const origin = this.origin === undefined ? "" : `, origin=${this.origin.kind}`;
    return `EncryptionKeyPair(publicKey=${toHex(this.#publicKey)}${origin})`;
  }

  /**
   * The public key and origin, JSON-safe. Never the secret key.
   *
   * @example
   * ```ts
   * JSON.stringify(keyPair); // {"publicKey":"0x…","origin":{"kind":"recovery-phrase"}}
   * ```
   */
  toJSON(): EncryptionKeyPairJson {
    const json: EncryptionKeyPairJson = { publicKey: toHex(this.#publicKey) };
    if (this.origin !== undefined) json.origin = originToJson(this.origin);
    return json;
  }

  /**
   * What Node's `util.inspect` and `console.log` show: the same as `toString()`.
   *
   * @example
   * ```ts
   * console.log(keyPair); // EncryptionKeyPair(publicKey=0x…)
   * ```
   */
  [INSPECT](): string {
    return this.toString();
  }

  #assertUsable(): void {
    if (this.#destroyed) throw new InvalidKeyError("The key pair was destroyed.");
  }
}

function originToJson(origin: KeyOrigin): Record<string, string | number> {
  switch (origin.kind) {
    case "password":
      return { kind: origin.kind, salt: toHex(origin.salt), logN: origin.logN, r: origin.r, p: origin.p };
    case "wallet":
      return {
        kind: origin.kind,
        chainId: origin.chainId.toString(),
        verifyingContract: origin.verifyingContract,
        keyVersion: origin.keyVersion,
      };
    case "recovery-phrase":
      return { kind: origin.kind };
  }
}

/**
 * Opens a `nacl.box` with the key pair's secret key, inside this module: the secret never leaves it. Returns the
 * plaintext, or `null` if the box does not open (the caller turns that into `DecryptionFailedError`).
 *
 * @internal Used by the crypto module's unwrap; not exported from the SDK's index.
 * @example
 * ```ts
 * const dataKey = openBoxWithKeyPair({ keyPair, ciphertext, nonce, peerPublicKey: ephemeralPublicKey });
 * ```
 */
export function openBoxWithKeyPair({
  keyPair,
  ciphertext,
  nonce,
  peerPublicKey,
}: {
  keyPair: EncryptionKeyPair;
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  peerPublicKey: Uint8Array;
}): Uint8Array | null {
  if (!(keyPair instanceof EncryptionKeyPair)) {
    throw new InvalidKeyError("Invalid key pair.", { details: "expected an EncryptionKeyPair" });
  }
  return openBox(keyPair, { ciphertext, nonce, peerPublicKey });
}
