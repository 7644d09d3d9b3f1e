/**
 * Signs a node write: the writer's EIP-712 `StoreRecord` over exactly the envelope bytes and reader slots sent.
 *
 * @module
 */
import type { Signer } from "ethers";
import { WRITE_TYPES, storageDomain, storeRecordMessage, type ReaderSlotBytes } from "./write-typed-data.ts";

/** What {@link signStoreRecord} takes. */
export type SignStoreRecordParameters = {
  /** The writer: the data's owner, or an issuer holding the owner's write permission. */
  signer: Signer;
  /** The dataId's home chain. */
  chainId: bigint | number;
  /** The dataId, 0x + 64 hex digits. */
  dataId: string;
  /** The envelope bytes as sent (no reader slots). */
  envelope: Uint8Array;
  /** The reader slots as sent, with their grantees. */
  readers: readonly ReaderSlotBytes[];
  /** When the write was made, unix milliseconds; nodes keep only the newest write. */
  writtenAt: bigint;
};

/**
 * The `writer` field of a node `PUT`: `{ writtenAt, signature }`, the signature being the writer's EIP-712
 * `StoreRecord` over the dataId, the envelope's sha2-256, the readers' hash and `writtenAt`.
 *
 * @example
 * ```ts
 * const writer = await signStoreRecord({ signer: owner, chainId: 1, dataId, envelope: bytes, readers: [], writtenAt: BigInt(Date.now()) });
 * await fetch(url, { method: "PUT", body: JSON.stringify({ envelope: base64, readers: [], writer }) });
 * ```
 */
export async function signStoreRecord({
  signer,
  chainId,
  dataId,
  envelope,
  readers,
  writtenAt,
}: SignStoreRecordParameters): Promise<{ writtenAt: number; signature: string }> {
  const message = storeRecordMessage({ dataId, envelope, readers, writtenAt });
  const signature = await signer.signTypedData(
    storageDomain({ chainId }),
    { StoreRecord: [...WRITE_TYPES.StoreRecord] },
    message,
  );
  return { writtenAt: Number(writtenAt), signature };
}
