/**
 * Builds the node's fastify app from plugins and routes, with every dependency injected. It never listens:
 * `server.ts` does (and sets the socket timeouts), tests use `app.inject`.
 */
import rateLimit from "@fastify/rate-limit";
import Fastify from "fastify";
import type { FastifyBaseLogger, FastifyServerFactory } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Logger } from "pino";

import type { BlockStore } from "../blocks/block-store.ts";
import type { ChainGateway } from "../chain/types.ts";
import { systemClock } from "../clock.ts";
import type { Clock } from "../clock.ts";
import { siweBinding } from "../config/load-config.ts";
import type { NodeConfig } from "../config/schema.ts";
import { HttpError } from "../errors.ts";
import type { RecordsDependencies } from "../records/dependencies.ts";
import type { GrantAccess } from "../records/grant-access.ts";
import type { Store } from "../store/store.ts";
import { errorHandlerPlugin } from "./errors/error-handler.ts";
import { clientErrorHandler, frameworkErrors } from "./errors/framework-errors.ts";
import { authPlugin } from "./plugins/auth.ts";
import { createMetrics, metricsPlugin } from "./plugins/metrics.ts";
import { registerOpenApi } from "./plugins/openapi.ts";
import { healthRoute } from "./routes/health.ts";
import type { ChainStatusSource } from "./routes/health.ts";
import { metricsRoute } from "./routes/metrics.ts";
import { createSessionRoute } from "./routes/v1/auth/create-session.ts";
import { deleteSessionRoute } from "./routes/v1/auth/delete-session.ts";
import { getSessionRoute } from "./routes/v1/auth/get-session.ts";
import { nonceRoute } from "./routes/v1/auth/nonce.ts";
import { registerDataRoutes } from "./routes/v1/data/routes.ts";
import { openApiRoute } from "./routes/v1/openapi.ts";
import { getReceiptsRoute } from "./routes/v1/receipts/get-receipts.ts";
import type { App, RouteContext } from "./types.ts";

/**
 * What the data routes (`/v1/data`, `/v1/audit`, `/v1/receipts`) need besides the common dependencies. Required:
 * every app serves data.
 *
 * @example
 * ```ts
 * const data: DataDependencies = { blockStore: createHeliaBlockStore({ helia }), grants: grantAccessFromReader(reader), nodeId: identity.address };
 * ```
 */
export type DataDependencies = {
  /** Where envelopes live (Helia's on-disk blockstore, or Kubo). */
  blockStore: BlockStore;
  /** The node's indexed view of AccessGrants: owner, live grants, deletion, confirmed block. */
  grants: GrantAccess;
  /** This node's id, written into every audit row (its identity address). */
  nodeId: string;
  /** Replicates each committed PUT to the node's peers (see `RecordsDependencies.onStored`); none unless given. */
  onStored?: RecordsDependencies["onStored"];
  /** Group commit of grantee-read audit rows (see `RecordsDependencies.auditBatcher`). */
  auditBatcher?: RecordsDependencies["auditBatcher"];
};

/**
 * What `buildApp` needs. `chain` is any {@link ChainGateway} (ethers providers in production, Hardhat's in tests).
 *
 * @example
 * ```ts
 * const app = await buildApp({ config, store, chain, logger, blockStore, grants, nodeId });
 * ```
 */
export type AppDependencies = {
  config: NodeConfig;
  store: Store;
  chain: ChainGateway;
  logger: Logger;
  /** Wall-clock seam; the system clock by default. */
  clock?: Clock;
  /** Creates the HTTP server (server.ts passes one with its timeouts); fastify's default otherwise. */
  serverFactory?: FastifyServerFactory;
  /** Each followed chain's indexing state, shown by `/health` (the node passes its indexer's). */
  chainStatus?: ChainStatusSource;
} & DataDependencies;

/**
 * Builds the app: error hooks, logging, body limit, rate limit, metrics, OpenAPI, auth, then the routes.
 *
 * @example
 * ```ts
 * const app = await buildApp({ config, store, chain, logger, blockStore, grants, nodeId });
 * const response = await app.inject({ method: "GET", url: "/health" });
 * await app.close();
 * ```
 */
export async function buildApp({
  config,
  store,
  chain,
  logger,
  clock = systemClock,
  serverFactory,
  chainStatus,
  blockStore,
  grants,
  nodeId,
  onStored,
  auditBatcher,
}: AppDependencies): Promise<App> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimit,
    // The app trusts no proxy: rate limits key on the socket's address.
    trustProxy: false,
    // Fastify's default ajv strips unknown properties; the node refuses them instead.
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors,
    clientErrorHandler,
    ...(serverFactory === undefined ? {} : { serverFactory }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The API speaks JSON only: a text/plain body is a 415, not a string that happens to fail the schema.
  app.removeContentTypeParser("text/plain");

  const metrics = createMetrics();
  const context: RouteContext = {
    config,
    store,
    chain,
    clock,
    metrics,
    binding: { ...siweBinding(config.http.publicUrl), chainIds: config.chains.map((entry) => entry.chainId) },
    chainStatus,
  };

  // RFC 6750 §3: every 401 names the scheme the client should use. A callback hook: it runs on every answer, and
  // an async one costs each a promise.
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (reply.statusCode === 401 && !reply.hasHeader("www-authenticate")) reply.header("www-authenticate", "Bearer");
    done(null, payload);
  });
  await app.register(errorHandlerPlugin);
  await app.register(metricsPlugin, { metrics });
  await app.register(rateLimit, {
    global: true,
    max: config.http.rateLimit.max,
    timeWindow: config.http.rateLimit.timeWindowMs,
    // The X-RateLimit-* headers go on the 429 (with Retry-After) only: three headers on every answer cost each
    // request their time and bytes, and no client of the API reads them before it is limited.
    addHeadersOnExceeding: { "x-ratelimit-limit": false, "x-ratelimit-remaining": false, "x-ratelimit-reset": false },
    errorResponseBuilder: () =>
      new HttpError("Too many requests; slow down.", { statusCode: 429, code: "RATE_LIMITED" }),
  });
  await registerOpenApi(app, { publicUrl: config.http.publicUrl });
  await app.register(authPlugin, { store, clock });

  await app.register(healthRoute, context);
  await app.register(metricsRoute, context);
  await app.register(openApiRoute);
  await app.register(nonceRoute, context);
  await app.register(createSessionRoute, context);
  await app.register(getSessionRoute);
  await app.register(deleteSessionRoute, context);
  const dataContext = {
    ...context,
    records: {
      store,
      blockStore,
      grants,
      chain,
      clock,
      nodeId,
      ...(onStored === undefined ? {} : { onStored }),
      ...(auditBatcher === undefined ? {} : { auditBatcher }),
    },
  };
  await registerDataRoutes(app, dataContext);
  await app.register(getReceiptsRoute, dataContext);

  await app.ready();
  return app;
}
