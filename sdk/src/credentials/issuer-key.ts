/**
 * An issuer's Ed25519 signing key, identified as a did:key. The secret key lives in a `#private` field: no getter,
 * `toJSON`, `toString` or `util.inspect` shows it, and only {@link IssuerKey.export} with `includeSecretKey: true`
 * writes it out (to persist the key). The SDK signs through {@link issuerSigner}, which hands the Digital Bazaar
 * suites a signer without handing them the key.
 *
 * @module
 */
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { InvalidKeyError } from "../errors.ts";

/**
 * A Multikey verification method (W3C Controlled Identifiers), as {@link IssuerKey.export} writes it. The
 * `secretKeyMultibase` is present only when asked for.
 *
 * @example
 * ```ts
 * const multikey: IssuerMultikey = await issuerKey.export(); // { type: "Multikey", id, controller, publicKeyMultibase }
 * ```
 */
export type IssuerMultikey = {
  "@context": "https://w3id.org/security/multikey/v1";
  id: string;
  type: "Multikey";
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase?: string;
};

/**
 * A Data Integrity signer: the verification method id, the algorithm, and a `sign` that keeps the key inside.
 *
 * @example
 * ```ts
 * const suite = new DataIntegrityProof({ signer: issuerSigner({ issuerKey }), cryptosuite });
 * ```
 */
export type IssuerSigner = {
  id: string;
  algorithm: string;
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
};

const MULTIKEY_CONTEXT_V1_URL = "https://w3id.org/security/multikey/v1";
const ED25519_SEED_BYTES = 32;
const ED25519_PUBLIC_PREFIX = "z6Mk";
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** Set in the class's static block; the only code that reads `#keyPair`. */
let signerOf: (issuerKey: IssuerKey) => IssuerSigner;

/**
 * An Ed25519 issuer key as did:key. `did` is the issuer id written into credentials; `verificationMethod` is the
 * key id their proofs name.
 *
 * @example
 * ```ts
 * const issuerKey = await IssuerKey.generate();
 * console.log(String(issuerKey)); // IssuerKey(did:key:z6Mk…)
 * const stored = await issuerKey.export({ includeSecretKey: true }); // keep in a secret store
 * const again = await IssuerKey.fromMultikey({ multikey: stored });
 * ```
 */
export class IssuerKey {
  readonly #keyPair: DigitalBazaarEd25519KeyPair;
  #destroyed = false;
  /** The issuer's DID, `did:key:z6Mk…`. */
  readonly did: string;
  /** The verification method id, `did:key:z6Mk…#z6Mk…`. */
  readonly verificationMethod: string;
  /** The public key, multibase-encoded (`z6Mk…`). */
  readonly publicKeyMultibase: string;

  static {
    signerOf = (issuerKey) => {
      if (issuerKey.#destroyed) throw new InvalidKeyError("The issuer key was destroyed.");
      const signer = issuerKey.#keyPair.signer();
      return { id: signer.id, algorithm: signer.algorithm, sign: (input) => signer.sign(input) };
    };
  }

  private constructor(keyPair: DigitalBazaarEd25519KeyPair) {
    this.#keyPair = keyPair;
    this.publicKeyMultibase = keyPair.publicKeyMultibase;
    this.did = `did:key:${keyPair.publicKeyMultibase}`;
    this.verificationMethod = `${this.did}#${keyPair.publicKeyMultibase}`;
  }

  /**
   * A fresh random issuer key.
   *
   * @example
   * ```ts
   * const issuerKey = await IssuerKey.generate();
   * ```
   */
  static async generate(): Promise<IssuerKey> {
    return IssuerKey.#fromGenerated(await Ed25519Multikey.generate());
  }

  /**
   * The issuer key of a 32-byte Ed25519 seed (the RFC 8032 secret key). The bytes are copied; wipe yours after.
   *
   * @example
   * ```ts
   * const issuerKey = await IssuerKey.fromSeed({ seed });
   * seed.fill(0);
   * ```
   */
  static async fromSeed({ seed }: { seed: Uint8Array }): Promise<IssuerKey> {
    if (!(seed instanceof Uint8Array) || seed.length !== ED25519_SEED_BYTES) {
      throw new InvalidKeyError("Invalid issuer seed.", { details: "an Ed25519 seed is a 32-byte Uint8Array" });
    }
    const copy = Uint8Array.from(seed);
    try {
      return IssuerKey.#fromGenerated(await Ed25519Multikey.generate({ seed: copy }));
    } finally {
      copy.fill(0);
    }
  }

  /**
   * Imports a key written by {@link IssuerKey.export} with `includeSecretKey: true` (any Multikey with an Ed25519
   * `publicKeyMultibase` and `secretKeyMultibase`). Checks that the two halves belong together.
   *
   * @example
   * ```ts
   * const issuerKey = await IssuerKey.fromMultikey({ multikey: JSON.parse(secretStore.read("issuer")) });
   * ```
   */
  static async fromMultikey({
    multikey,
  }: {
    multikey: { publicKeyMultibase: string; secretKeyMultibase: string };
  }): Promise<IssuerKey> {
    const { publicKeyMultibase, secretKeyMultibase } = multikey ?? {};
    if (typeof publicKeyMultibase !== "string" || !publicKeyMultibase.startsWith(ED25519_PUBLIC_PREFIX)) {
      throw new InvalidKeyError("Invalid issuer key.", {
        details: "publicKeyMultibase must be an Ed25519 key (z6Mk…)",
      });
    }
    if (typeof secretKeyMultibase !== "string" || secretKeyMultibase.length === 0) {
      throw new InvalidKeyError("Invalid issuer key.", { details: "secretKeyMultibase is required to sign" });
    }
    let keyPair: DigitalBazaarEd25519KeyPair;
    try {
      const did = `did:key:${publicKeyMultibase}`;
      keyPair = await Ed25519Multikey.from({
        "@context": MULTIKEY_CONTEXT_V1_URL,
        type: "Multikey",
        id: `${did}#${publicKeyMultibase}`,
        controller: did,
        publicKeyMultibase,
        secretKeyMultibase,
      });
    } catch {
      // No cause: the library's message could describe the secret key's encoding.
      throw new InvalidKeyError("Invalid issuer key.", { details: "the multibase key material does not decode" });
    }
    const issuerKey = new IssuerKey(keyPair);
    await issuerKey.#assertHalvesMatch();
    return issuerKey;
  }

  static async #fromGenerated(generated: DigitalBazaarEd25519KeyPair): Promise<IssuerKey> {
    const did = `did:key:${generated.publicKeyMultibase}`;
    generated.id = `${did}#${generated.publicKeyMultibase}`;
    generated.controller = did;
    return new IssuerKey(generated);
  }

  async #assertHalvesMatch(): Promise<void> {
    const data = new TextEncoder().encode("idem issuer key check");
    let matches: boolean;
    try {
      const signature = await this.#keyPair.signer().sign({ data });
      matches = await this.#keyPair.verifier().verify({ data, signature });
    } catch {
      matches = false; // no cause: a crypto library error about the key could describe it
    }
    if (!matches) {
      throw new InvalidKeyError("Invalid issuer key.", { details: "the secret key does not match the public key" });
    }
  }

  /**
   * Whether {@link IssuerKey.destroy} was called.
   *
   * @example
   * ```ts
   * issuerKey.destroyed; // false
   * ```
   */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /**
   * The key as a Multikey document: public material only, unless `includeSecretKey` is `true`.
   *
   * @example
   * ```ts
   * const publicOnly = await issuerKey.export();
   * const withSecret = await issuerKey.export({ includeSecretKey: true });
   * ```
   */
  async export({ includeSecretKey = false }: { includeSecretKey?: boolean } = {}): Promise<IssuerMultikey> {
    const multikey = this.toJSON();
    if (includeSecretKey) {
      if (this.#destroyed) throw new InvalidKeyError("The issuer key was destroyed.");
      const exported = await this.#keyPair.export({ publicKey: true, secretKey: true, canonicalize: true });
      multikey.secretKeyMultibase = String(exported.secretKeyMultibase);
    }
    return multikey;
  }

  /**
   * Overwrites the secret key bytes with zeros; signing or exporting the secret afterwards throws
   * `InvalidKeyError`. JavaScript cannot promise no other copy exists, but this one is gone.
   *
   * @example
   * ```ts
   * issuerKey.destroy();
   * ```
   */
  destroy(): void {
    this.#keyPair.secretKey?.fill(0);
    this.#destroyed = true;
  }

  /**
   * `IssuerKey(did:key:z6Mk…)`: the DID only.
   *
   * @example
   * ```ts
   * `${issuerKey}`; // "IssuerKey(did:key:z6Mk…)"
   * ```
   */
  toString(): string {
    return `IssuerKey(${this.did})`;
  }

  /**
   * The public Multikey document. Never the secret key.
   *
   * @example
   * ```ts
   * JSON.stringify(issuerKey); // {"@context":"https://w3id.org/security/multikey/v1","id":"did:key:…#…",…}
   * ```
   */
  toJSON(): IssuerMultikey {
    return {
      "@context": MULTIKEY_CONTEXT_V1_URL,
      id: this.verificationMethod,
      type: "Multikey",
      controller: this.did,
      publicKeyMultibase: this.publicKeyMultibase,
    };
  }

  /**
   * What Node's `util.inspect` and `console.log` show: the same as `toString()`.
   *
   * @example
   * ```ts
   * console.log(issuerKey); // IssuerKey(did:key:z6Mk…)
   * ```
   */
  [INSPECT](): string {
    return this.toString();
  }
}

/**
 * A Data Integrity signer for the issuer key; the secret stays inside this module.
 *
 * @internal Used by issuance and status lists; not exported from the SDK's index.
 * @example
 * ```ts
 * const suite = new DataIntegrityProof({ signer: issuerSigner({ issuerKey }), cryptosuite });
 * ```
 */
export function issuerSigner({ issuerKey }: { issuerKey: IssuerKey }): IssuerSigner {
  if (!(issuerKey instanceof IssuerKey)) {
    throw new InvalidKeyError("Invalid issuer key.", { details: "expected an IssuerKey" });
  }
  return signerOf(issuerKey);
}
