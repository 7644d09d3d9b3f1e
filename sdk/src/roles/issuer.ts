import type { Signer } from "ethers";
import { hexlify, randomBytes } from "ethers";

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
 * What an {@link Issuer} is bound to. Issuers never call a node, so no sessions.
 *
 * @example
 * ```ts
 * const context: IssuerContext = { accessGrants, chainId: 1n, signer: issuerWallet };
 * ```
 */
export type IssuerContext = {
  accessGrants: AccessGrants;
  chainId: bigint;
  /** Sends the issuer's anchoring and status transactions. */
  signer: Signer;
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
 * A KYC provider's facade: issue a signed VC 2.0 KYC credential, anchor its dataId to the user on-chain (the
 * anchor names the issuer, so only the issuer can flag it revoked), and revoke it (status list bit, on-chain flag).
 *
 * **Writing with the owner's permission.** The storage nodes accept writes only from the dataId's owner; a
 * write-permission route for issuers does not exist yet. Until it does, the issuer hands the signed credential
 * and its anchored dataId over to the user (see {@link Issuer.issueAndAnchor}), and the user stores it with
 * `User.storeCredential`, which seals it with the user's own key. The issuer never sees the user's key.
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
   * to the user, who stores it (the nodes do not take issuer writes yet; see the class notes).
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
