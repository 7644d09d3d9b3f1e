/**
 * Types shared by the node's routes: the fastify instance with the TypeBox type provider, and what every route
 * plugin is given.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";

import type { SignInBinding } from "../auth/verify-sign-in.ts";
import type { ChainGateway } from "../chain/types.ts";
import type { Clock } from "../clock.ts";
import type { NodeConfig } from "../config/schema.ts";
import type { RecordsDependencies } from "../records/dependencies.ts";
import type { Store } from "../store/store.ts";
import type { Metrics } from "./plugins/metrics.ts";
import type { ChainStatusSource } from "./routes/health.ts";

/**
 * The app as routes see it: request and reply types inferred from TypeBox schemas.
 *
 * @example
 * ```ts
 * export async function healthRoute(app: App, context: RouteContext) { app.get("/health", …); }
 * ```
 */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * Everything a route may use, injected by `buildApp`.
 *
 * @example
 * ```ts
 * await app.register(healthRoute, context);
 * ```
 */
export type RouteContext = {
  config: NodeConfig;
  store: Store;
  chain: ChainGateway;
  clock: Clock;
  metrics: Metrics;
  /** The node's SIWE binding (domain, origin, scheme, chain ids). */
  binding: SignInBinding;
  /** Each followed chain's indexing state, for `/health`; no chains are reported without it. */
  chainStatus?: ChainStatusSource | undefined;
};

/**
 * What the data routes (`/v1/data`, `/v1/audit`) are given: the common context plus the records operations'
 * dependencies (block store, grant view, node id).
 *
 * @example
 * ```ts
 * await app.register(getDataRoute, { ...context, records });
 * ```
 */
export type DataRouteContext = RouteContext & {
  records: RecordsDependencies;
};
