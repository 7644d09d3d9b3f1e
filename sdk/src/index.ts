/**
 * The Idem SDK's public API. A flat list of re-exports: modules not listed here (random sources, key schedule,
 * `…WithRandom` test variants, the key pair's internal box opener) are internal.
 *
 * @example
 * ```ts
 * import { EncryptionKeyPair, seal, open, encodeEnvelope, decodeEnvelope } from "idem/sdk";
 * ```
 *
 * @module
 */
export {
  DecryptionFailedError,
  IdemError,
  InvalidEnvelopeError,
  InvalidKeyError,
  LastOwnerSlotError,
  UnsupportedEnvelopeVersionError,
  UnsupportedSignerError,
  type IdemErrorParameters,
} from "./errors.ts";
export {
  DATA_ID_BYTES,
  ENVELOPE_VERSION,
  MAX_OWNER_SLOTS,
  MAX_PAYLOAD_BYTES,
  MAX_READER_SLOTS,
  READER_SLOT_BYTES,
  type Envelope,
  type EnvelopeHeader,
  type OwnerKey,
  type OwnerSlot,
  type ReaderSlot,
  type WrappedKey,
} from "./crypto/envelope.ts";
export { seal, type SealParameters } from "./crypto/seal.ts";
export { open, type OpenParameters } from "./crypto/open.ts";
export { addReader, type AddReaderParameters } from "./crypto/add-reader.ts";
export { removeReader } from "./crypto/remove-reader.ts";
export { addOwnerSlot, type AddOwnerSlotParameters } from "./crypto/add-owner-slot.ts";
export { removeOwnerSlot, type RemoveOwnerSlotParameters } from "./crypto/remove-owner-slot.ts";
export { encodeEnvelope, encodeReaderSlot } from "./crypto/encode.ts";
export { decodeEnvelope, decodeReaderSlot } from "./crypto/decode.ts";
export { EncryptionKeyPair, type EncryptionKeyPairJson } from "./keys/key-pair.ts";
export {
  PASSWORD_SALT_MAX_BYTES,
  PASSWORD_SALT_MIN_BYTES,
  type KeyOrigin,
  type PasswordKeyOrigin,
  type RecoveryPhraseKeyOrigin,
  type WalletKeyOrigin,
} from "./keys/key-origin.ts";
export { SCRYPT_LIMITS, SCRYPT_PARAMETERS, type ScryptParameters } from "./keys/scrypt-parameters.ts";
export { generatePasswordSalt } from "./keys/generate-password-salt.ts";
export { keyPairFromPassword, type KeyPairFromPasswordParameters } from "./keys/from-password.ts";
export {
  ENCRYPTION_KEY_DOMAIN_NAME,
  ENCRYPTION_KEY_DOMAIN_VERSION,
  ENCRYPTION_KEY_PURPOSE,
  ENCRYPTION_KEY_TYPES,
  encryptionKeyTypedData,
  type EncryptionKeyTypedData,
} from "./keys/encryption-key-typed-data.ts";
export {
  keyPairFromWalletSignature,
  type KeyPairFromWalletSignatureParameters,
  type TypedDataSigner,
} from "./keys/from-wallet-signature.ts";
export { generateRecoveryPhrase, type GenerateRecoveryPhraseParameters } from "./keys/generate-recovery-phrase.ts";
export { keyPairFromRecoveryPhrase } from "./keys/from-recovery-phrase.ts";
