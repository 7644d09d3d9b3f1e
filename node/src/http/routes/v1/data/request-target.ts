/**
 * Turns a data route's path or query into what the records operations take, refusing a chain the node does not
 * follow and a session opened on another chain.
 */
import { getBytes } from "ethers";
import type { FastifyRequest } from "fastify";
import type { Static } from "typebox";

import { RecordRequestError } from "../../../../records/errors.ts";
import type { RequestSession } from "../../../plugins/auth.ts";
import type { RouteContext } from "../../../types.ts";
import type { WriterProof } from "./schemas.ts";

/**
 * The chain id from a decimal string, checked against the node's chains and the caller's session.
 *
 * A session is bound to the chain it was signed in on: for a smart account (ERC-1271), the same address on
 * another chain may be another contract with other signers, so a session never speaks for it there.
 *
 * @throws {RecordRequestError} `CHAIN_UNSUPPORTED` (400), `SESSION_CHAIN_MISMATCH` (403).
 * @example
 * ```ts
 * const { chainId, caller } = requestTarget(context, request, request.params.chainId);
 * ```
 */
export function requestTarget(
  { chain }: Pick<RouteContext, "chain">,
  request: FastifyRequest,
  chainIdText: string,
): { chainId: number; caller: string } {
  const chainId = Number(chainIdText);
  if (!Number.isSafeInteger(chainId) || !chain.hasChain(chainId)) {
    throw new RecordRequestError("This node does not follow that chain.", {
      statusCode: 400,
      code: "CHAIN_UNSUPPORTED",
    });
  }
  const session = request.session as RequestSession;
  if (session.chainId !== chainId) {
    throw new RecordRequestError("The session was signed in on another chain; sign in on this one.", {
      statusCode: 403,
      code: "SESSION_CHAIN_MISMATCH",
    });
  }
  return { chainId, caller: session.address };
}

/**
 * Bytes of a base64 string the schema already checked, in a fresh array (not a view of Node's shared pool).
 *
 * @example
 * ```ts
 * const envelope = fromBase64(request.body.envelope);
 * ```
 */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "base64"));
}

/**
 * Standard base64 of `bytes`.
 *
 * @example
 * ```ts
 * reply.send({ envelope: toBase64(envelope) });
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/**
 * ISO 8601 of unix seconds.
 *
 * @example
 * ```ts
 * isoTime(1700000000); // "2023-11-14T22:13:20.000Z"
 * ```
 */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/**
 * A request's writer proof as the records layer takes it: the signature as bytes.
 *
 * @example
 * ```ts
 * writerProofOf({ writtenAt: 1_900_000_000_000, signature: "0x…" }); // { writtenAt, signature: Uint8Array }
 * ```
 */
export function writerProofOf({ writtenAt, signature }: Static<typeof WriterProof>): {
  writtenAt: number;
  signature: Uint8Array;
} {
  return { writtenAt, signature: getBytes(signature) };
}
