/**
 * Where an owner key comes from. An envelope's owner slot records it, so a user holding only the envelope and one
 * secret (a password, a wallet, a recovery phrase) knows how to derive the key that opens it. Everything here is
 * public: a salt and scrypt parameters, a chain and a contract, or nothing.
 *
 * @module
 */
import { isBytes } from "../crypto/bytes.ts";
import { InvalidKeyError } from "../errors.ts";
import { isValidScryptParameters, type ScryptParameters } from "./scrypt-parameters.ts";

/**
 * Smallest salt accepted for password keys, in bytes.
 *
 * @example
 * ```ts
 * if (salt.length < PASSWORD_SALT_MIN_BYTES) throw new Error("salt too short");
 * ```
 */
export const PASSWORD_SALT_MIN_BYTES = 16;

/**
 * Largest salt accepted for password keys, in bytes.
 *
 * @example
 * ```ts
 * if (salt.length > PASSWORD_SALT_MAX_BYTES) throw new Error("salt too long");
 * ```
 */
export const PASSWORD_SALT_MAX_BYTES = 64;

/**
 * A key derived from a password by scrypt with this salt and these parameters ({@link keyPairFromPassword}).
 *
 * @example
 * ```ts
 * const origin: PasswordKeyOrigin = { kind: "password", salt, logN: 17, r: 8, p: 1 };
 * ```
 */
export type PasswordKeyOrigin = { readonly kind: "password"; readonly salt: Uint8Array } & ScryptParameters;

/**
 * A key derived from the wallet's EIP-712 signature for this chain, KeyRegistry contract and key version
 * ({@link keyPairFromWalletSignature}). `verifyingContract` is lower-case hex.
 *
 * @example
 * ```ts
 * const origin: WalletKeyOrigin = { kind: "wallet", chainId: 1n, verifyingContract: "0x5fbd…0aa3", keyVersion: 1 };
 * ```
 */
export type WalletKeyOrigin = {
  readonly kind: "wallet";
  readonly chainId: bigint;
  readonly verifyingContract: `0x${string}`;
  readonly keyVersion: number;
};

/**
 * A key derived from a printed BIP-39 recovery phrase ({@link keyPairFromRecoveryPhrase}).
 *
 * @example
 * ```ts
 * const origin: RecoveryPhraseKeyOrigin = { kind: "recovery-phrase" };
 * ```
 */
export type RecoveryPhraseKeyOrigin = { readonly kind: "recovery-phrase" };

/**
 * Where an owner key comes from: a password, a wallet signature or a recovery phrase.
 *
 * @example
 * ```ts
 * if (slot.origin.kind === "password") await keyPairFromPassword({ password, salt: slot.origin.salt, scrypt: slot.origin });
 * ```
 */
export type KeyOrigin = PasswordKeyOrigin | WalletKeyOrigin | RecoveryPhraseKeyOrigin;

const MAX_U64 = 2n ** 64n - 1n;

/**
 * Why `origin` is not a valid key origin, or `undefined` if it is. Public data only goes into the reason.
 *
 * @example
 * ```ts
 * keyOriginProblem({ kind: "recovery-phrase" }); // undefined
 * ```
 */
export function keyOriginProblem(origin: KeyOrigin): string | undefined {
  switch (origin?.kind) {
    case "password":
      if (!isBytes(origin.salt) || origin.salt.length < PASSWORD_SALT_MIN_BYTES) {
        return `the password salt must be at least ${PASSWORD_SALT_MIN_BYTES} bytes`;
      }
      if (origin.salt.length > PASSWORD_SALT_MAX_BYTES) {
        return `the password salt must be at most ${PASSWORD_SALT_MAX_BYTES} bytes`;
      }
      if (!isValidScryptParameters(origin)) return "the scrypt parameters are out of range";
      return undefined;
    case "wallet":
      if (typeof origin.chainId !== "bigint" || origin.chainId <= 0n || origin.chainId > MAX_U64) {
        return "the chain id must be a bigint in 1 … 2^64-1";
      }
      if (typeof origin.verifyingContract !== "string" || !/^0x[0-9a-f]{40}$/.test(origin.verifyingContract)) {
        return "the verifying contract must be a lower-case 0x-prefixed 20-byte hex address";
      }
      if (!Number.isInteger(origin.keyVersion) || origin.keyVersion < 0 || origin.keyVersion > 0xffff_ffff) {
        return "the key version must be an integer in 0 … 2^32-1";
      }
      return undefined;
    case "recovery-phrase":
      return undefined;
    default:
      return "unknown key origin kind";
  }
}

/**
 * Throws `InvalidKeyError` unless `origin` is a valid key origin.
 *
 * @example
 * ```ts
 * assertKeyOrigin({ kind: "recovery-phrase" });
 * ```
 */
export function assertKeyOrigin(origin: KeyOrigin): void {
  const problem = keyOriginProblem(origin);
  if (problem !== undefined) throw new InvalidKeyError("Invalid key origin.", { details: problem });
}

/**
 * A frozen copy of `origin` (the salt copied too), so later changes to the caller's object change nothing here.
 *
 * @example
 * ```ts
 * const origin = copyKeyOrigin(keyPair.origin);
 * ```
 */
export function copyKeyOrigin(origin: KeyOrigin): KeyOrigin {
  return Object.freeze(origin.kind === "password" ? { ...origin, salt: Uint8Array.from(origin.salt) } : { ...origin });
}
