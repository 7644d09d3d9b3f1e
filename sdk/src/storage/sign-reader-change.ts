/**
 * Signs a reader change: the owner's EIP-712 `StoreRecord` over the stored envelope (named by its CID) and the
 * new reader set, so nodes and their peers can verify the record's readers from the owner's word alone.
 *
 * @module
 */
import type { Signer } from "ethers";
import { hexlify } from "ethers";
import { CID } from "multiformats/cid";

import { InvalidStorageParametersError } from "./data-errors.ts";
import type { ReaderLeaf } from "./write-typed-data.ts";
import { WRITE_TYPES, readersHashOfLeaves, storageDomain } from "./write-typed-data.ts";

/** What {@link signReaderChange} takes. */
export type SignReaderChangeParameters = {
  /** The data's owner (only the owner changes readers). */
  signer: Signer;
  /** The dataId's home chain. */
  chainId: bigint | number;
  /** The dataId, 0x + 64 hex digits. */
  dataId: string;
  /** The stored envelope's CID (CIDv1, raw, sha2-256), as `getEnvelope` returns it. */
  cid: string;
  /** Every reader of the new set. */
  readers: readonly ReaderLeaf[];
  /** Unix milliseconds; must be newer than the record's last write or reader change. */
  writtenAt: bigint;
};

/**
 * The `writer` field of a reader change: `{ writtenAt, signature }`.
 *
 * @throws {InvalidStorageParametersError} when `cid` is not a sha2-256 CID.
 * @example
 * ```ts
 * const writer = await signReaderChange({ signer: owner, chainId: 1, dataId, cid, readers: [leaf], writtenAt: BigInt(Date.now()) });
 * ```
 */
export async function signReaderChange({
  signer,
  chainId,
  dataId,
  cid,
  readers,
  writtenAt,
}: SignReaderChangeParameters): Promise<{ writtenAt: number; signature: string }> {
  const message = {
    dataId: dataId.toLowerCase(),
    envelopeHash: envelopeHashOfCid(cid),
    readersHash: readersHashOfLeaves(readers),
    writtenAt,
  };
  const signature = await signer.signTypedData(
    storageDomain({ chainId }),
    { StoreRecord: [...WRITE_TYPES.StoreRecord] },
    message,
  );
  return { writtenAt: Number(writtenAt), signature };
}

/** The sha2-256 digest a raw CIDv1 carries: the envelope hash a `StoreRecord` signs. */
function envelopeHashOfCid(cid: string): string {
  let parsed: CID;
  try {
    parsed = CID.parse(cid);
  } catch {
    throw new InvalidStorageParametersError({ details: "`cid` is not a CID" });
  }
  if (parsed.multihash.code !== 0x12 || parsed.multihash.digest.length !== 32) {
    throw new InvalidStorageParametersError({ details: "`cid` is not a sha2-256 CID" });
  }
  return hexlify(parsed.multihash.digest);
}
