/**
 * Checks a write's proofs: the writer's EIP-712 `StoreRecord` signature over exactly the bytes sent, and for an
 * issuer's write the owner's `WritePermission`. The same checks let a peer re-verify a replicated write from the
 * stored proof alone, trusting nothing of the node that relays it (the owner comes from the chain).
 *
 * Signatures are checked as an EOA's first (ecrecover over the EIP-712 digest), then, if the expected signer has
 * code, through ERC-1271 `isValidSignature` on the chain.
 */
import { getAddress } from "ethers";

import type { ReaderLeaf, ReaderSlotBytes } from "../../../sdk/src/storage/write-typed-data.ts";
import {
  storeRecordDigest,
  storeRecordMessage,
  writePermissionDigest,
} from "../../../sdk/src/storage/write-typed-data.ts";
import type { ChainGateway } from "../chain/types.ts";
import type { WriteProof } from "../store/records.ts";
import { RecordRequestError } from "./errors.ts";
import { isSignatureOf } from "./is-signature-of.ts";

/** How far ahead of the node's clock a write's `writtenAt` may be (clock skew between the writer and the node). */
export const MAX_WRITE_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * What {@link verifyWrite} checks.
 *
 * @example
 * ```ts
 * const input: VerifyWriteInput = { chain, chainId, dataId, owner, envelope, readers, proof, nowMs: clock() };
 * ```
 */
export type VerifyWriteInput = {
  chain: ChainGateway;
  chainId: number;
  /** Lowercase `0x` + 64 hex. */
  dataId: string;
  /** The dataId's on-chain owner (from the node's confirmed view). */
  owner: string;
  /** The stored envelope bytes (no reader slots) and the reader slots, as sent. */
  envelope: Uint8Array;
  readers: readonly ReaderSlotBytes[];
  /** The leaves of readers whose slots were dropped (a replicated record); none on a client's write. */
  droppedReaders?: readonly ReaderLeaf[];
  /** The write's proof as received. `writer` is the account the write is attributed to (the session's). */
  proof: WriteProof;
  /** The node's wall clock, unix milliseconds: the permission's expiry and the write's future bound. */
  nowMs: number;
};

/**
 * Verifies a write's proof; returns nothing when it holds, throws a {@link RecordRequestError} when not:
 * `WRITE_IN_FUTURE` (400) for a `writtenAt` more than {@link MAX_WRITE_CLOCK_SKEW_MS} ahead of the node's clock;
 * with a permission, `PERMISSION_ISSUER_MISMATCH` (403) when the writer is not the issuer it names,
 * `PERMISSION_EXPIRED` (403) once `expiresAt` (unix seconds, node wall clock) has passed, `PERMISSION_INVALID`
 * (403) when the owner did not sign it; `WRITE_SIGNATURE_INVALID` (403) when the writer did not sign a
 * `StoreRecord` over exactly these envelope bytes, readers and `writtenAt`.
 *
 * The expiry is judged by the node's wall clock, not block time: the permission is an off-chain message between
 * owner and issuer that no contract sees, and a few seconds of skew between nodes only moves its end by as much.
 * (A peer re-verifying a replicated write later should judge the expiry at the write's `writtenAt`, bounded by when
 * it first saw the write, since the permission may have run out since.)
 *
 * @throws {ChainUnavailableError} when an ERC-1271 check cannot reach the chain.
 * @example
 * ```ts
 * await verifyWrite({ chain, chainId, dataId, owner, envelope: bytes, readers, proof, nowMs: clock() });
 * ```
 */
export async function verifyWrite({
  chain,
  chainId,
  dataId,
  owner,
  envelope,
  readers,
  droppedReaders = [],
  proof,
  nowMs,
}: VerifyWriteInput): Promise<void> {
  requireNotFuture(proof.writtenAt, nowMs);
  const { permission } = proof;
  if (permission !== undefined) {
    if (getAddress(permission.issuer) !== getAddress(proof.writer)) {
      throw forbidden("PERMISSION_ISSUER_MISMATCH", "The write permission names another issuer than the caller.");
    }
    if (permission.expiresAt * 1000 <= nowMs) {
      throw forbidden("PERMISSION_EXPIRED", "The owner's write permission has expired.");
    }
    const digest = writePermissionDigest({
      chainId,
      message: { issuer: permission.issuer, dataId, expiresAt: BigInt(permission.expiresAt) },
    });
    if (!(await isSignatureOf({ chain, chainId, address: owner, digest, signature: permission.signature }))) {
      throw forbidden("PERMISSION_INVALID", "The write permission is not signed by the data's owner.");
    }
  }
  const digest = storeRecordDigest({
    chainId,
    message: storeRecordMessage({ dataId, envelope, readers, droppedReaders, writtenAt: BigInt(proof.writtenAt) }),
  });
  if (!(await isSignatureOf({ chain, chainId, address: proof.writer, digest, signature: proof.signature }))) {
    throw forbidden(
      "WRITE_SIGNATURE_INVALID",
      "The write's signature is not the writer's over this envelope, these readers and this time.",
    );
  }
}

/**
 * Refuses a `writtenAt` more than {@link MAX_WRITE_CLOCK_SKEW_MS} ahead of the node's clock (`WRITE_IN_FUTURE`,
 * 400): it would hold off every later write until the clock caught up.
 *
 * @example
 * ```ts
 * requireNotFuture(writer.writtenAt, clock());
 * ```
 */
export function requireNotFuture(writtenAt: number, nowMs: number): void {
  if (writtenAt > nowMs + MAX_WRITE_CLOCK_SKEW_MS) {
    throw new RecordRequestError("The write's `writtenAt` is too far in the future.", {
      statusCode: 400,
      code: "WRITE_IN_FUTURE",
    });
  }
}

const forbidden = (code: string, message: string): RecordRequestError =>
  new RecordRequestError(message, { statusCode: 403, code });
