/**
 * Typed errors of the Idem SDK: one `IdemError` base, one subclass per failure.
 *
 * Rules every subclass follows:
 * - `shortMessage` is one line a user can read; `details` says more, for a developer; `message` joins the two.
 * - No secret ever goes into a message, `details` or `cause`: no key, password, recovery phrase, data key,
 *   plaintext or signature. Messages name what was wrong ("the salt must be at least 16 bytes"), never the value.
 * - A failure whose kind depends on secret material (which key slot failed, whether a MAC or a header check
 *   failed) is one `DecryptionFailedError` with a fixed message and no cause, so it cannot serve as an oracle.
 *
 * Others append subclasses at the end of this file; keep one class per failure.
 */

/**
 * Options common to every `IdemError`.
 *
 * @example
 * ```ts
 * throw new InvalidKeyError("Invalid salt.", { details: "at least 16 bytes" });
 * ```
 */
export type IdemErrorParameters = {
  /** More detail for a developer. Never a secret. */
  details?: string | undefined;
  /** The underlying error, if any. Never set where the cause could carry secret-dependent detail. */
  cause?: unknown;
};

/**
 * Base class of every error the SDK throws on purpose.
 *
 * @example
 * ```ts
 * try {
 *   open({ envelope, keyPair });
 * } catch (error) {
 *   if (error instanceof IdemError) console.error(error.shortMessage);
 *   else throw error;
 * }
 * ```
 */
export class IdemError extends Error {
  override name = "IdemError";
  /** One line for a user. */
  readonly shortMessage: string;
  /** More detail for a developer, if any. */
  readonly details: string | undefined;

  constructor(shortMessage: string, { details, cause }: IdemErrorParameters = {}) {
    super(
      details === undefined ? shortMessage : `${shortMessage}\n\nDetails: ${details}`,
      cause === undefined ? undefined : { cause },
    );
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/**
 * Decryption failed. The one error for every failure to open an envelope or unwrap a data key: no slot for this
 * key, a wrong key, a tampered header, slot, nonce or ciphertext, or a header other than the one expected.
 * It carries no detail and no cause, by design: telling these apart would help an attacker.
 *
 * @example
 * ```ts
 * try {
 *   open({ envelope, keyPair });
 * } catch (error) {
 *   if (error instanceof DecryptionFailedError) console.error("cannot read this credential");
 * }
 * ```
 */
export class DecryptionFailedError extends IdemError {
  override name = "DecryptionFailedError";

  constructor() {
    super("Decryption failed.");
  }
}

/**
 * Bytes or an object that are not a well-formed envelope (or key slot): wrong magic, truncated, trailing bytes,
 * a count or length out of range, an unknown slot kind. Raised while parsing public bytes, before any key is
 * used, so it tells nobody anything they could not read from the bytes themselves.
 *
 * @example
 * ```ts
 * try {
 *   decodeEnvelope({ bytes });
 * } catch (error) {
 *   if (error instanceof InvalidEnvelopeError) console.error(error.details);
 * }
 * ```
 */
export class InvalidEnvelopeError extends IdemError {
  override name = "InvalidEnvelopeError";

  constructor({ details }: { details: string }) {
    super("Invalid envelope.", { details });
  }
}

/**
 * An envelope of a format version this SDK does not know. The version byte is public, so naming it is safe.
 *
 * @example
 * ```ts
 * try {
 *   decodeEnvelope({ bytes });
 * } catch (error) {
 *   if (error instanceof UnsupportedEnvelopeVersionError) console.error(`update the SDK to read v${error.version}`);
 * }
 * ```
 */
export class UnsupportedEnvelopeVersionError extends InvalidEnvelopeError {
  override name = "UnsupportedEnvelopeVersionError";
  /** The version byte found. */
  readonly version: number;

  constructor({ version }: { version: number }) {
    super({ details: `envelope version ${version} is not supported; this SDK reads version 1` });
    this.version = version;
  }
}

/**
 * A key, or the input a key is derived from, is unusable: wrong length, a small-order public key, an empty
 * password, a salt that is too short, scrypt parameters out of range, an invalid recovery phrase, a destroyed key
 * pair, or a derived key that is not the one expected. The message names the problem, never the value.
 *
 * @example
 * ```ts
 * try {
 *   await keyPairFromRecoveryPhrase({ phrase });
 * } catch (error) {
 *   if (error instanceof InvalidKeyError) console.error(error.shortMessage);
 * }
 * ```
 */
export class InvalidKeyError extends IdemError {
  override name = "InvalidKeyError";
}

/**
 * The wallet cannot derive an encryption key: its signature is not a 65-byte secp256k1 signature from the account
 * itself (ERC-1271 smart accounts, ERC-6492 wrappers) or is not in canonical low-s form. Such signatures need not
 * be deterministic, so a key derived from one could not be derived again.
 *
 * @example
 * ```ts
 * try {
 *   await keyPairFromWalletSignature({ signer, chainId, verifyingContract });
 * } catch (error) {
 *   if (error instanceof UnsupportedSignerError) console.error("use a password or a recovery phrase instead");
 * }
 * ```
 */
export class UnsupportedSignerError extends IdemError {
  override name = "UnsupportedSignerError";
}

/**
 * Removing this owner slot would leave the envelope with none, and nobody could ever add a reader or a slot again.
 *
 * @example
 * ```ts
 * try {
 *   removeOwnerSlot({ envelope, keyPair, publicKey });
 * } catch (error) {
 *   if (error instanceof LastOwnerSlotError) console.error("add another owner slot first");
 * }
 * ```
 */
export class LastOwnerSlotError extends IdemError {
  override name = "LastOwnerSlotError";

  constructor() {
    super("Cannot remove the last owner slot.", {
      details: "an envelope keeps at least one owner slot; add another (e.g. a recovery phrase) first",
    });
  }
}
