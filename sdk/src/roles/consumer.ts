import { getBytes } from "ethers";

import type { AccessGrants, KeyRegistry } from "../../../types/ethers-contracts/index.js";
import { open } from "../crypto/open.ts";
import { verifyCredential, type VerifyCredentialResult } from "../credentials/verify-credential.ts";
import type { StatusListCredential } from "../credentials/status-list.ts";
import { approveRequestBySig } from "../grants/approve-request-by-sig.ts";
import type { ApproveRequestResult } from "../grants/approve-request.ts";
import { isGranted } from "../grants/is-granted.ts";
import { requestGrant, type RequestGrantResult } from "../grants/request-grant.ts";
import type { SignedRequestApproval } from "../grants/sign-request-approval.ts";
import type { EncryptionKeyPair } from "../keys/key-pair.ts";
import { assertRegisteredKey } from "../registries/require-registered-key.ts";
import { setEncryptionKey, type SetEncryptionKeyResult } from "../registries/set-encryption-key.ts";
import { getEnvelope } from "../storage/get-envelope.ts";
import { connectContext, type ConnectParameters, type RoleContext } from "./role-context.ts";

/**
 * What {@link Consumer.read} returns.
 *
 * @example
 * ```ts
 * const { bytes, cid, nodeUrl }: ConsumerReadResult = await consumer.read({ dataId });
 * ```
 */
export type ConsumerReadResult = {
  /** The decrypted payload. */
  bytes: Uint8Array;
  /** The envelope's CID, and the node that served it. */
  cid: string;
  nodeUrl: string;
  /** The payload parsed as JSON (a stored credential). */
  json<T = Record<string, unknown>>(): T;
};

/**
 * A data consumer's facade (a dApp, a regulated exchange): register its encryption key, request a grant (optionally
 * timelocked, with a purpose), relay the owner's signed approval, read and decrypt, and verify credentials. It binds
 * the SDK's one-operation functions to the consumer's signer, key pair and node sessions.
 *
 * @example
 * ```ts
 * const consumer = await Consumer.connect({ accessGrants, keyRegistry, chainId, signer, nodeUrls, keyPair });
 * const { requestId } = await consumer.requestGrant({ owner, dataId, lockedUntil, purpose: id("aml-check") });
 * await consumer.relayApproval(approvalFromTheUser);
 * const credential = (await consumer.read({ dataId })).json();
 * const { verified } = await consumer.verify({ credential, trustedIssuers: [issuerDid] });
 * ```
 */
export class Consumer {
  readonly #context: RoleContext;
  readonly #keyPair: EncryptionKeyPair;
  readonly #accessGrants: AccessGrants;
  readonly #keyRegistry: KeyRegistry;

  /**
   * Binds an existing context (see {@link Consumer.connect} to sign in to the nodes as well).
   *
   * @example
   * ```ts
   * const consumer = new Consumer({ context: { accessGrants, keyRegistry, chainId, signer, sessions }, keyPair });
   * ```
   */
  constructor({ context, keyPair }: { context: RoleContext; keyPair: EncryptionKeyPair }) {
    this.#context = context;
    this.#keyPair = keyPair;
    this.#accessGrants = context.accessGrants.connect(context.signer);
    this.#keyRegistry = context.keyRegistry.connect(context.signer);
  }

  /**
   * Signs the consumer in to each node and binds the facade.
   *
   * @example
   * ```ts
   * const consumer = await Consumer.connect({ accessGrants, keyRegistry, chainId: 1n, signer, nodeUrls, keyPair });
   * ```
   */
  static async connect({
    keyPair,
    ...parameters
  }: ConnectParameters & { keyPair: EncryptionKeyPair }): Promise<Consumer> {
    return new Consumer({ context: await connectContext(parameters), keyPair });
  }

  /**
   * Registers the consumer's encryption public key in the KeyRegistry: owners wrap data keys only for it.
   *
   * @example
   * ```ts
   * await consumer.registerKey();
   * ```
   */
  async registerKey(): Promise<SetEncryptionKeyResult> {
    const result = await setEncryptionKey({
      keyRegistry: this.#keyRegistry,
      publicKey: this.#keyPair.publicKey,
      confirmations: this.#context.confirmations,
    });
    await this.#context.afterChainWrite?.({ hash: result.hash });
    return result;
  }

  /**
   * Asks `owner` on-chain for a grant to `dataId` (or, without it, to any of their data). Checks first that the
   * registered key is this consumer's, since the owner will wrap the data key for the registered one.
   *
   * @throws `NoEncryptionKeyError` / `EncryptionKeyMismatchError` before any transaction; `RequestExistsError`.
   * @example
   * ```ts
   * const { requestId } = await consumer.requestGrant({ owner, dataId, lockedUntil, purpose: id("aml-check") });
   * ```
   */
  async requestGrant({
    owner,
    dataId,
    lockedUntil,
    expiresAt,
    purpose,
  }: {
    owner: string;
    dataId?: string;
    lockedUntil?: bigint;
    expiresAt?: bigint;
    /** bytes32, e.g. `id("aml-check")`. */
    purpose?: string;
  }): Promise<RequestGrantResult> {
    await assertRegisteredKey({
      keyRegistry: this.#keyRegistry,
      account: await this.#context.signer.getAddress(),
      publicKey: this.#keyPair.publicKey,
    });
    const requested = await requestGrant({
      accessGrants: this.#accessGrants,
      owner,
      dataId,
      lockedUntil,
      expiresAt,
      purpose,
      confirmations: this.#context.confirmations,
    });
    await this.#context.afterChainWrite?.({ hash: requested.hash });
    return requested;
  }

  /**
   * Sends the owner's signed approval (from `User.approveRequest`) on-chain, paying its gas: the grant exists from
   * this transaction on.
   *
   * @throws `SignatureExpiredError`, `InvalidNonceError`, `RequestNotOpenError`.
   * @example
   * ```ts
   * const { grantId } = await consumer.relayApproval(approval);
   * ```
   */
  async relayApproval({
    requestId,
    dataId,
    nonce,
    deadline,
    signature,
  }: SignedRequestApproval): Promise<ApproveRequestResult> {
    const approved = await approveRequestBySig({
      accessGrants: this.#accessGrants,
      requestId,
      dataId,
      nonce,
      deadline,
      signature,
      confirmations: this.#context.confirmations,
    });
    await this.#context.afterChainWrite?.({ hash: approved.hash });
    return approved;
  }

  /**
   * Whether `owner` has a live grant of `dataId` to this consumer.
   *
   * @example
   * ```ts
   * if (await consumer.isGranted({ owner, dataId })) await consumer.read({ dataId });
   * ```
   */
  async isGranted({ owner, dataId }: { owner: string; dataId: string }): Promise<boolean> {
    const grantee = await this.#context.signer.getAddress();
    return isGranted({ accessGrants: this.#accessGrants, owner, grantee, dataId });
  }

  /**
   * Fetches the envelope from the first node that serves it and opens it with the consumer's key pair (its header
   * must name this chain and dataId).
   *
   * @throws `NodeHttpError` 403 (`NOT_GRANTED`) without a live grant the node has seen; `DecryptionFailedError`.
   * @example
   * ```ts
   * const credential = (await consumer.read({ dataId })).json();
   * ```
   */
  async read({ dataId }: { dataId: string }): Promise<ConsumerReadResult> {
    const { sessions, chainId } = this.#context;
    const got = await getEnvelope({ sessions, chainId, dataId });
    const bytes = open({ envelope: got.envelope, keyPair: this.#keyPair, chainId, dataId: getBytes(dataId) });
    return {
      bytes,
      cid: got.cid,
      nodeUrl: got.nodeUrl,
      json: <T>() => JSON.parse(new TextDecoder().decode(bytes)) as T,
    };
  }

  /**
   * Verifies a credential: its signature, that its issuer is one of `trustedIssuers`, its validity dates at `now`,
   * and its status in the given status lists.
   *
   * @example
   * ```ts
   * const { verified, checks } = await consumer.verify({ credential, trustedIssuers: [issuerDid], statusLists });
   * ```
   */
  verify({
    credential,
    trustedIssuers,
    now,
    statusLists,
    requireStatus,
  }: {
    credential: Record<string, unknown>;
    trustedIssuers: readonly string[];
    now?: Date;
    statusLists?: readonly StatusListCredential[];
    requireStatus?: boolean;
  }): Promise<VerifyCredentialResult> {
    return verifyCredential({ credential, trustedIssuers, now, statusListCredentials: statusLists, requireStatus });
  }
}
