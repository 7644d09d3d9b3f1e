/**
 * `GET /health`: liveness, a trivial query on the metadata store, and where each followed chain's indexer stands.
 * Not rate limited (probes call it often).
 */
import { Type } from "typebox";

import type { ChainStatus } from "../../chain/indexer.ts";
import { HttpError } from "../../errors.ts";
import { ErrorResponse } from "../schemas/error.ts";
import type { App, RouteContext } from "../types.ts";

/**
 * Consecutive failed polls after which a chain counts as failing and `/health` answers 503. With the default poll
 * interval (2 s) a chain is reported after about 6 s of failures (plus retry backoff, if any); one transient RPC
 * error does not make a node unhealthy.
 *
 * @example
 * ```ts
 * const failing = status.consecutiveFailures >= HEALTH_MAX_CONSECUTIVE_FAILURES;
 * ```
 */
export const HEALTH_MAX_CONSECUTIVE_FAILURES = 3;

/** One chain's indexing state, as `/health` shows it. */
const ChainHealth = Type.Object(
  {
    chainId: Type.Integer(),
    status: Type.Union([Type.Literal("ok"), Type.Literal("syncing"), Type.Literal("failing")], {
      description: `ok; syncing (no successful poll yet); failing (${HEALTH_MAX_CONSECUTIVE_FAILURES}+ polls failed in a row)`,
    }),
    confirmedBlock: Type.Union([Type.Integer(), Type.Null()], { description: "Last confirmed block applied" }),
    blockTime: Type.Union([Type.Integer(), Type.Null()], { description: "Its time, unix seconds" }),
    lagBlocks: Type.Union([Type.Integer(), Type.Null()], { description: "Head minus applied block (incl. depth)" }),
    consecutiveFailures: Type.Integer({ minimum: 0 }),
    lastError: Type.Union([Type.String(), Type.Null()], { description: "Last poll's error, if it failed" }),
  },
  { additionalProperties: false },
);

/** Body of `/health` (200, or 503 when a chain is failing). */
const Health = Type.Object(
  {
    status: Type.Union([Type.Literal("ok"), Type.Literal("failing")]),
    store: Type.Literal("ok"),
    chains: Type.Array(ChainHealth),
  },
  { additionalProperties: false },
);

/**
 * Where each followed chain's indexing stands; `buildApp` takes it as `chainStatus` (the node passes the
 * indexer's `status` of every chain).
 *
 * @example
 * ```ts
 * const chainStatus: ChainStatusSource = () => indexer.chainIds.map((chainId) => indexer.status(chainId));
 * ```
 */
export type ChainStatusSource = () => readonly ChainStatus[];

/**
 * Registers `GET /health`: 200 `{ status: "ok", store: "ok", chains: [...] }`; 503 with the same body and
 * `status: "failing"` when a chain has failed {@link HEALTH_MAX_CONSECUTIVE_FAILURES} polls in a row; 503
 * `STORE_UNAVAILABLE` when the store does not answer.
 *
 * @example
 * ```ts
 * await app.register(healthRoute, context);
 * ```
 */
export async function healthRoute(app: App, { store, chainStatus }: RouteContext): Promise<void> {
  app.get(
    "/health",
    {
      config: { rateLimit: false },
      schema: {
        summary: "Liveness, store check and per-chain indexer status",
        tags: ["operations"],
        response: { 200: Health, 503: Type.Union([Health, ErrorResponse]) },
      },
    },
    async (_request, reply) => {
      if (!store.ping()) {
        throw new HttpError("The metadata store is not answering.", { statusCode: 503, code: "STORE_UNAVAILABLE" });
      }
      const chains = (chainStatus?.() ?? []).map((status) => ({
        chainId: status.chainId,
        status:
          status.consecutiveFailures >= HEALTH_MAX_CONSECUTIVE_FAILURES
            ? ("failing" as const)
            : status.blockNumber === undefined
              ? ("syncing" as const)
              : ("ok" as const),
        confirmedBlock: status.blockNumber ?? null,
        blockTime: status.blockTime ?? null,
        lagBlocks: status.lagBlocks ?? null,
        consecutiveFailures: status.consecutiveFailures,
        lastError: status.lastError ?? null,
      }));
      const failing = chains.some((chain) => chain.status === "failing");
      return reply
        .code(failing ? 503 : 200)
        .send({ status: failing ? ("failing" as const) : ("ok" as const), store: "ok" as const, chains });
    },
  );
}
