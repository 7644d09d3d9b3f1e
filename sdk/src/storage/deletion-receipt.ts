/**
 * Deletion receipts: a storage node's EIP-712 signed statement that it purged a dataId. The node signs them; the
 * owner fetches them ({@link getDeletionReceipts}) and checks the signer against the node's address in
 * `NodeRegistry`. Pure: ethers' hashing only.
 *
 * @module
 *
 * The domain has no `chainId` or `verifyingContract`: a receipt is signed by a node key, not for a contract, and
 * the chain is inside the message (`chainId` is the dataId's home chain), so a receipt for one chain never reads as
 * one for another.
 */
import { TypedDataEncoder, getAddress, hexlify, verifyTypedData } from "ethers";
import type { TypedDataDomain, TypedDataField } from "ethers";

/**
 * The EIP-712 domain of deletion receipts.
 *
 * @example
 * ```ts
 * TypedDataEncoder.hashDomain(DELETION_RECEIPT_DOMAIN);
 * ```
 */
export const DELETION_RECEIPT_DOMAIN: Readonly<TypedDataDomain> = Object.freeze({
  name: "Idem Storage Node",
  version: "1",
});

/**
 * The EIP-712 types of a receipt: `DeletionReceipt(uint256 chainId,bytes32 dataId,address node,uint64 purgedAt)`.
 *
 * @example
 * ```ts
 * TypedDataEncoder.from(DELETION_RECEIPT_TYPES).encodeType("DeletionReceipt");
 * ```
 */
export const DELETION_RECEIPT_TYPES: Readonly<Record<string, TypedDataField[]>> = Object.freeze({
  DeletionReceipt: [
    { name: "chainId", type: "uint256" },
    { name: "dataId", type: "bytes32" },
    { name: "node", type: "address" },
    { name: "purgedAt", type: "uint64" },
  ],
});

/**
 * What a receipt states: the node `node` purged `dataId` (home chain `chainId`) at `purgedAt` (unix seconds).
 *
 * @example
 * ```ts
 * const message: DeletionReceiptMessage = { chainId: 31337n, dataId, node: identity.address, purgedAt: 1_700_000_000n };
 * ```
 */
export type DeletionReceiptMessage = { chainId: bigint; dataId: string; node: string; purgedAt: bigint };

/**
 * The EIP-712 digest of a receipt (what the node key signs).
 *
 * @example
 * ```ts
 * const digest = deletionReceiptDigest(message);
 * ```
 */
export function deletionReceiptDigest(message: DeletionReceiptMessage): string {
  return TypedDataEncoder.hash(DELETION_RECEIPT_DOMAIN, DELETION_RECEIPT_TYPES, normalize(message));
}

/**
 * Recovers the address that signed a receipt (checksummed). The receipt is genuine when this equals both
 * `message.node` and the node's address in `NodeRegistry`.
 *
 * @throws when the signature is malformed.
 * @example
 * ```ts
 * const signer = verifyDeletionReceipt({ message: { chainId, dataId, node, purgedAt }, signature });
 * if (signer !== registeredNodeAddress) throw new Error("not this node's receipt");
 * ```
 */
export function verifyDeletionReceipt({
  message,
  signature,
}: {
  message: DeletionReceiptMessage;
  signature: Uint8Array | string;
}): string {
  const hex = typeof signature === "string" ? signature : hexlify(signature);
  return verifyTypedData(DELETION_RECEIPT_DOMAIN, DELETION_RECEIPT_TYPES, normalize(message), hex);
}

function normalize(message: DeletionReceiptMessage): DeletionReceiptMessage {
  return {
    chainId: message.chainId,
    dataId: message.dataId.toLowerCase(),
    node: getAddress(message.node),
    purgedAt: message.purgedAt,
  };
}
