/**
 * An owner binds self-added data to itself.
 *
 * @module
 */
import { ZeroHash } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { requireEvents, sendTransaction } from "../grants/send-transaction.ts";
import type { AnchorResult } from "./anchor-credential.ts";
import { anchoredFromEvent } from "./anchored-event.ts";

/** What {@link anchorData} takes. */
export type AnchorDataParameters = {
  /** `AccessGrants`, connected to the owner's signer. */
  accessGrants: AccessGrants;
  /** Random id of the data (32 bytes). */
  dataId: string;
  /** The data type (see `schemaId`), zero (default) for none. */
  schema?: string;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/**
 * Anchors `dataId` to the caller (owner and issuer). Throws `AlreadyAnchoredError` if the dataId is taken.
 *
 * @example
 * ```ts
 * const { dataId, owner } = await anchorData({ accessGrants, dataId: hexlify(randomBytes(32)) });
 * ```
 */
export async function anchorData({
  accessGrants,
  dataId,
  schema = ZeroHash,
  confirmations = 1,
}: AnchorDataParameters): Promise<AnchorResult> {
  const sent = await sendTransaction({
    contract: accessGrants,
    confirmations,
    send: () => accessGrants.anchorData(dataId, schema),
  });
  const [anchored] = requireEvents(sent, "DataAnchored");
  return { hash: sent.hash, ...anchoredFromEvent(anchored) };
}
