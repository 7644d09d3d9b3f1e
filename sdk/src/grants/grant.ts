/**
 * Grant a grantee access to one of the caller's data.
 *
 * @module
 */
import { ZeroHash } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { grantedFromEvent, type GrantedEvent } from "./granted-event.ts";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** What {@link grant} takes. */
export type GrantParameters = {
  /** `AccessGrants`, connected to the owner's signer. */
  accessGrants: AccessGrants;
  /** The account given access. */
  grantee: string;
  /** The owner's anchored data. */
  dataId: string;
  /** The owner cannot revoke before this time (seconds); 0 (default) for no lock. */
  lockedUntil?: bigint;
  /** The grant ends at this time (seconds); 0 (default) for never. */
  expiresAt?: bigint;
  /** Hash of a human-readable purpose, e.g. `id("KYC check")`; zero by default. */
  purpose?: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link grant} returns: the transaction hash and the grant as the `Granted` event reports it. */
export type GrantResult = GrantedEvent & { hash: string };

/**
 * Grants `grantee` access to the caller's `dataId` (or updates that grant). Reverts map to SDK errors:
 * `NotDataOwnerError`, `UnknownDataError`, `DeletionPendingError`, `InvalidExpiryError`, `ExpiryBeforeLockError`,
 * `LockShortenedError`.
 *
 * @example
 * ```ts
 * const { hash, grantId } = await grant({
 *   accessGrants: AccessGrants__factory.connect(address, signer),
 *   grantee: consumer,
 *   dataId,
 *   expiresAt: BigInt(Math.floor(Date.now() / 1000)) + 86_400n,
 *   purpose: id("Know-your-customer check"),
 * });
 * ```
 */
export async function grant({
  accessGrants,
  grantee,
  dataId,
  lockedUntil = 0n,
  expiresAt = 0n,
  purpose = ZeroHash,
  confirmations = 1,
}: GrantParameters): Promise<GrantResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.grant(grantee, dataId, lockedUntil, expiresAt, purpose),
  });
  const [granted] = requireEvents(sent, "Granted");
  return { hash: sent.hash, ...grantedFromEvent(granted) };
}
