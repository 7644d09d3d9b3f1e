import { getAddress, getBytes, hexlify, randomBytes } from "ethers";

import type { AccessGrants, KeyRegistry } from "../../../types/ethers-contracts/index.js";
import { anchorData } from "../anchors/anchor-data.ts";
import { getAnchor } from "../anchors/get-anchor.ts";
import { addReader } from "../crypto/add-reader.ts";
import { equalBytes, toHex, utf8 } from "../crypto/bytes.ts";
import type { ReaderSlot } from "../crypto/envelope.ts";
import { seal } from "../crypto/seal.ts";
import { grant, type GrantResult } from "../grants/grant.ts";
import { requestDeletion, type RequestDeletionResult } from "../grants/request-deletion.ts";
import { revoke, type RevokeResult } from "../grants/revoke.ts";
import { signRequestApproval, type SignedRequestApproval } from "../grants/sign-request-approval.ts";
import { IdemError } from "../errors.ts";
import type { EncryptionKeyPair } from "../keys/key-pair.ts";
import { requireRegisteredKey } from "../registries/require-registered-key.ts";
import { setEncryptionKey, type SetEncryptionKeyResult } from "../registries/set-encryption-key.ts";
import { getAuditTrail, type AuditTrail } from "../storage/get-audit-trail.ts";
import { getEnvelope } from "../storage/get-envelope.ts";
import { putEnvelope } from "../storage/put-envelope.ts";
import { putReaderSlot, type ReaderSlotWriteResult } from "../storage/put-reader.ts";
import { readerLeavesOf } from "../storage/reader-leaves.ts";
import { chainTimePlus, connectContext, type ConnectParameters, type RoleContext } from "./role-context.ts";

/**
 * What {@link User.storeCredential} takes: a credential (stored as its JSON) or raw bytes, not both.
 *
 * @example
 * ```ts
 * const parameters: StoreCredentialParameters = { bytes, readers: [dappAddress] };
 * ```
 */
export type StoreCredentialParameters = (
  { credential: Record<string, unknown>; bytes?: undefined } | { bytes: Uint8Array; credential?: undefined }
) & {
  /** 0x + 64 hex digits; default: 32 random bytes. An issuer-anchored credential comes with its dataId. */
  dataId?: string;
  /** Grantees to seal a reader slot for at once, each for the key they registered in the KeyRegistry. */
  readers?: readonly string[];
};

/**
 * What {@link User.storeCredential} returns.
 *
 * @example
 * ```ts
 * const { dataId, cid }: StoreCredentialResult = await user.storeCredential({ credential });
 * ```
 */
export type StoreCredentialResult = {
  dataId: string;
  cid: string;
  /** The nodes that acknowledged the write. */
  stored: string[];
  /** The `anchorData` transaction, when the facade anchored the data itself. */
  anchorHash?: string;
};

/**
 * What {@link User.grant} returns: the on-chain grant and where the grantee's reader slot was stored.
 *
 * @example
 * ```ts
 * const { grantId, readerSlot }: UserGrantResult = await user.grant({ grantee, dataId });
 * ```
 */
export type UserGrantResult = GrantResult & { readerSlot: ReaderSlotWriteResult };

/**
 * What {@link User.approveRequest} returns: the approval for the consumer to relay, and the stored reader slot.
 *
 * @example
 * ```ts
 * const { approval }: UserApprovalResult = await user.approveRequest({ requestId });
 * ```
 */
export type UserApprovalResult = { approval: SignedRequestApproval; readerSlot: ReaderSlotWriteResult };

/**
 * The data owner's facade: store a credential encrypted on the nodes, grant it, approve a consumer's request by
 * signature, revoke, ask for deletion, and read who read what. It binds the SDK's one-operation functions to the
 * user's signer, encryption key pair and node sessions; the only logic of its own is their order.
 *
 * @example
 * ```ts
 * const user = await User.connect({ accessGrants, keyRegistry, chainId, signer, nodeUrls, keyPair });
 * const { dataId } = await user.storeCredential({ credential });
 * await user.grant({ grantee: dapp, dataId, expiresAt });
 * const { entries } = await user.auditTrail({ dataId });
 * ```
 */
export class User {
  readonly #context: RoleContext;
  readonly #keyPair: EncryptionKeyPair;
  readonly #accessGrants: AccessGrants;
  readonly #keyRegistry: KeyRegistry;

  /**
   * Binds an existing context (see {@link User.connect} to sign in to the nodes as well).
   *
   * @example
   * ```ts
   * const user = new User({ context: { accessGrants, keyRegistry, chainId, signer, sessions }, keyPair });
   * ```
   */
  constructor({ context, keyPair }: { context: RoleContext; keyPair: EncryptionKeyPair }) {
    this.#context = context;
    this.#keyPair = keyPair;
    this.#accessGrants = context.accessGrants.connect(context.signer);
    this.#keyRegistry = context.keyRegistry.connect(context.signer);
  }

  /**
   * Signs the user in to each node and binds the facade.
   *
   * @example
   * ```ts
   * const user = await User.connect({ accessGrants, keyRegistry, chainId: 1n, signer, nodeUrls, keyPair });
   * ```
   */
  static async connect({ keyPair, ...parameters }: ConnectParameters & { keyPair: EncryptionKeyPair }): Promise<User> {
    return new User({ context: await connectContext(parameters), keyPair });
  }

  /**
   * The user's encryption public key.
   *
   * @example
   * ```ts
   * const publicKey = user.publicKey;
   * ```
   */
  get publicKey(): Uint8Array {
    return this.#keyPair.publicKey;
  }

  /**
   * Registers the user's encryption public key in the KeyRegistry (needed only to be a grantee oneself).
   *
   * @example
   * ```ts
   * await user.registerKey();
   * ```
   */
  async registerKey(): Promise<SetEncryptionKeyResult> {
    const result = await setEncryptionKey({
      keyRegistry: this.#keyRegistry,
      publicKey: this.#keyPair.publicKey,
      confirmations: this.#context.confirmations,
    });
    await this.#afterChainWrite(result.hash);
    return result;
  }

  /**
   * Seals the credential with the user's key pair (owner slot) and a reader slot per registered key in `readers`,
   * anchors the dataId to the user if nobody has (an issuer anchors the credentials it issues), then writes it to
   * the nodes with the context's quorum, signed by the user as owner (EIP-712 `StoreRecord`).
   *
   * @throws `NoEncryptionKeyError` if a reader has no registered key; `WriteQuorumError` if too few nodes took it
   *   (a node refuses with `NOT_OWNER` when the dataId is anchored to someone else).
   * @example
   * ```ts
   * const { dataId, cid } = await user.storeCredential({ credential, dataId: issuedDataId });
   * ```
   */
  async storeCredential({
    credential,
    bytes,
    dataId = hexlify(randomBytes(32)),
    readers = [],
  }: StoreCredentialParameters): Promise<StoreCredentialResult> {
    const { chainId, sessions, quorum } = this.#context;
    const payload = bytes ?? utf8(JSON.stringify(credential));
    const readerKeys = new Map<string, string>();
    for (const grantee of readers) {
      const publicKey = await requireRegisteredKey({ keyRegistry: this.#keyRegistry, account: grantee });
      readerKeys.set(toHex(publicKey), getAddress(grantee));
    }
    const envelope = seal({
      payload,
      chainId,
      dataId: getBytes(dataId),
      owners: [this.#keyPair],
      readers: [...readerKeys.keys()].map((key) => getBytes(key)),
    });
    let anchorHash: string | undefined;
    const anchor = await getAnchor({ accessGrants: this.#accessGrants, dataId });
    if (!anchor.exists) {
      anchorHash = (
        await anchorData({ accessGrants: this.#accessGrants, dataId, confirmations: this.#context.confirmations })
      ).hash;
      await this.#afterChainWrite(anchorHash);
    }
    const put = await putEnvelope({
      sessions,
      signer: this.#context.signer,
      chainId,
      dataId,
      envelope,
      readers: readerKeys,
      quorum,
    });
    return {
      dataId: dataId.toLowerCase(),
      cid: put.cid,
      stored: put.stored,
      ...(anchorHash === undefined ? {} : { anchorHash }),
    };
  }

  /**
   * Grants `dataId` to `grantee` on-chain, then stores a reader slot on the nodes wrapped for the key the grantee
   * registered (never for a key offered any other way).
   *
   * @throws `NoEncryptionKeyError` (before any transaction) if the grantee registered no key; the decoded contract
   *   errors of `grant`.
   * @example
   * ```ts
   * await user.grant({ grantee, dataId, lockedUntil: 0n, expiresAt, purpose: id("kyc-onboarding") });
   * ```
   */
  async grant({
    grantee,
    dataId,
    lockedUntil,
    expiresAt,
    purpose,
  }: {
    grantee: string;
    dataId: string;
    lockedUntil?: bigint;
    expiresAt?: bigint;
    purpose?: string;
  }): Promise<UserGrantResult> {
    const readerPublicKey = await requireRegisteredKey({ keyRegistry: this.#keyRegistry, account: grantee });
    const granted = await grant({
      accessGrants: this.#accessGrants,
      grantee,
      dataId,
      lockedUntil,
      expiresAt,
      purpose,
      confirmations: this.#context.confirmations,
    });
    await this.#afterChainWrite(granted.hash);
    const readerSlot = await this.#putReaderSlot({ grantee, dataId, readerPublicKey });
    return { ...granted, readerSlot };
  }

  /**
   * Signs the approval of a consumer's open grant request (EIP-712, nothing sent) and stores the consumer's reader
   * slot, wrapped for their registered key, so the data can be read once the consumer relays the approval.
   *
   * @throws `RequestNotOpenError`, `RequestDataMismatchError`, `NoEncryptionKeyError`.
   * @example
   * ```ts
   * const { approval } = await user.approveRequest({ requestId, dataId });
   * await consumer.relayApproval(approval);
   * ```
   */
  async approveRequest({
    requestId,
    dataId,
    deadline,
  }: {
    requestId: string;
    dataId?: string;
    /** Unix seconds; default: one hour after the latest block. */
    deadline?: bigint;
  }): Promise<UserApprovalResult> {
    const approval = await signRequestApproval({
      accessGrants: this.#accessGrants,
      signer: this.#context.signer,
      requestId,
      dataId,
      deadline: deadline ?? (await chainTimePlus({ signer: this.#context.signer, seconds: 3600n })),
      chainId: this.#context.chainId,
    });
    const grantee = approval.authorization.grantee;
    const readerPublicKey = await requireRegisteredKey({ keyRegistry: this.#keyRegistry, account: grantee });
    const readerSlot = await this.#putReaderSlot({ grantee, dataId: approval.dataId, readerPublicKey });
    return { approval, readerSlot };
  }

  /**
   * Revokes `grantee`'s grant on-chain; the nodes refuse their reads once they have indexed it, and drop the
   * grantee's wrapped key then.
   *
   * @throws `GrantLockedError` while the grant's timelock runs; `GrantNotFoundError`.
   * @example
   * ```ts
   * await user.revoke({ grantee, dataId });
   * ```
   */
  async revoke({ grantee, dataId }: { grantee: string; dataId: string }): Promise<RevokeResult> {
    const revoked = await revoke({
      accessGrants: this.#accessGrants,
      grantee,
      dataId,
      confirmations: this.#context.confirmations,
    });
    await this.#afterChainWrite(revoked.hash);
    return revoked;
  }

  /**
   * Asks for the data's deletion on-chain; it takes effect once every timelock has run out (`effectiveAt`).
   *
   * @example
   * ```ts
   * const { effectiveAt } = await user.requestDeletion({ dataId });
   * ```
   */
  async requestDeletion({ dataId }: { dataId: string }): Promise<RequestDeletionResult> {
    const requested = await requestDeletion({
      accessGrants: this.#accessGrants,
      dataId,
      confirmations: this.#context.confirmations,
    });
    await this.#afterChainWrite(requested.hash);
    return requested;
  }

  /**
   * Who read the user's data, from every node the user is signed in to, newest first.
   *
   * @example
   * ```ts
   * const { entries } = await user.auditTrail({ dataId });
   * ```
   */
  auditTrail({ dataId, limit }: { dataId?: string; limit?: number } = {}): Promise<AuditTrail> {
    const { sessions, chainId } = this.#context;
    return getAuditTrail({ sessions, chainId, dataId, limit });
  }

  async #putReaderSlot({
    grantee,
    dataId,
    readerPublicKey,
  }: {
    grantee: string;
    dataId: string;
    readerPublicKey: Uint8Array;
  }): Promise<ReaderSlotWriteResult> {
    const { sessions, chainId, quorum } = this.#context;
    const { cid, envelope, grantees } = await getEnvelope({ sessions, chainId, dataId });
    const shared = addReader({ envelope, keyPair: this.#keyPair, readerPublicKey });
    const slot: ReaderSlot | undefined = shared.readerSlots.find((candidate) =>
      equalBytes(candidate.publicKey, readerPublicKey),
    );
    if (slot === undefined) {
      throw new IdemError("Cannot share with this key.", { details: "the grantee's registered key is an owner key" });
    }
    // Every other reader stays, under the owner's new signature over the whole set.
    const readers = readerLeavesOf({ envelope, grantees }).filter(
      (leaf) => leaf.grantee.toLowerCase() !== grantee.toLowerCase(),
    );
    return putReaderSlot({
      sessions,
      signer: this.#context.signer,
      chainId,
      dataId,
      cid,
      readers,
      grantee,
      slot,
      quorum,
    });
  }

  async #afterChainWrite(hash: string): Promise<void> {
    await this.#context.afterChainWrite?.({ hash });
  }
}
