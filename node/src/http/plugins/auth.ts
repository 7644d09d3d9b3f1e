/**
 * Session authentication: `Authorization: Bearer <token>` becomes `request.session`, or the request is refused
 * with 401. Routes opt in with `onRequest: app.authenticate`, which runs before body parsing and validation, so
 * an unauthenticated request is refused before its body is read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import fp from "fastify-plugin";

import { checksumAddress } from "../../../../sdk/src/chain/checksum-address.ts";
import { hashSessionToken, TOKEN_PATTERN } from "../../auth/tokens.ts";
import type { Clock } from "../../clock.ts";
import { unixSeconds } from "../../clock.ts";
import { UnauthenticatedError } from "../../errors.ts";
import type { Store } from "../../store/store.ts";

/**
 * The caller of an authenticated request.
 *
 * @example
 * ```ts
 * request.session.address; // "0xf39F…" (checksummed)
 * ```
 */
export type RequestSession = {
  /** The signed-in address, checksummed. */
  address: string;
  /** The chain the caller signed in on. */
  chainId: number;
  /** Unix seconds. */
  expiresAt: number;
  /** SHA-256 of the bearer token (to log out). */
  tokenHash: Uint8Array;
};

declare module "fastify" {
  interface FastifyRequest {
    /** The caller's session; set by `app.authenticate`, `null` on routes that do not require one. */
    session: RequestSession | null;
  }
  interface FastifyInstance {
    /** `onRequest` hook (callback style): sets `request.session` or answers 401. */
    authenticate(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
  }
}

const BEARER = /^Bearer (\S+)$/;

/**
 * Decorates the app with `authenticate` and requests with `session`.
 *
 * @example
 * ```ts
 * await app.register(authPlugin, { store, clock });
 * app.get("/v1/me", { onRequest: app.authenticate }, (request) => request.session);
 * ```
 */
export const authPlugin = fp(
  async function auth(app: FastifyInstance, { store, clock }: { store: Store; clock: Clock }): Promise<void> {
    app.decorateRequest("session", null);
    /** The caller's session, or the 401 to answer. */
    const sessionOf = (request: FastifyRequest): RequestSession => {
      const header = request.headers.authorization;
      if (header === undefined) throw new UnauthenticatedError({ details: "no Authorization header" });
      const token = BEARER.exec(header)?.[1];
      if (token === undefined || !TOKEN_PATTERN.test(token)) {
        throw new UnauthenticatedError({ details: "the Authorization header is not a bearer token" });
      }
      const tokenHash = hashSessionToken(token);
      const session = store.sessions.findValid({ tokenHash, now: unixSeconds(clock) });
      if (session === undefined) throw new UnauthenticatedError({ details: "unknown or expired session" });
      return {
        address: checksumAddress(session.address),
        chainId: session.chainId,
        expiresAt: session.expiresAt,
        tokenHash,
      };
    };
    // A callback hook: it runs on every authenticated request, and an async one costs each a promise.
    app.decorate(
      "authenticate",
      function authenticate(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
        try {
          request.session = sessionOf(request);
        } catch (error) {
          done(error as Error);
          return;
        }
        done();
      },
    );
  },
  { name: "idem-auth" },
);
