/**
 * The node's side of deletion receipts: it signs them with its identity key. The typed data (domain, types,
 * digest, verification) lives in the SDK (`sdk/src/storage/deletion-receipt.ts`), which owners verify with.
 */
import { getBytes } from "ethers";

import { deletionReceiptDigest, type DeletionReceiptMessage } from "../../../sdk/src/storage/deletion-receipt.ts";
import type { IdentityKey } from "../config/identity-key.ts";

/**
 * Signs a receipt with the node's identity key; returns the 65-byte signature (r ‖ s ‖ v).
 *
 * @example
 * ```ts
 * const signature = signDeletionReceipt({ identity, message: { chainId, dataId, node: identity.address, purgedAt } });
 * ```
 */
export function signDeletionReceipt({
  identity,
  message,
}: {
  identity: Pick<IdentityKey, "signingKey">;
  message: DeletionReceiptMessage;
}): Uint8Array {
  return getBytes(identity.signingKey.sign(deletionReceiptDigest(message)).serialized);
}
