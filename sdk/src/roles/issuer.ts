import type { Signer } from "ethers";
import { getBytes, hexlify, randomBytes } from "ethers";

import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { anchorCredential, type AnchorResult } from "../anchors/anchor-credential.ts";
import { schemaId } from "../anchors/schema-id.ts";
import { setCredentialRevoked, type SetCredentialRevokedResult } from "../anchors/set-credential-revoked.ts";
import { issueKycCredential } from "../credentials/issue-credential.ts";
import type { IssuerKey } from "../credentials/issuer-key.ts";
import type { KycClaims, KycCredential } from "../credentials/kyc-credential.ts";
import { revokeCredential } from "../credentials/revoke-credential.ts";
import { statusListEntry } from "../credentials/status-list-entry.ts";
import type { StatusListCredential } from "../credentials/status-list.ts";
import { pkhDid } from "../credentials/subject-did.ts";
import { utf8 } from "../crypto/bytes.ts";
import { seal } from "../crypto/seal.ts";
import type { KeyOrigin } from "../keys/key-origin.ts";
import type { DataSession } from "../storage/data-target.ts";
import { putEnvelope, type PutEnvelopeResult } from "../storage/put-envelope.ts";
import type { SignedWritePermission } from "../storage/write-typed-data.ts";

/**
 * The schema a KYC credential is anchored under by default: `schemaId(KYC_SCHEMA_TYPE)`.
 *
 * @example
 * ```ts
 * await issuer.anchor({ dataId, owner, schema: schemaId(KYC_SCHEMA_TYPE) });
 * ```
 */
export const KYC_SCHEMA_TYPE = "https://idem.example/credentials/v1#KycCredential";

/**
 * What an {@link Issuer} is bound to. Sessions (signed in as the issuer) are needed only by {@link Issuer.write}.
 *
 * @example
 * ```ts
 * const context: IssuerContext = { accessGrants, chainId: 1n, signer: issuerWallet, sessions };
 * ```
 */
export type IssuerContext = {
  accessGrants: AccessGrants;
  chainId: bigint;
  /** Sends the issuer's anchoring and status transactions, and signs its writes to the nodes. */
  signer: Signer;
  /** The issuer's sessions on the storage nodes (from `signIn` with `signer`), for {@link Issuer.write}. */
  sessions?: readonly DataSession[];
  /** How many nodes must acknowledge a write (see `putEnvelope`). */
  quorum?: number;
  confirmations?: number;
  /** Awaited after each chain write (see `RoleContext.afterChainWrite`). */
  afterChainWrite?: (write: { hash: string }) => Promise<void>;
};

/**
 * What {@link Issuer.issueKyc} takes.
 *
 * @example
 * ```ts
 * const parameters: IssueKycParameters = { subject, claims: { kycLevel: "basic" }, statusList: { credential: list, index: 7 } };
 * ```
 */
export type IssueKycParameters = {
  /** The user's account; the credential's subject is its did:pkh on the issuer's chain. */
  subject: string;
  claims: KycClaims;
  validFrom?: Date;
  validUntil?: Date;
  /** A revocation (or suspension) list and the index this credential takes in it. */
  statusList?: { credential: StatusListCredential; index: number };
};

/**
 * What {@link Issuer.issueAndAnchor} returns: everything the user needs to store the credential.
 *
 * @example
 * ```ts
 * const { credential, dataId }: IssuedCredential = await issuer.issueAndAnchor({ subject, claims });
 * ```
 */
export type IssuedCredential = { credential: KycCredential; dataId: string; anchor: AnchorResult };

/**
 * What {@link Issuer.write} takes: the owner's permission (its dataId is the one written), the credential (stored
 * as its JSON) or raw bytes, and the owner's encryption public key with its origin (the envelope's owner slot).
 *
 * The owner hands `ownerPublicKey` and `ownerKeyOrigin` over with the permission. A wallet-derived key's origin is
 * public: `{ kind: "wallet", chainId, verifyingContract: keyRegistryAddress (lowercase), keyVersion }`, so the
 * owner can re-derive the secret key from a wallet signature and open the data.
 *
 * @example
 * ```ts
 * const parameters: IssuerWriteParameters = { permission, credential, ownerPublicKey, ownerKeyOrigin };
 * ```
 */
export type IssuerWriteParameters = (
  { credential: Record<string, unknown>; bytes?: undefined } | { bytes: Uint8Array; credential?: undefined }
) & {
  permission: SignedWritePermission;
  ownerPublicKey: Uint8Array;
  ownerKeyOrigin: KeyOrigin;
};

/**
 * A KYC provider's facade: issue a signed VC 2.0 KYC credential, anchor its dataId to the user on-chain (the
 * anchor names the issuer, so only the issuer can flag it revoked), and revoke it (status list bit, on-chain flag).
 *
 * **Writing with the owner's permission.** The storage nodes take a write from the dataId's owner, or from an
 * issuer holding the owner's EIP-712 `WritePermission` (`signWritePermission`). With one, {@link Issuer.write}
 * seals the credential for the owner's public key (the issuer can no longer open it) and writes it to the nodes.
 * Without one, the issuer hands the signed credential and its anchored dataId over to the user (see
 * {@link Issuer.issueAndAnchor}), who stores it with `User.storeCredential`. Either way the issuer never sees the
 * user's secret key.
 *
 * @example
 * ```ts
 * const issuer = new Issuer({ issuerKey, context: { accessGrants, chainId, signer } });
 * const { credential, dataId } = await issuer.issueAndAnchor({ subject: userAddress, claims: { kycLevel: "basic" } });
 * await user.storeCredential({ credential, dataId }); // the hand-over
 * ```
 */
export class Issuer {
  readonly #issuerKey: IssuerKey;
  readonly #context: IssuerContext;
  readonly #accessGrants: AccessGrants;

  /**
   * Binds the issuer's signing key (Ed25519, did:key) and wallet.
   *
   * @example
   * ```ts
   * const issuer = new Issuer({ issuerKey: await IssuerKey.generate(), context: { accessGrants, chainId, signer } });
   * ```
   */
  constructor({ issuerKey, context }: { issuerKey: IssuerKey; context: IssuerContext }) {
    this.#issuerKey = issuerKey;
    this.#context = context;
    this.#accessGrants = context.accessGrants.connect(context.signer);
  }

  /**
   * The issuer's DID: what verifiers put in their `trustedIssuers`.
   *
   * @example
   * ```ts
   * await consumer.verify({ credential, trustedIssuers: [issuer.did] });
   * ```
   */
  get did(): string {
    return this.#issuerKey.did;
  }

  /**
   * Issues a signed KYC credential (`eddsa-rdfc-2022`) about `subject`, with a status entry if a list is given.
   *
   * @example
   * ```ts
   * const credential = await issuer.issueKyc({ subject, claims: { kycLevel: "enhanced", ageOver18: true } });
   * ```
   */
  async issueKyc({ subject, claims, validFrom, validUntil, statusList }: IssueKycParameters): Promise<KycCredential> {
    const credentialStatus =
      statusList === undefined
        ? []
        : [await statusListEntry({ statusListCredential: statusList.credential, index: statusList.index })];
    return issueKycCredential({
      issuerKey: this.#issuerKey,
      subjectDid: pkhDid({ chainId: this.#context.chainId, address: subject }),
      claims,
      validFrom,
      validUntil,
      credentialStatus,
    });
  }

  /**
   * Anchors `dataId` on-chain to `owner`, with the issuer as its issuer.
   *
   * @throws `AlreadyAnchoredError`.
   * @example
   * ```ts
   * await issuer.anchor({ dataId, owner: userAddress, schema: schemaId(KYC_SCHEMA_TYPE) });
   * ```
   */
  async anchor({
    dataId,
    owner,
    schema = schemaId(KYC_SCHEMA_TYPE),
  }: {
    dataId: string;
    owner: string;
    schema?: string;
  }): Promise<AnchorResult> {
    const anchored = await anchorCredential({
      accessGrants: this.#accessGrants,
      dataId,
      owner,
      schema,
      confirmations: this.#context.confirmations,
    });
    await this.#context.afterChainWrite?.({ hash: anchored.hash });
    return anchored;
  }

  /**
   * Issues a KYC credential and anchors a fresh dataId (32 random bytes unless given) to the subject: the hand-over
   * to the user, who stores it (or, with the user's permission, {@link Issuer.write}; see the class notes).
   *
   * @example
   * ```ts
   * const { credential, dataId } = await issuer.issueAndAnchor({ subject, claims: { kycLevel: "basic" } });
   * ```
   */
  async issueAndAnchor({
    dataId = hexlify(randomBytes(32)),
    schema,
    ...parameters
  }: IssueKycParameters & { dataId?: string; schema?: string }): Promise<IssuedCredential> {
    const credential = await this.issueKyc(parameters);
    const anchor = await this.anchor({ dataId, owner: parameters.subject, schema });
    return { credential, dataId: anchor.dataId, anchor };
  }

  /**
   * Writes a credential into the owner's profile with the owner's permission: seals it so that only the owner's key
   * opens it (one owner slot, no reader slots: the owner grants readers later), signs the write (EIP-712
   * `StoreRecord`) with the issuer's signer, and writes it with the permission to the context's sessions.
   *
   * @throws `InvalidStorageParametersError` without sessions; `WriteQuorumError` when too few nodes took it (a node
   *   refuses with `PERMISSION_EXPIRED`, `PERMISSION_INVALID`, `PERMISSION_ISSUER_MISMATCH`, `STALE_WRITE` …).
   * @example
   * ```ts
   * const permission = await signWritePermission({ signer: owner, chainId, issuer: issuerAddress, dataId, expiresAt });
   * const { cid } = await issuer.write({ permission, credential, ownerPublicKey, ownerKeyOrigin });
   * ```
   */
  async write({
    permission,
    credential,
    bytes,
    ownerPublicKey,
    ownerKeyOrigin,
  }: IssuerWriteParameters): Promise<PutEnvelopeResult> {
    const { chainId, signer, sessions = [], quorum } = this.#context;
    const envelope = seal({
      payload: bytes ?? utf8(JSON.stringify(credential)),
      chainId,
      dataId: getBytes(permission.dataId),
      owners: [{ publicKey: ownerPublicKey, origin: ownerKeyOrigin }],
    });
    return putEnvelope({
      sessions,
      signer,
      chainId,
      dataId: permission.dataId,
      envelope,
      permission,
      ...(quorum === undefined ? {} : { quorum }),
    });
  }

  /**
   * Sets the credential's revocation bit in the issuer's status list; returns the re-signed list to publish.
   *
   * @throws `StatusListError` if the credential has no entry in this list or another key issued either.
   * @example
   * ```ts
   * const published = await issuer.revokeStatus({ credential, statusList });
   * ```
   */
  revokeStatus({
    credential,
    statusList,
  }: {
    credential: KycCredential;
    statusList: StatusListCredential;
  }): Promise<StatusListCredential> {
    return revokeCredential({ issuerKey: this.#issuerKey, statusListCredential: statusList, credential });
  }

  /**
   * Sets (or clears) the on-chain revoked flag of a dataId the issuer anchored.
   *
   * @throws `NotIssuerError` for a dataId another account anchored.
   * @example
   * ```ts
   * await issuer.setRevoked({ dataId });
   * ```
   */
  async setRevoked({
    dataId,
    revoked = true,
  }: {
    dataId: string;
    revoked?: boolean;
  }): Promise<SetCredentialRevokedResult> {
    const result = await setCredentialRevoked({
      accessGrants: this.#accessGrants,
      dataId,
      revoked,
      confirmations: this.#context.confirmations,
    });
    await this.#context.afterChainWrite?.({ hash: result.hash });
    return result;
  }
}
