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
export { grantId, type GrantIdParameters } from "./grants/grant-id.ts";
export { requestId, type RequestIdParameters } from "./grants/request-id.ts";
export {
  AlreadyAnchoredError,
  ContractCallError,
  DeletionPendingError,
  ExpiryBeforeLockError,
  GrantLockedError,
  GrantNotFoundError,
  InvalidExpiryError,
  InvalidNonceError,
  InvalidSignatureError,
  LockShortenedError,
  MissingEventError,
  NotDataOwnerError,
  NotIssuerError,
  NotRequestPartyError,
  REQUEST_STATUSES,
  RequestDataMismatchError,
  RequestExistsError,
  RequestNotOpenError,
  SignatureExpiredError,
  UnknownDataError,
  decodeContractError,
  type ContractCallErrorParameters,
  type RequestStatus,
} from "./grants/contract-errors.ts";
export { contractDomain } from "./grants/contract-domain.ts";
export type { GrantedEvent, RevokedEvent } from "./grants/granted-event.ts";
export { grant, type GrantParameters, type GrantResult } from "./grants/grant.ts";
export {
  grantBatch,
  type GrantBatchEntry,
  type GrantBatchParameters,
  type GrantBatchResult,
} from "./grants/grant-batch.ts";
export { revoke, type RevokeParameters, type RevokeResult } from "./grants/revoke.ts";
export { signGrant, type SignGrantParameters, type SignedGrant } from "./grants/sign-grant.ts";
export { grantBySig, type GrantBySigParameters } from "./grants/grant-by-sig.ts";
export { signRevoke, type SignRevokeParameters, type SignedRevoke } from "./grants/sign-revoke.ts";
export { revokeBySig, type RevokeBySigParameters } from "./grants/revoke-by-sig.ts";
export {
  requestDeletion,
  type RequestDeletionParameters,
  type RequestDeletionResult,
} from "./grants/request-deletion.ts";
export { requestGrant, type RequestGrantParameters, type RequestGrantResult } from "./grants/request-grant.ts";
export { approveRequest, type ApproveRequestParameters, type ApproveRequestResult } from "./grants/approve-request.ts";
export { isGranted, type IsGrantedParameters } from "./grants/is-granted.ts";
export { getGrant, type GetGrantParameters, type Grant } from "./grants/get-grant.ts";
export {
  DOMAIN_NAME,
  DOMAIN_VERSION,
  TYPEHASHES,
  TYPES,
  TYPE_STRINGS,
  accessGrantsDomain,
  type DeletionMessage,
  type GrantMessage,
  type PrimaryType,
  type RevokeMessage,
} from "./grants/typed-data.ts";
export { schemaId } from "./anchors/schema-id.ts";
export type { AnchoredEvent } from "./anchors/anchored-event.ts";
export { anchorCredential, type AnchorCredentialParameters, type AnchorResult } from "./anchors/anchor-credential.ts";
export { anchorData, type AnchorDataParameters } from "./anchors/anchor-data.ts";
export {
  setCredentialRevoked,
  type SetCredentialRevokedParameters,
  type SetCredentialRevokedResult,
} from "./anchors/set-credential-revoked.ts";
export { getAnchor, type Anchor, type GetAnchorParameters } from "./anchors/get-anchor.ts";
export {
  CredentialCheckError,
  DocumentNotBundledError,
  InvalidCredentialError,
  InvalidSubjectDidError,
  StatusListError,
} from "./credentials/errors.ts";
export { IDEM_KYC_CONTEXT_V1, IDEM_KYC_CONTEXT_V1_URL, IDEM_KYC_VOCAB } from "./credentials/contexts/idem-kyc-v1.ts";
export {
  BUNDLED_CONTEXTS,
  VC_V2_CONTEXT_URL,
  createDocumentLoader,
  documentLoader,
  type DocumentLoader,
} from "./credentials/document-loader.ts";
export { IssuerKey, type IssuerMultikey } from "./credentials/issuer-key.ts";
export { parsePkhDid, pkhDid, type PkhDid } from "./credentials/subject-did.ts";
export { KYC_LEVELS, type KycClaims, type KycCredential, type KycLevel } from "./credentials/kyc-credential.ts";
export { issueKycCredential, type IssueKycCredentialParameters } from "./credentials/issue-credential.ts";
export type { DataIntegrityProofValue } from "./credentials/sign-credential.ts";
export {
  STATUS_LIST_MAX_LENGTH,
  STATUS_LIST_MIN_LENGTH,
  STATUS_PURPOSES,
  createStatusListCredential,
  type CreateStatusListCredentialParameters,
  type StatusListCredential,
  type StatusPurpose,
} from "./credentials/status-list.ts";
export { statusListEntry, type StatusListEntry } from "./credentials/status-list-entry.ts";
export type { UpdateStatusParameters } from "./credentials/set-status-bit.ts";
export { revokeCredential } from "./credentials/revoke-credential.ts";
export { suspendCredential } from "./credentials/suspend-credential.ts";
export { reinstateCredential } from "./credentials/reinstate-credential.ts";
export {
  verifyCredential,
  type StatusCheck,
  type ValidityCheck,
  type VerifyCredentialParameters,
  type VerifyCredentialResult,
} from "./credentials/verify-credential.ts";
export {
  revokeBatch,
  type RevokeBatchEntry,
  type RevokeBatchParameters,
  type RevokeBatchResult,
} from "./grants/revoke-batch.ts";
export { burnGrantNonce, type BurnGrantNonceParameters, type BurnGrantNonceResult } from "./grants/burn-grant-nonce.ts";
export { burnDataNonce, type BurnDataNonceParameters, type BurnDataNonceResult } from "./grants/burn-data-nonce.ts";
export { signDeletion, type SignDeletionParameters, type SignedDeletion } from "./grants/sign-deletion.ts";
export { requestDeletionBySig, type RequestDeletionBySigParameters } from "./grants/request-deletion-by-sig.ts";
export {
  signRequestApproval,
  type SignRequestApprovalParameters,
  type SignedRequestApproval,
} from "./grants/sign-request-approval.ts";
export { approveRequestBySig, type ApproveRequestBySigParameters } from "./grants/approve-request-by-sig.ts";
export { cancelRequest, type CancelRequestParameters, type CancelRequestResult } from "./grants/cancel-request.ts";
export { declineRequest, type DeclineRequestParameters, type DeclineRequestResult } from "./grants/decline-request.ts";
export { getRequest, type GetRequestParameters, type GrantRequest } from "./grants/get-request.ts";
export { isCredentialGranted, type IsCredentialGrantedParameters } from "./grants/is-credential-granted.ts";
export { deletionEffectiveAt, type DeletionEffectiveAtParameters } from "./grants/deletion-effective-at.ts";
export {
  EncryptionKeyMismatchError,
  NoEncryptionKeyError,
  NoKeyToClearError,
  ZeroEncryptionKeyError,
  decodeRegistryError,
} from "./registries/errors.ts";
export {
  setEncryptionKey,
  type SetEncryptionKeyParameters,
  type SetEncryptionKeyResult,
} from "./registries/set-encryption-key.ts";
export {
  clearEncryptionKey,
  type ClearEncryptionKeyParameters,
  type ClearEncryptionKeyResult,
} from "./registries/clear-encryption-key.ts";
export { getEncryptionKey, type GetEncryptionKeyParameters } from "./registries/get-encryption-key.ts";
export {
  assertRegisteredKey,
  requireRegisteredKey,
  type AssertRegisteredKeyParameters,
  type RequireRegisteredKeyParameters,
} from "./registries/require-registered-key.ts";
export type { PublicKeyInput } from "./registries/public-key-bytes.ts";
export { NODE_STATUSES, type NodeRecord, type NodeStatus } from "./registries/node-record.ts";
export { getNode, type GetNodeParameters } from "./registries/get-node.ts";
export { listNodes, type ListNodesParameters } from "./registries/list-nodes.ts";
export { activeNodes, type ActiveNodesParameters } from "./registries/active-nodes.ts";
export {
  ChainIdMismatchError,
  ChainNotSyncedError,
  ChainReorgError,
  ChainRpcError,
  EventOrderError,
  InvalidChainConfigError,
  UnknownChainError,
} from "./chain/errors.ts";
export {
  ACCESS_GRANTS_EVENT_TOPICS,
  decodeAccessGrantsLog,
  type AccessGrantsEvent,
  type AccessGrantsEventKind,
  type CredentialStatusChangedEvent,
  type DataAnchoredEvent,
  type DeletionRequestedEvent,
  type EventPosition,
  type GrantedEvent as GrantedLogEvent,
  type RevokedEvent as RevokedLogEvent,
} from "./chain/events.ts";
export type {
  AnchorRecord,
  ChainCursor,
  DataKey,
  DeletionRecord,
  GrantKey,
  GrantRecord,
  GrantViewStore,
} from "./chain/store.ts";
export { MemoryGrantViewStore } from "./chain/memory-store.ts";
export {
  GrantView,
  type AppliedBlock,
  type ApplyBlocksParameters,
  type CredentialGrantQuery,
  type DataQuery,
  type GrantListFilter,
  type GrantQuery,
} from "./chain/grant-view.ts";
export { ChainFollower, type ChainConfig, type PollResult } from "./chain/follower.ts";
export { GrantReader, type PollOutcome, type ReaderGrantQuery } from "./chain/grant-reader.ts";
export {
  InvalidNodeResponseError,
  InvalidNodeUrlError,
  InvalidSignInParametersError,
  NoHealthyNodeError,
  NodeHttpError,
  NodeUnreachableError,
  SignInBindingError,
  WriteQuorumError,
  type NodeFailure,
} from "./storage/errors.ts";
export { DEFAULT_NODE_TIMEOUT_MS, type RequestOptions } from "./storage/node-request.ts";
export type { NodeSession, SessionInfo } from "./storage/node-session.ts";
export { DEFAULT_SIGN_IN_STATEMENT, signIn, type SignInParameters } from "./storage/sign-in.ts";
export { signOut, type SignOutParameters } from "./storage/sign-out.ts";
export { whoami, type WhoamiParameters } from "./storage/whoami.ts";
export {
  DEFAULT_HEALTH_TIMEOUT_MS,
  checkHealth,
  type CheckHealthParameters,
  type NodeHealth,
} from "./storage/health.ts";
export { pickHealthyNode, type HealthyNode, type PickHealthyNodeParameters } from "./storage/pick-healthy-node.ts";
export { InvalidStorageParametersError } from "./storage/data-errors.ts";
export type { DataSession } from "./storage/data-target.ts";
export {
  joinEnvelope,
  splitEnvelope,
  type ReaderGrantees,
  type SplitEnvelopeParameters,
  type WireEnvelope,
  type WireReader,
} from "./storage/split-envelope.ts";
export {
  DEFAULT_WRITE_QUORUM,
  putEnvelope,
  type PutEnvelopeParameters,
  type PutEnvelopeResult,
} from "./storage/put-envelope.ts";
export { getEnvelope, type GetEnvelopeParameters, type GetEnvelopeResult } from "./storage/get-envelope.ts";
export { putReaderSlot, type PutReaderSlotParameters, type ReaderSlotWriteResult } from "./storage/put-reader.ts";
export { removeReaderSlot, type RemoveReaderSlotParameters } from "./storage/remove-reader.ts";
export { listData, type DataRecord, type ListDataParameters, type ListDataResult } from "./storage/list-data.ts";
export {
  getAuditTrail,
  MAX_AUDIT_LIMIT,
  type AuditEntry,
  type AuditTrail,
  type GetAuditTrailParameters,
} from "./storage/get-audit-trail.ts";
export {
  getDeletionReceipts,
  type DeletionReceipt,
  type DeletionReceipts,
  type GetDeletionReceiptsParameters,
} from "./storage/get-deletion-receipts.ts";
export {
  DELETION_RECEIPT_DOMAIN,
  DELETION_RECEIPT_TYPES,
  deletionReceiptDigest,
  verifyDeletionReceipt,
  type DeletionReceiptMessage,
} from "./storage/deletion-receipt.ts";
export {
  chainTimePlus,
  connectContext,
  signInAll,
  type ConnectParameters,
  type RoleContext,
} from "./roles/role-context.ts";
export {
  User,
  type StoreCredentialParameters,
  type StoreCredentialResult,
  type UserApprovalResult,
  type UserGrantResult,
} from "./roles/user.ts";
export {
  Issuer,
  KYC_SCHEMA_TYPE,
  type IssueKycParameters,
  type IssuedCredential,
  type IssuerContext,
  type IssuerWriteParameters,
} from "./roles/issuer.ts";
export { Consumer, type ConsumerReadResult } from "./roles/consumer.ts";
export {
  STORAGE_DOMAIN_NAME,
  STORAGE_DOMAIN_VERSION,
  WRITE_TYPE_STRINGS,
  WRITE_TYPES,
  WRITE_TYPEHASHES,
  storageDomain,
  envelopeHashOf,
  readersHash,
  readersHashOfLeaves,
  readerLeafOf,
  storeRecordMessage,
  storeRecordDigest,
  writePermissionDigest,
  type WritePrimaryType,
  type StoreRecordMessage,
  type WritePermissionMessage,
  type ReaderSlotBytes,
  type ReaderLeaf,
  type SignedWritePermission,
} from "./storage/write-typed-data.ts";
export { signWritePermission, type SignWritePermissionParameters } from "./storage/sign-write-permission.ts";
export { signStoreRecord, type SignStoreRecordParameters } from "./storage/sign-store-record.ts";
export { signReaderChange, type SignReaderChangeParameters } from "./storage/sign-reader-change.ts";
export { readerLeavesOf } from "./storage/reader-leaves.ts";
