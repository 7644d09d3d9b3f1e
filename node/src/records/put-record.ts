/**
 * Stores an envelope for its on-chain owner, or for an issuer holding the owner's EIP-712 write permission, with
 * the write's proofs (see `verify-write.ts`): checks everything first, then puts the block, then writes the record
 * and its reader slots in one transaction. The answer (the CID) is returned only after the commit is durable.
 *
 * Failure leaves nothing half-written: every check runs before the first write; the block put comes next, and if
 * the transaction then fails, the record and slots are rolled back together. The block put by then stays in the
 * block store as an orphan: harmless (content-addressed ciphertext nobody references; a retry of the same bytes
 * reuses it), and a later sweep of unreferenced blocks may drop it.
 */
import { InvalidEnvelopeError, UnsupportedEnvelopeVersionError } from "../../../sdk/src/errors.ts";
import { equalBytes, fromHex } from "../../../sdk/src/crypto/bytes.ts";
import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import { DATA_ID_BYTES, HEADER_BYTES, NONCE_BYTES } from "../../../sdk/src/crypto/envelope.ts";
import type { Envelope } from "../../../sdk/src/crypto/envelope.ts";
import { MAX_BLOCK_BYTES } from "../blocks/block-store.ts";
import { unixSeconds } from "../clock.ts";
import type { ReaderLeaf } from "../../../sdk/src/storage/write-typed-data.ts";
import { readerLeafOf } from "../../../sdk/src/storage/write-typed-data.ts";
import type { WriteProof } from "../store/records.ts";
import { applyReaderSet } from "./apply-reader-set.ts";
import type { ReaderSlotInput, RecordTarget, RecordsDependencies } from "./dependencies.ts";
import { RecordRequestError, badRequest } from "./errors.ts";
import { requireFresh } from "./require-fresh.ts";
import { requireOwner } from "./require-owner.ts";
import { verifyWrite } from "./verify-write.ts";
import { verifyReaderSlots } from "./verify-reader-slots.ts";

/**
 * What {@link putRecord} stores: the envelope bytes (with no reader slots), the grantees' slots, and the write's
 * proofs: the writer's (the caller's) `StoreRecord` signature with its `writtenAt` (unix ms), and the owner's
 * permission when the caller is an issuer.
 *
 * @example
 * ```ts
 * const input: PutRecordInput = { chainId, dataId, caller, envelope: bytes, readers: [{ grantee, slot }],
 *   writer: { writtenAt: Date.now(), signature } };
 * ```
 */
export type PutRecordInput = RecordTarget & {
  envelope: Uint8Array;
  readers: readonly ReaderSlotInput[];
  /** Signed readers whose slots the sending node dropped (a replicated record); none on a client's write. */
  droppedReaders?: readonly ReaderLeaf[];
  writer: { writtenAt: number; signature: Uint8Array };
  permission?: { issuer: string; expiresAt: number; signature: Uint8Array };
};

/**
 * Stores or replaces the record. Its readers become exactly the signed ones: an earlier slot stays only if it is
 * byte for byte one of them (a new envelope has a new data key, so the old slots could not open it). After the
 * commit, `deps.onStored` (if given) replicates the write; the answer's `replicas` counts the nodes that hold it
 * durably, this one included.
 *
 * @throws {RecordRequestError} `DATA_NOT_ANCHORED`, `NOT_OWNER`, `PERMISSION_ISSUER_MISMATCH`,
 *   `DELETION_PENDING` (see `requireOwner`); `ENVELOPE_TOO_LARGE` (413); `INVALID_ENVELOPE`, `UNSUPPORTED_ENVELOPE_VERSION`, `ENVELOPE_MISMATCH`,
 *   `ENVELOPE_HAS_READER_SLOTS` (400); `STALE_WRITE` (409) when `writtenAt` is not newer than the stored write's
 *   ; the refusals of `verifyWrite` (`WRITE_IN_FUTURE`,
 *   `PERMISSION_EXPIRED`, `PERMISSION_INVALID`, `WRITE_SIGNATURE_INVALID`) and of `verifyReaderSlots`.
 * @example
 * ```ts
 * const { cid } = await putRecord(deps, {
 *   chainId,
 *   dataId,
 *   caller: session.address,
 *   envelope,
 *   readers: [],
 *   writer: { writtenAt, signature },
 * });
 * ```
 */
export async function putRecord(
  deps: RecordsDependencies,
  input: PutRecordInput,
): Promise<{ cid: string; replicas: number }> {
  const { store, blockStore, grants, chain, clock } = deps;
  const { chainId, dataId, caller, envelope: bytes, readers, droppedReaders = [], writer, permission } = input;
  const issuer = permission?.issuer;
  const owner = requireOwner(grants, { chainId, dataId, caller, ...(issuer === undefined ? {} : { issuer }) });
  const envelope = decodeForStorage({ bytes, chainId, dataId });
  const proof: WriteProof = { writer: caller, ...writer, ...(permission === undefined ? {} : { permission }) };
  requireFresh(store.records.get({ chainId, dataId }), proof);
  await verifyWrite({ chain, chainId, dataId, owner, envelope: bytes, readers, droppedReaders, proof, nowMs: clock() });
  const slots = await verifyReaderSlots({
    chain,
    chainId,
    readers,
    ownerKeys: envelope.ownerSlots.map((slot) => slot.publicKey),
  });

  const cid = (await blockStore.put(bytes)).toString();

  // The view may have moved while the KeyRegistry and the block store were awaited: check again, synchronously,
  // right before the write.
  requireOwner(grants, { chainId, dataId, caller, ...(issuer === undefined ? {} : { issuer }) });
  // The owner slots sit between the count byte after the nonce and the 2-byte reader count (0 here) that precedes
  // the 4-byte ciphertext length and the ciphertext.
  const ownerSlotsStart = HEADER_BYTES + NONCE_BYTES + 1;
  const ownerSlotsEnd = bytes.length - envelope.ciphertext.length - 4 - 2;
  const now = unixSeconds(clock);
  store.transaction(() => {
    const existing = store.records.get({ chainId, dataId });
    // A concurrent write may have landed while this one was checked: order them again, inside the transaction.
    requireFresh(existing, proof);
    store.records.upsert({
      chainId,
      dataId,
      owner,
      cid,
      envelopeHeader: bytes.slice(0, HEADER_BYTES),
      envelopeNonce: bytes.slice(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES),
      ownerSlots: bytes.slice(ownerSlotsStart, ownerSlotsEnd),
      size: bytes.length,
      createdAt: existing?.createdAt ?? now,
      updatedAt: Math.max(now, existing?.createdAt ?? now),
      proof,
    });
    applyReaderSet(store, {
      chainId,
      dataId,
      leaves: [...slots.map(readerLeafOf), ...droppedReaders],
      slots,
      addedAt: grants.confirmedBlock(chainId).blockTimestamp,
    });
  });
  const others =
    deps.onStored === undefined
      ? 0
      : await deps.onStored({ chainId, dataId, cid, owner, proof, readers, droppedReaders }).catch(() => 0);
  return { cid, replicas: 1 + others };
}

/** Decodes the envelope and checks it may be stored under the path's chain and dataId. */
function decodeForStorage({
  bytes,
  chainId,
  dataId,
}: {
  bytes: Uint8Array;
  chainId: number;
  dataId: string;
}): Envelope {
  if (bytes.length > MAX_BLOCK_BYTES) {
    throw new RecordRequestError(`The envelope is larger than ${MAX_BLOCK_BYTES} bytes.`, {
      statusCode: 413,
      code: "ENVELOPE_TOO_LARGE",
    });
  }
  let envelope: Envelope;
  try {
    envelope = decodeEnvelope({ bytes });
  } catch (error) {
    if (error instanceof UnsupportedEnvelopeVersionError) {
      throw badRequest("UNSUPPORTED_ENVELOPE_VERSION", "The envelope's version is not supported.", error.details);
    }
    if (error instanceof InvalidEnvelopeError) {
      throw badRequest("INVALID_ENVELOPE", "The envelope cannot be decoded.", error.details);
    }
    throw error;
  }
  const pathDataId = fromHex(dataId, DATA_ID_BYTES);
  if (
    envelope.header.chainId !== BigInt(chainId) ||
    pathDataId === undefined ||
    !equalBytes(envelope.header.dataId, pathDataId)
  ) {
    throw badRequest("ENVELOPE_MISMATCH", "The envelope's header names another chain or dataId than the path.");
  }
  if (envelope.readerSlots.length > 0) {
    throw badRequest(
      "ENVELOPE_HAS_READER_SLOTS",
      "The envelope carries reader slots; send them in `readers`, one per grantee, instead.",
    );
  }
  return envelope;
}
