/**
 * Building and signing EIP-4361 messages in tests, as a client of the node would.
 */
import type { Signer } from "ethers";
import { SiweMessage } from "siwe";

import type { App } from "../../../node/src/http/types.ts";
import { HARDHAT_CHAIN_ID, TEST_PUBLIC_URL } from "./config.ts";

/** Fields of a sign-in message; defaults bind it to the test node. */
export type MessageFields = {
  address: string;
  nonce: string;
  domain?: string;
  uri?: string;
  chainId?: number;
  issuedAt?: Date;
  expirationTime?: Date;
  notBefore?: Date;
  statement?: string;
};

/** The EIP-4361 message text. */
export function signInMessage({
  address,
  nonce,
  domain = new URL(TEST_PUBLIC_URL).host,
  uri = TEST_PUBLIC_URL,
  chainId = HARDHAT_CHAIN_ID,
  issuedAt = new Date(),
  expirationTime,
  notBefore,
  statement = "Sign in to the Idem storage node.",
}: MessageFields): string {
  return new SiweMessage({
    domain,
    address,
    statement,
    uri,
    version: "1",
    chainId,
    nonce,
    issuedAt: issuedAt.toISOString(),
    ...(expirationTime === undefined ? {} : { expirationTime: expirationTime.toISOString() }),
    ...(notBefore === undefined ? {} : { notBefore: notBefore.toISOString() }),
  }).prepareMessage();
}

/** Asks the node for a nonce. */
export async function fetchNonce(app: App): Promise<string> {
  const response = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
  if (response.statusCode !== 201) throw new Error(`nonce: ${response.statusCode} ${response.body}`);
  return (response.json() as { nonce: string }).nonce;
}

/** Posts a sign-in. */
export async function postSession(app: App, body: { message: string; signature: string }) {
  return app.inject({ method: "POST", url: "/v1/auth/session", payload: body });
}

/** Gets a nonce, signs a message for `signer` with `fields`, and posts it; returns the response and what was sent. */
export async function signIn(
  app: App,
  signer: Signer,
  fields: Partial<MessageFields> = {},
): Promise<{ response: Awaited<ReturnType<typeof postSession>>; message: string; signature: string }> {
  const nonce = fields.nonce ?? (await fetchNonce(app));
  const message = signInMessage({ address: await signer.getAddress(), ...fields, nonce });
  const signature = await signer.signMessage(message);
  return { response: await postSession(app, { message, signature }), message, signature };
}
