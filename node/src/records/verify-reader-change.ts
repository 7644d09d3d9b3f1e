/**
 * Checks the owner's proof of a reader change: an EIP-712 `StoreRecord` over the same envelope (the CID's
 * sha2-256 digest) and the new reader set, with a newer `writtenAt`. Only the owner signs reader changes: an
 * issuer's write permission covers writing the envelope, not choosing who may read it.
 */
import { hexlify } from "ethers";
import { CID } from "multiformats/cid";

import type { ReaderLeaf } from "../../../sdk/src/storage/write-typed-data.ts";
import { readersHashOfLeaves, storeRecordDigest } from "../../../sdk/src/storage/write-typed-data.ts";
import type { ChainGateway } from "../chain/types.ts";
import type { StoredRecord } from "../store/records.ts";
import { RecordRequestError, badRequest } from "./errors.ts";
import { isSignatureOf } from "./is-signature-of.ts";
import { parseAddress } from "./parse-address.ts";
import { requireFresh } from "./require-fresh.ts";
import { requireNotFuture } from "./verify-write.ts";

/**
 * The owner's signature of a reader change as a request carries it.
 *
 * @example
 * ```ts
 * const writer: ReaderChangeProof = { writtenAt: Date.now(), signature };
 * ```
 */
export type ReaderChangeProof = { writtenAt: number; signature: Uint8Array };

/**
 * Checks `leaves` name each grantee once (`DUPLICATE_READER`, `INVALID_ADDRESS`, 400), then that `writer` is not
 * in the future (`WRITE_IN_FUTURE`, 400), is newer than the record's proof (`STALE_WRITE`, 409), and is the owner's
 * `StoreRecord` signature over the record's envelope and exactly `leaves` (`WRITE_SIGNATURE_INVALID`, 403).
 * Returns the leaves with checksummed grantees.
 *
 * @throws {RecordRequestError} as above; {@link ChainUnavailableError} when an ERC-1271 check cannot reach the chain.
 * @example
 * ```ts
 * const checked = await verifyReaderChange({ chain, chainId, record, owner, leaves, writer, nowMs: clock() });
 * ```
 */
export async function verifyReaderChange({
  chain,
  chainId,
  record,
  owner,
  leaves,
  writer,
  nowMs,
}: {
  chain: ChainGateway;
  chainId: number;
  record: StoredRecord;
  /** The dataId's on-chain owner. */
  owner: string;
  /** Every reader of the new set. */
  leaves: readonly ReaderLeaf[];
  writer: ReaderChangeProof;
  nowMs: number;
}): Promise<ReaderLeaf[]> {
  const seen = new Set<string>();
  const checked = leaves.map(({ grantee, slotHash }) => {
    const address = parseAddress(grantee, "readers[].grantee");
    if (seen.has(address)) throw badRequest("DUPLICATE_READER", `Grantee ${address} is in the reader set twice.`);
    seen.add(address);
    return { grantee: address, slotHash: slotHash.toLowerCase() };
  });
  requireNotFuture(writer.writtenAt, nowMs);
  requireFresh(record, writer);
  const digest = storeRecordDigest({
    chainId,
    message: {
      dataId: record.dataId,
      envelopeHash: hexlify(CID.parse(record.cid).multihash.digest),
      readersHash: readersHashOfLeaves(checked),
      writtenAt: BigInt(writer.writtenAt),
    },
  });
  if (!(await isSignatureOf({ chain, chainId, address: owner, digest, signature: writer.signature }))) {
    throw new RecordRequestError(
      "The reader change is not signed by the data's owner over this envelope, these readers and this time.",
      { statusCode: 403, code: "WRITE_SIGNATURE_INVALID" },
    );
  }
  return checked;
}
