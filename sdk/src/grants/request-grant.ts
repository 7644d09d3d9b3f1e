/**
 * A consumer asks an owner for a grant, on-chain, for the owner's wallet to show and approve.
 *
 * @module
 */
import { ZeroHash } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** What {@link requestGrant} takes. */
export type RequestGrantParameters = {
  /** `AccessGrants`, connected to the consumer's signer. */
  accessGrants: AccessGrants;
  /** The data owner asked. */
  owner: string;
  /** The data wanted; zero (default) for "any data the owner chooses". */
  dataId?: string;
  /** Requested lock (seconds); 0 (default) for none. */
  lockedUntil?: bigint;
  /** Requested expiry (seconds); 0 (default) for never. */
  expiresAt?: bigint;
  /** Hash of the human-readable purpose; zero by default. */
  purpose?: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link requestGrant} returns, from the `GrantRequested` event. */
export type RequestGrantResult = {
  hash: string;
  /** See `requestId()`; pass it to `approveRequest`. */
  requestId: string;
  owner: string;
  consumer: string;
  dataId: string;
  lockedUntil: bigint;
  expiresAt: bigint;
  purpose: string;
};

/**
 * Records the caller's request for a grant from `owner`. Throws `RequestExistsError` if the same request is open,
 * `UnknownDataError` / `NotDataOwnerError` for a named dataId that is not `owner`'s, and the time errors of `grant`.
 *
 * @example
 * ```ts
 * const { requestId } = await requestGrant({
 *   accessGrants: accessGrants.connect(consumer),
 *   owner: alice,
 *   dataId,
 *   expiresAt: now + 30n * 86_400n,
 *   purpose: id("Account opening"),
 * });
 * ```
 */
export async function requestGrant({
  accessGrants,
  owner,
  dataId = ZeroHash,
  lockedUntil = 0n,
  expiresAt = 0n,
  purpose = ZeroHash,
  confirmations = 1,
}: RequestGrantParameters): Promise<RequestGrantResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.requestGrant(owner, dataId, lockedUntil, expiresAt, purpose),
  });
  const [event] = requireEvents(sent, "GrantRequested");
  const value = (name: string): unknown => event.args.getValue(name);
  return {
    hash: sent.hash,
    requestId: String(value("requestId")),
    owner: String(value("owner")),
    consumer: String(value("consumer")),
    dataId: String(value("dataId")),
    lockedUntil: BigInt(value("lockedUntil") as bigint),
    expiresAt: BigInt(value("expiresAt") as bigint),
    purpose: String(value("purpose")),
  };
}
