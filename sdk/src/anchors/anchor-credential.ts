/**
 * An issuer binds a credential's dataId to its subject.
 *
 * @module
 */
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { requireEvents, sendTransaction } from "../grants/send-transaction.ts";
import { anchoredFromEvent, type AnchoredEvent } from "./anchored-event.ts";

/** What {@link anchorCredential} takes. */
export type AnchorCredentialParameters = {
  /** `AccessGrants`, connected to the issuer's signer. */
  accessGrants: AccessGrants;
  /** Random id of the credential (32 bytes), never derived from its content. */
  dataId: string;
  /** The credential's subject, who alone may grant it. */
  owner: string;
  /** The credential type, see `schemaId`. */
  schema: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link anchorCredential} returns, from the `DataAnchored` event. */
export type AnchorResult = AnchoredEvent & { hash: string };

/**
 * Anchors `dataId` to `owner` as a credential issued by the caller. Throws `AlreadyAnchoredError` if the dataId is
 * taken.
 *
 * @example
 * ```ts
 * const { dataId } = await anchorCredential({
 *   accessGrants: accessGrants.connect(issuer),
 *   dataId: hexlify(randomBytes(32)),
 *   owner: subject,
 *   schema: schemaId("https://idem.example/credentials/v1#KycCredential"),
 * });
 * ```
 */
export async function anchorCredential({
  accessGrants,
  dataId,
  owner,
  schema,
  confirmations = 1,
}: AnchorCredentialParameters): Promise<AnchorResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.anchorCredential(dataId, owner, schema),
  });
  const [anchored] = requireEvents(sent, "DataAnchored");
  return { hash: sent.hash, ...anchoredFromEvent(anchored) };
}
