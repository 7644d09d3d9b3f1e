/**
 * Relay an owner's signed `Revoke` authorization.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { revokedFromEvent } from "./granted-event.ts";
import type { RevokeResult } from "./revoke.ts";
import { requireEvents, sendTransaction } from "./send-transaction.ts";
import type { RevokeMessage } from "./typed-data.ts";

/** What {@link revokeBySig} takes. */
export type RevokeBySigParameters = {
  /** `AccessGrants`, connected to the relayer's signer. */
  accessGrants: AccessGrants;
  /** The message the owner signed (from `signRevoke`). */
  authorization: RevokeMessage;
  signature: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/**
 * Submits a signed revoke on the owner's behalf. Throws as `revoke` does, plus `SignatureExpiredError`,
 * `InvalidNonceError` and `InvalidSignatureError`.
 *
 * @example
 * ```ts
 * const signed = await signRevoke({ accessGrants, signer: owner, grantee, dataId, deadline });
 * const { grantId } = await revokeBySig({ accessGrants: accessGrants.connect(relayer), ...signed });
 * ```
 */
export async function revokeBySig({
  accessGrants,
  authorization,
  signature,
  confirmations = 1,
}: RevokeBySigParameters): Promise<RevokeResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.revokeBySig(authorization, signature),
  });
  const [revoked] = requireEvents(sent, "Revoked");
  return { hash: sent.hash, ...revokedFromEvent(revoked) };
}
