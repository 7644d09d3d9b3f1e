/**
 * `POST /v1/auth/session`: signs in with an EIP-4361 message and its signature, and opens a session.
 */
import { getAddress } from "ethers";

import { hashSessionToken, newSessionToken } from "../../../../auth/tokens.ts";
import { verifySignIn } from "../../../../auth/verify-sign-in.ts";
import { unixSeconds } from "../../../../clock.ts";
import { SiweRejectedError } from "../../../../errors.ts";
import { COMMON_ERRORS, ErrorResponse } from "../../../schemas/error.ts";
import { noStore } from "./no-store.ts";
import type { App, RouteContext } from "../../../types.ts";
import { SessionCreated, SignInBody } from "./schemas.ts";

/**
 * Registers `POST /v1/auth/session`. The nonce is consumed (conditionally: unused and unexpired) in the same
 * transaction as the session insert, so of two concurrent sign-ins with one nonce exactly one succeeds, and a
 * replayed sign-in is refused with `SIWE_NONCE_USED`. The session lasts `auth.sessionTtlSeconds`, or until the
 * message's expiration time if that is sooner.
 *
 * @example
 * ```ts
 * await app.register(createSessionRoute, context);
 * ```
 */
export async function createSessionRoute(
  app: App,
  { config, store, chain, clock, binding }: RouteContext,
): Promise<void> {
  app.post(
    "/v1/auth/session",
    {
      onSend: noStore,
      schema: {
        summary: "Sign in with Ethereum (EIP-4361; EOA or ERC-1271)",
        tags: ["auth"],
        body: SignInBody,
        response: { 201: SessionCreated, 401: ErrorResponse, 503: ErrorResponse, ...COMMON_ERRORS },
      },
    },
    async (request, reply) => {
      const { message, signature } = request.body;
      const signIn = await verifySignIn({
        message,
        signature,
        binding,
        now: unixSeconds(clock),
        clockSkewSeconds: config.auth.clockSkewSeconds,
        gateway: chain,
        nonces: store.siweNonces,
      });
      // Time is read again: the signature check may have waited on the chain.
      const now = unixSeconds(clock);
      const expiresAt = Math.min(now + config.auth.sessionTtlSeconds, signIn.expiresAt ?? Infinity);
      const token = newSessionToken();
      store.transaction(() => {
        if (!store.siweNonces.consume({ nonce: signIn.nonce, now })) {
          throw new SiweRejectedError("The sign-in nonce was already used.", { code: "SIWE_NONCE_USED" });
        }
        store.sessions.insert({
          tokenHash: hashSessionToken(token),
          address: signIn.address,
          chainId: signIn.chainId,
          createdAt: now,
          expiresAt,
        });
      });
      request.log.info({ address: signIn.address, chainId: signIn.chainId, signer: signIn.signer }, "signed in");
      return reply.code(201).send({
        token,
        address: getAddress(signIn.address),
        chainId: signIn.chainId,
        expiresAt: new Date(expiresAt * 1000).toISOString(),
      });
    },
  );
}
