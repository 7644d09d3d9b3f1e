/**
 * Checks a Sign-In with Ethereum (EIP-4361) message and its signature against the node's binding: domain, URI
 * origin, chain, times and nonce first, then the signature — an EOA's through siwe, and, if that fails and the
 * address has code, a smart account's through ERC-1271 on the message's chain. It does not consume the nonce:
 * the caller does that in the same transaction as the session insert.
 */
import { Signature, hashMessage } from "ethers";
import { SiweMessage } from "siwe";

import { ChainUnavailableError, SiweRejectedError } from "../errors.ts";
import type { ChainGateway } from "../chain/types.ts";
import type { SiweNoncesRepository } from "../store/siwe-nonces.ts";

/**
 * What a message must be bound to: this node.
 *
 * @example
 * ```ts
 * const binding: SignInBinding = { ...siweBinding(config.http.publicUrl), chainIds: [31337] };
 * ```
 */
export type SignInBinding = {
  /** The node's SIWE domain (`host[:port]` of its public URL). */
  domain: string;
  /** The node's origin (`https://host[:port]`); the message's URI must have this origin. */
  origin: string;
  /** The public URL's scheme; a message that names a scheme must name this one. */
  scheme: string;
  /** The chains the node follows; the message's chain id must be one of them. */
  chainIds: readonly number[];
};

/**
 * A verified sign-in.
 *
 * @example
 * ```ts
 * const { address, chainId, nonce, expiresAt } = await verifySignIn({ … });
 * ```
 */
export type VerifiedSignIn = {
  /** The signer's address, checksummed. */
  address: string;
  chainId: number;
  nonce: string;
  /** The message's expiration time in unix seconds, if it has one. */
  expiresAt: number | undefined;
  /** How the signature was checked. */
  signer: "eoa" | "erc1271";
};

/**
 * Verifies the message and signature.
 *
 * @param now - Current time, unix seconds.
 * @param clockSkewSeconds - How far in the future `issuedAt` or `notBefore` may be.
 * @throws {SiweRejectedError} naming the failed check (400 for a malformed message, 401 otherwise).
 * @throws {ChainUnavailableError} when the ERC-1271 check cannot reach the chain.
 * @example
 * ```ts
 * const signIn = await verifySignIn({ message, signature, binding, now, clockSkewSeconds: 60, gateway, nonces });
 * ```
 */
export async function verifySignIn({
  message,
  signature,
  binding,
  now,
  clockSkewSeconds,
  gateway,
  nonces,
}: {
  message: string;
  signature: string;
  binding: SignInBinding;
  now: number;
  clockSkewSeconds: number;
  gateway: ChainGateway;
  nonces: Pick<SiweNoncesRepository, "get">;
}): Promise<VerifiedSignIn> {
  let siwe: SiweMessage;
  try {
    siwe = new SiweMessage(message);
  } catch {
    throw reject("SIWE_MESSAGE_MALFORMED", "The sign-in message is not an EIP-4361 message.", 400);
  }
  // The signature is checked over siwe's rendering of the parsed fields; requiring the two to be identical means
  // the node verifies exactly the bytes the wallet showed.
  if (siwe.prepareMessage() !== message) {
    throw reject("SIWE_MESSAGE_MALFORMED", "The sign-in message is not in canonical EIP-4361 form.", 400);
  }
  if (siwe.domain !== binding.domain || (siwe.scheme !== undefined && siwe.scheme !== binding.scheme)) {
    throw reject("SIWE_DOMAIN_MISMATCH", "The sign-in message is for another domain.");
  }
  if (originOf(siwe.uri) !== binding.origin) {
    throw reject("SIWE_URI_MISMATCH", "The sign-in message's URI is not this node's.");
  }
  if (!binding.chainIds.includes(siwe.chainId)) {
    throw reject("SIWE_CHAIN_UNSUPPORTED", "The sign-in message's chain is not one this node follows.");
  }
  const issuedAt = seconds(siwe.issuedAt);
  const expiresAt = siwe.expirationTime === undefined ? undefined : seconds(siwe.expirationTime);
  const notBefore = siwe.notBefore === undefined ? undefined : seconds(siwe.notBefore);
  if (issuedAt === undefined || Number.isNaN(issuedAt) || Number.isNaN(expiresAt) || Number.isNaN(notBefore)) {
    throw reject("SIWE_MESSAGE_MALFORMED", "The sign-in message's times are invalid.", 400);
  }
  if (issuedAt > now + clockSkewSeconds)
    throw reject("SIWE_ISSUED_IN_FUTURE", "The sign-in message is issued in the future.");
  if (expiresAt !== undefined && (expiresAt <= now || expiresAt <= issuedAt)) {
    throw reject("SIWE_EXPIRED", "The sign-in message has expired.");
  }
  if (notBefore !== undefined && notBefore > now + clockSkewSeconds) {
    throw reject("SIWE_NOT_YET_VALID", "The sign-in message is not valid yet.");
  }
  const issued = nonces.get(siwe.nonce);
  if (issued === undefined) throw reject("SIWE_NONCE_UNKNOWN", "The sign-in nonce was not issued by this node.");
  if (issued.used) throw reject("SIWE_NONCE_USED", "The sign-in nonce was already used.");
  if (issued.expiresAt <= now) throw reject("SIWE_NONCE_EXPIRED", "The sign-in nonce has expired.");

  const base = { address: siwe.address, chainId: siwe.chainId, nonce: siwe.nonce, expiresAt };
  if (await isEoaSignature({ siwe, signature, now, clockSkewSeconds })) return { ...base, signer: "eoa" };
  try {
    const hasCode = await gateway.hasCode({ chainId: siwe.chainId, address: siwe.address });
    if (
      hasCode &&
      (await gateway.isValidSignature({
        chainId: siwe.chainId,
        address: siwe.address,
        hash: hashMessage(message),
        signature,
      }))
    ) {
      return { ...base, signer: "erc1271" };
    }
  } catch (error) {
    if (error instanceof ChainUnavailableError) throw error;
    throw reject("SIWE_SIGNATURE_INVALID", "The sign-in signature is invalid.");
  }
  throw reject("SIWE_SIGNATURE_INVALID", "The sign-in signature is invalid.");
}

/** Whether siwe accepts the signature as the message address's own ECDSA signature. */
async function isEoaSignature({
  siwe,
  signature,
  now,
  clockSkewSeconds,
}: {
  siwe: SiweMessage;
  signature: string;
  now: number;
  clockSkewSeconds: number;
}): Promise<boolean> {
  try {
    // siwe logs to the console when ethers cannot parse a signature; only hand it ECDSA-shaped ones.
    Signature.from(signature);
  } catch {
    return false;
  }
  // Times are already checked with skew; give siwe a time at which they hold (issuedAt ≤ t, t < expiration).
  const latest = siwe.expirationTime === undefined ? Infinity : Date.parse(siwe.expirationTime) / 1000 - 1;
  const time = new Date(Math.min(now + clockSkewSeconds, latest) * 1000);
  const result = await siwe.verify(
    { signature, domain: siwe.domain, nonce: siwe.nonce, time: time.toISOString() },
    { suppressExceptions: true },
  );
  return result.success;
}

/** The origin of a URI, or `undefined` if it is not a URL. */
function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}

/** An ISO 8601 time as unix seconds; `undefined` when absent, NaN when unparsable. */
function seconds(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  return Math.floor(Date.parse(iso) / 1000);
}

/** A refusal with `code`. */
function reject(code: string, message: string, statusCode = 401): SiweRejectedError {
  return new SiweRejectedError(message, { code, statusCode });
}
