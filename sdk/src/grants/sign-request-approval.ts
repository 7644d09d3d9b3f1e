/**
 * The owner signs its approval of a consumer's grant request, for the consumer (or anyone) to relay with
 * `approveRequestBySig`.
 *
 * @module
 */
import { ZeroHash, type Signer } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { IdemError } from "../errors.ts";
import { RequestDataMismatchError, RequestNotOpenError } from "./contract-errors.ts";
import { getRequest } from "./get-request.ts";
import { signGrant } from "./sign-grant.ts";
import type { GrantMessage } from "./typed-data.ts";

/** What {@link signRequestApproval} takes. */
export type SignRequestApprovalParameters = {
  /** `AccessGrants`, connected to any provider (read: the request, the grant nonce, the chain id). */
  accessGrants: AccessGrants;
  /** Signs for the request's owner: the owner's EOA, or the key its ERC-1271 wallet accepts. */
  signer: Signer;
  requestId: string;
  /** The data to grant; defaults to the one the request named. Required when the request named none. */
  dataId?: string;
  /** The signature is void after this time (seconds). */
  deadline: bigint;
  /** The grant's nonce; read from `getGrant` unless given. */
  nonce?: bigint;
  /** The chain id of the domain; read from the contract's provider unless given. */
  chainId?: bigint;
};

/**
 * What {@link signRequestApproval} returns: exactly what `approveRequestBySig` takes, plus the `Grant` message
 * signed (the request's terms, with grantee = the consumer) for display or audit.
 */
export type SignedRequestApproval = {
  requestId: string;
  dataId: string;
  nonce: bigint;
  deadline: bigint;
  signature: string;
  authorization: GrantMessage;
};

/**
 * Reads open request `requestId` and signs the EIP-712 `Grant` message the contract checks in
 * `approveRequestBySig`: owner and grantee (the consumer), lock, expiry and purpose as the request states them, the
 * chosen `dataId`, the grant's current nonce and `deadline`. Throws before signing: `RequestNotOpenError` unless the
 * request is open, `RequestDataMismatchError` when `dataId` differs from the data the request named, and
 * `IdemError` when neither names any data.
 *
 * @example
 * ```ts
 * // in the owner's wallet:
 * const signed = await signRequestApproval({ accessGrants, signer: owner, requestId, deadline: now + 3600n });
 * // sent to the consumer, who relays it and pays the gas:
 * const { grantId } = await approveRequestBySig({ accessGrants: accessGrants.connect(consumer), ...signed });
 * ```
 */
export async function signRequestApproval({
  accessGrants,
  signer,
  requestId,
  dataId,
  deadline,
  nonce,
  chainId,
}: SignRequestApprovalParameters): Promise<SignedRequestApproval> {
  const request = await getRequest({ accessGrants, requestId });
  if (request.status !== "Open") throw new RequestNotOpenError({ requestId, status: request.status });
  const requested = request.dataId;
  if (requested !== ZeroHash && dataId !== undefined && dataId.toLowerCase() !== requested.toLowerCase()) {
    throw new RequestDataMismatchError({ requestId, requested, given: dataId });
  }
  const chosen = requested !== ZeroHash ? requested : dataId;
  if (chosen === undefined) {
    throw new IdemError("No data to approve.", {
      details: "the request names no data (any of the owner's); pass the dataId to grant",
    });
  }
  const { authorization, signature } = await signGrant({
    accessGrants,
    signer,
    owner: request.owner,
    grantee: request.consumer,
    dataId: chosen,
    lockedUntil: request.lockedUntil,
    expiresAt: request.expiresAt,
    purpose: request.purpose,
    deadline,
    nonce,
    chainId,
  });
  return { requestId, dataId: chosen, nonce: authorization.nonce, deadline, signature, authorization };
}
