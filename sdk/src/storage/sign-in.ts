/**
 * Sign in to a storage node with Sign-In with Ethereum (EIP-4361), as an EOA or as an ERC-1271 smart account.
 *
 * @module
 */
import type { Signer } from "ethers";
import { getAddress, isAddress } from "ethers";
import { SiweMessage } from "siwe";

import { InvalidNodeResponseError, InvalidSignInParametersError, SignInBindingError } from "./errors.ts";
import type { RequestOptions } from "./node-request.ts";
import { isRecord, nodeRequest } from "./node-request.ts";
import type { NodeSession } from "./node-session.ts";
import { parseSessionInfo } from "./node-session.ts";
import { nodeBaseUrl } from "./node-url.ts";

/** The statement a sign-in message carries unless the caller gives one. */
export const DEFAULT_SIGN_IN_STATEMENT = "Sign in to the Idem storage node.";

/**
 * What {@link signIn} takes.
 *
 * @example
 * ```ts
 * const parameters: SignInParameters = { nodeUrl: "https://node1.idem.example", signer, chainId: 1 };
 * ```
 */
export type SignInParameters = RequestOptions & {
  /**
   * The node's public URL (the one its configuration names); the message is bound to its host and origin. The
   * session's `nodeUrl` is this URL without a trailing slash.
   */
  nodeUrl: string;
  /** Signs the message (EIP-191 `personal_sign`): the account itself, or a smart account's owner key. */
  signer: Pick<Signer, "signMessage" | "getAddress">;
  /** The chain the sign-in names; one the node follows. A smart account is checked on this chain. */
  chainId: number | bigint;
  /**
   * A smart account (ERC-1271) to sign in as, instead of the signer's own address. Its `isValidSignature` must
   * accept the signer's EIP-191 signature of the message.
   */
  account?: string;
  /** A one-line statement shown to the user in the wallet; no line breaks. */
  statement?: string;
  /** The message's lifetime; the session ends then at the latest (the node may end it sooner). */
  expiresInSeconds?: number;
};

/**
 * Signs in to a node: asks it for a nonce (`POST /v1/auth/nonce`), builds the EIP-4361 message bound to the node's
 * domain and origin, the chain and the nonce, has `signer` sign it, and trades it for a session
 * (`POST /v1/auth/session`).
 *
 * Before anything is signed, the client checks that the domain and URI the node asks for are those of `nodeUrl`:
 * a node cannot obtain a signature it could replay at another node. The message's `issuedAt` is the node's
 * (from the nonce answer), so a client whose clock is off still signs in.
 *
 * @throws {NodeHttpError} when the node refuses, with its code: `SIWE_CHAIN_UNSUPPORTED` (a chain the node does not
 * follow), `SIWE_SIGNATURE_INVALID`, `SIWE_NONCE_USED`, … or `CHAIN_UNAVAILABLE` (503) when it cannot check a
 * smart account.
 * @throws {NodeUnreachableError} on a network failure or timeout.
 * @throws {SignInBindingError} when the node asks to be named as another site.
 * @throws {InvalidSignInParametersError} for a bad statement, lifetime, chain id or account.
 * @throws {InvalidNodeResponseError} when an answer is not what the API defines.
 * @example
 * ```ts
 * // An EOA (e.g. a browser wallet through ethers' BrowserProvider).
 * const signer = await new BrowserProvider(window.ethereum).getSigner();
 * const session = await signIn({ nodeUrl: "https://node1.idem.example", signer, chainId: 1 });
 *
 * // A smart account (ERC-1271) whose owner key signs.
 * const safeSession = await signIn({ nodeUrl, signer: owner, chainId: 1, account: "0xSmartAccount…" });
 * ```
 */
export async function signIn({
  nodeUrl,
  signer,
  chainId,
  account,
  statement = DEFAULT_SIGN_IN_STATEMENT,
  expiresInSeconds = 3600,
  timeoutMs,
  signal,
}: SignInParameters): Promise<NodeSession> {
  const chain = Number(chainId);
  if (!Number.isSafeInteger(chain) || chain <= 0) {
    throw new InvalidSignInParametersError({ details: "`chainId` must be a positive integer" });
  }
  if (!Number.isSafeInteger(expiresInSeconds) || expiresInSeconds <= 0) {
    throw new InvalidSignInParametersError({ details: "`expiresInSeconds` must be a positive integer" });
  }
  if (/[\r\n]/.test(statement)) {
    throw new InvalidSignInParametersError({ details: "`statement` must be one line" });
  }
  if (account !== undefined && !isAddress(account)) {
    throw new InvalidSignInParametersError({ details: "`account` is not an address" });
  }
  const baseUrl = nodeBaseUrl(nodeUrl);
  const base = new URL(baseUrl);
  const address = getAddress(account ?? (await signer.getAddress()));
  const options = { nodeUrl: baseUrl, timeoutMs, signal };

  const nonceAnswer = await nodeRequest({ ...options, method: "POST", path: "/v1/auth/nonce" });
  const { nonce, issuedAt, domain, uri } = parseNonce(nonceAnswer);
  if (domain !== base.host || originOf(uri) !== base.origin) {
    throw new SignInBindingError({ nodeUrl: options.nodeUrl, claimedDomain: domain, claimedUri: uri });
  }

  const message = new SiweMessage({
    domain,
    address,
    statement,
    uri,
    version: "1",
    chainId: chain,
    nonce,
    issuedAt: issuedAt.toISOString(),
    expirationTime: new Date(issuedAt.getTime() + expiresInSeconds * 1000).toISOString(),
  }).prepareMessage();
  const signature = await signer.signMessage(message);

  const created = await nodeRequest({
    ...options,
    method: "POST",
    path: "/v1/auth/session",
    body: { message, signature },
  });
  const info = parseSessionInfo(created);
  const token = isRecord(created.body) ? created.body.token : undefined;
  const invalid = (details: string) =>
    new InvalidNodeResponseError({ url: created.url, status: created.status, details });
  if (typeof token !== "string" || token === "") throw invalid("`token` is missing");
  if (info.address !== address || info.chainId !== chain) {
    throw invalid("the session is for another address or chain than the one signed in");
  }
  return { nodeUrl: options.nodeUrl, token, ...info };
}

/** The fields of the nonce answer the message needs. */
function parseNonce({ body, url, status }: { body: unknown; url: string; status: number }): {
  nonce: string;
  issuedAt: Date;
  domain: string;
  uri: string;
} {
  const invalid = (details: string) => new InvalidNodeResponseError({ url, status, details });
  if (!isRecord(body)) throw invalid("the body is not a JSON object");
  const { nonce, issuedAt, domain, uri } = body;
  // EIP-4361: at least 8 alphanumeric characters.
  if (typeof nonce !== "string" || !/^[A-Za-z0-9]{8,}$/.test(nonce)) throw invalid("`nonce` is not a SIWE nonce");
  const issued = typeof issuedAt === "string" ? new Date(issuedAt) : undefined;
  if (issued === undefined || Number.isNaN(issued.getTime())) throw invalid("`issuedAt` is not a date");
  if (typeof domain !== "string" || domain === "") throw invalid("`domain` is missing");
  if (typeof uri !== "string" || uri === "") throw invalid("`uri` is missing");
  return { nonce, issuedAt: issued, domain, uri };
}

/** The origin of `uri`, or `undefined` if it is not a URL. */
function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}
