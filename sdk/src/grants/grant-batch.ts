/**
 * Several grants in one transaction, all or nothing.
 *
 * @module
 */
import { ZeroHash } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { IdemError } from "../errors.ts";
import { grantedFromEvent, type GrantedEvent } from "./granted-event.ts";
import { requireEvents, sendTransaction } from "./send-transaction.ts";

/** One entry of {@link grantBatch}; defaults as in `grant`. */
export type GrantBatchEntry = {
  grantee: string;
  dataId: string;
  lockedUntil?: bigint;
  expiresAt?: bigint;
  purpose?: string;
};

/** What {@link grantBatch} takes. */
export type GrantBatchParameters = {
  /** `AccessGrants`, connected to the owner's signer. */
  accessGrants: AccessGrants;
  /** At least one entry. */
  grants: readonly GrantBatchEntry[];
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link grantBatch} returns: the hash and one decoded `Granted` event per entry, in order. */
export type GrantBatchResult = { hash: string; grants: GrantedEvent[] };

/**
 * Grants every entry in one transaction; if any entry fails, none is made (the revert of the failing entry is
 * mapped as in `grant`). An empty list throws `IdemError` before sending.
 *
 * @example
 * ```ts
 * const { grants } = await grantBatch({
 *   accessGrants,
 *   grants: [
 *     { grantee: bank, dataId: kycId },
 *     { grantee: insurer, dataId: kycId, expiresAt: 1767225600n },
 *   ],
 * });
 * ```
 */
export async function grantBatch({
  accessGrants,
  grants,
  confirmations = 1,
}: GrantBatchParameters): Promise<GrantBatchResult> {
  if (grants.length === 0) throw new IdemError("A batch must hold at least one grant.");
  const params = grants.map(({ grantee, dataId, lockedUntil = 0n, expiresAt = 0n, purpose = ZeroHash }) => ({
    grantee,
    dataId,
    lockedUntil,
    expiresAt,
    purpose,
  }));
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.grantBatch(params),
  });
  return { hash: sent.hash, grants: requireEvents(sent, "Granted").map(grantedFromEvent) };
}
