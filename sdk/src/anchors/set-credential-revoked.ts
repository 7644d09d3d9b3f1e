/**
 * The issuer withdraws (or reinstates) a credential it anchored.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { requireEvents, sendTransaction } from "../grants/send-transaction.ts";

/** What {@link setCredentialRevoked} takes. */
export type SetCredentialRevokedParameters = {
  /** `AccessGrants`, connected to the issuer's signer. */
  accessGrants: AccessGrants;
  dataId: string;
  /** True (default) to revoke, false to reinstate. */
  revoked?: boolean;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link setCredentialRevoked} returns, from the `CredentialStatusChanged` event. */
export type SetCredentialRevokedResult = { hash: string; dataId: string; issuer: string; revoked: boolean };

/**
 * Sets the issuer-revoked flag of `dataId`. Only its issuer may: anyone else gets `NotIssuerError`, an unknown
 * dataId `UnknownDataError`.
 *
 * @example
 * ```ts
 * await setCredentialRevoked({ accessGrants: accessGrants.connect(issuer), dataId });
 * ```
 */
export async function setCredentialRevoked({
  accessGrants,
  dataId,
  revoked = true,
  confirmations = 1,
}: SetCredentialRevokedParameters): Promise<SetCredentialRevokedResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.setCredentialRevoked(dataId, revoked),
  });
  const [event] = requireEvents(sent, "CredentialStatusChanged");
  return {
    hash: sent.hash,
    dataId: String(event.args.getValue("dataId")),
    issuer: String(event.args.getValue("issuer")),
    revoked: Boolean(event.args.getValue("revoked")),
  };
}
