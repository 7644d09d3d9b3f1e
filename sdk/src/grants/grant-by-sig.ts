/**
 * Relay an owner's signed `Grant` authorization.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import type { GrantResult } from "./grant.ts";
import { grantedFromEvent } from "./granted-event.ts";
import { requireEvents, sendTransaction } from "./send-transaction.ts";
import type { GrantMessage } from "./typed-data.ts";

/** What {@link grantBySig} takes. */
export type GrantBySigParameters = {
  /** `AccessGrants`, connected to the relayer's signer (anyone; it pays the gas). */
  accessGrants: AccessGrants;
  /** The message the owner signed (from `signGrant`). */
  authorization: GrantMessage;
  /** The owner's signature. */
  signature: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/**
 * Submits a signed grant on the owner's behalf. Besides `grant`'s errors, it may throw `SignatureExpiredError`,
 * `InvalidNonceError` (used, burned or stale signature) and `InvalidSignatureError`.
 *
 * @example
 * ```ts
 * const signed = await signGrant({ accessGrants, signer: owner, grantee, dataId, deadline });
 * const { grantId } = await grantBySig({ accessGrants: accessGrants.connect(relayer), ...signed });
 * ```
 */
export async function grantBySig({
  accessGrants,
  authorization,
  signature,
  confirmations = 1,
}: GrantBySigParameters): Promise<GrantResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.grantBySig(authorization, signature),
  });
  const [granted] = requireEvents(sent, "Granted");
  return { hash: sent.hash, ...grantedFromEvent(granted) };
}
