/**
 * An x25519 key pair from a password.
 *
 * @module
 */
import { hkdf } from "@noble/hashes/hkdf.js";
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { isBytes, utf8 } from "../crypto/bytes.ts";
import { InvalidKeyError } from "../errors.ts";
import { PASSWORD_SALT_MAX_BYTES, PASSWORD_SALT_MIN_BYTES } from "./key-origin.ts";
import { EncryptionKeyPair } from "./key-pair.ts";
import { assertScryptParameters, SCRYPT_PARAMETERS, type ScryptParameters } from "./scrypt-parameters.ts";

const PASSWORD_LABEL = utf8("idem/x25519/password/v1");

/**
 * What {@link keyPairFromPassword} takes.
 *
 * @example
 * ```ts
 * const parameters: KeyPairFromPasswordParameters = { password, salt, onProgress: (p) => bar.update(p) };
 * ```
 */
export type KeyPairFromPasswordParameters = {
  /** The password. Normalized to Unicode NFKC, then UTF-8. Must not be empty. */
  password: string;
  /** The user's salt: 16 … 64 bytes, not secret, unique per user (see {@link generatePasswordSalt}). */
  salt: Uint8Array;
  /** scrypt cost; {@link SCRYPT_PARAMETERS} (N=2^17, r=8, p=1) unless an owner slot says otherwise. */
  scrypt?: ScryptParameters;
  /** Called with the progress (0 … 1) while scrypt runs, for a progress bar. */
  onProgress?: (progress: number) => void;
};

/**
 * Derives an x25519 key pair from a password:
 * `secret = HKDF-SHA256(ikm = scrypt(NFKC(password), salt, N = 2^logN, r, p, dkLen = 32), salt = none,
 * info = "idem/x25519/password/v1", 32)`. Defaults: N = 2^17, r = 8, p = 1 (128 MiB, about 0.3–1 s); the
 * derivation yields to the event loop so a browser stays responsive.
 *
 * The salt: 16 … 64 bytes the caller supplies, unique per user — {@link generatePasswordSalt} makes 32 random bytes
 * once per user. It is public: every password owner slot records it (with the scrypt parameters) so the password
 * alone, with any envelope, derives the key again. A per-user salt stops precomputed tables, not guessing: anyone
 * with the public key and the salt can try passwords offline at scrypt's cost, so ask for a strong password (or
 * prefer a wallet or recovery-phrase key).
 *
 * The password and intermediate keys are wiped as far as JavaScript allows; nothing about them reaches an error.
 *
 * @example
 * ```ts
 * const salt = generatePasswordSalt(); // once per user; store it in the profile
 * const keyPair = await keyPairFromPassword({ password, salt });
 * const envelope = seal({ payload, chainId, dataId, owners: [keyPair] });
 *
 * // Later, from the envelope alone:
 * const slot = envelope.ownerSlots.find((s) => s.origin.kind === "password")!;
 * if (slot.origin.kind === "password") {
 *   const again = await keyPairFromPassword({ password, salt: slot.origin.salt, scrypt: slot.origin });
 * }
 * ```
 */
export async function keyPairFromPassword({
  password,
  salt,
  scrypt = SCRYPT_PARAMETERS,
  onProgress,
}: KeyPairFromPasswordParameters): Promise<EncryptionKeyPair> {
  if (typeof password !== "string" || password.length === 0) {
    throw new InvalidKeyError("The password must be a non-empty string.");
  }
  if (!isBytes(salt) || salt.length < PASSWORD_SALT_MIN_BYTES || salt.length > PASSWORD_SALT_MAX_BYTES) {
    throw new InvalidKeyError("Invalid password salt.", {
      details: `the salt must be a Uint8Array of ${PASSWORD_SALT_MIN_BYTES} … ${PASSWORD_SALT_MAX_BYTES} bytes`,
    });
  }
  const { logN, r, p } = scrypt;
  assertScryptParameters({ logN, r, p });
  const passwordBytes = utf8(password.normalize("NFKC"));
  const stretched = await scryptAsync(passwordBytes, salt, {
    N: 2 ** logN,
    r,
    p,
    dkLen: 32,
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  const secretKey = hkdf(sha256, stretched, undefined, PASSWORD_LABEL, 32);
  try {
    return EncryptionKeyPair.fromSecretKey({ secretKey, origin: { kind: "password", salt, logN, r, p } });
  } finally {
    passwordBytes.fill(0);
    stretched.fill(0);
    secretKey.fill(0);
  }
}
