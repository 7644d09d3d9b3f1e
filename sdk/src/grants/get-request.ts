/**
 * Read one grant request.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { REQUEST_STATUSES, decodeContractError, type RequestStatus } from "./contract-errors.ts";

/** What {@link getRequest} takes. */
export type GetRequestParameters = {
  /** `AccessGrants`, connected to any provider. */
  accessGrants: AccessGrants;
  /** From `requestGrant`, `requestId()` or the `GrantRequested` event. */
  requestId: string;
};

/** A consumer's grant request as stored. Times in seconds, 0 meaning "none". */
export type GrantRequest = {
  requestId: string;
  /** `"None"` when there is no such request (every other field is then zero). */
  status: RequestStatus;
  /** Who asked, and who is granted on approval. */
  consumer: string;
  /** The data owner asked. */
  owner: string;
  /** The data wanted; zero for "any data the owner chooses". */
  dataId: string;
  lockedUntil: bigint;
  expiresAt: bigint;
  /** Hash of the human-readable purpose. */
  purpose: string;
};

/**
 * Reads request `requestId`, e.g. for a wallet to show its terms before the owner approves or declines.
 *
 * @example
 * ```ts
 * const { status, consumer, dataId, expiresAt } = await getRequest({ accessGrants, requestId });
 * if (status === "Open") showApprovalDialog({ consumer, dataId, expiresAt });
 * ```
 */
export async function getRequest({ accessGrants, requestId }: GetRequestParameters): Promise<GrantRequest> {
  let request;
  try {
    request = await accessGrants.getRequest(requestId);
  } catch (error) {
    throw decodeContractError(error, accessGrants.interface);
  }
  return {
    requestId,
    status: REQUEST_STATUSES[Number(request.status)] ?? "None",
    consumer: request.consumer,
    owner: request.owner,
    dataId: request.dataId,
    lockedUntil: request.lockedUntil,
    expiresAt: request.expiresAt,
    purpose: request.purpose,
  };
}
