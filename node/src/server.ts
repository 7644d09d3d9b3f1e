/**
 * The node's process: the only module that listens. It loads and validates the configuration, loads the identity
 * key, opens the store, builds the app with an HTTP server whose timeouts come from the config, listens, and shuts
 * down gracefully on a signal (in-flight requests finish, then the store closes).
 *
 * Run: `node node/src/server.ts --config node.json` (environment: `IDEM_NODE_*` overrides).
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";

import closeWithGrace from "close-with-grace";
import type { FastifyServerFactory } from "fastify";
import type { Logger } from "pino";

import { chainGatewayFromConfig } from "./chain/gateway.ts";
import { loadConfig } from "./config/load-config.ts";
import { loadIdentityKey } from "./config/identity-key.ts";
import type { NodeConfig } from "./config/schema.ts";
import { NodeError } from "./errors.ts";
import { buildApp } from "./http/app.ts";
import type { App } from "./http/types.ts";
import { createLogger } from "./logging/logger.ts";
import { openStore } from "./store/store.ts";

/**
 * A running node.
 *
 * @example
 * ```ts
 * const node = await startNode({ config, logger });
 * console.log(node.url);
 * await node.close();
 * ```
 */
export type RunningNode = {
  /** Where it listens, e.g. `http://127.0.0.1:7300`. */
  readonly url: string;
  /** The node's identity address (receipts are signed by this key). */
  readonly nodeAddress: string;
  readonly app: App;
  /** Stops accepting connections, waits for in-flight requests, then closes the store and providers. */
  close(): Promise<void>;
};

/**
 * Starts the node from a validated configuration.
 *
 * @example
 * ```ts
 * const node = await startNode({ config: loadConfig({ path, env: process.env }), logger: createLogger() });
 * ```
 */
export async function startNode({ config, logger }: { config: NodeConfig; logger: Logger }): Promise<RunningNode> {
  const identity = await loadIdentityKey({ path: config.identityKeyFile });
  const store = openStore({ dataDir: config.dataDir });
  const { gateway, destroy } = chainGatewayFromConfig({ chains: config.chains });
  const { http } = config;
  const serverFactory: FastifyServerFactory = (handler) =>
    createServer(
      {
        requestTimeout: http.requestTimeoutMs,
        headersTimeout: http.headersTimeoutMs,
        keepAliveTimeout: http.keepAliveTimeoutMs,
        // Node checks the two timeouts above only this often (30 s by default).
        connectionsCheckingInterval: http.connectionsCheckingIntervalMs,
      },
      handler,
    );
  let app: App;
  try {
    app = await buildApp({ config, store, chain: gateway, logger, serverFactory });
    await app.listen({ host: http.host, port: http.port });
  } catch (error) {
    destroy();
    store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : http.port;
  const host = http.host.includes(":") ? `[${http.host}]` : http.host;
  logger.info({ nodeAddress: identity.address, port }, "node started");
  return {
    url: `http://${host}:${port}`,
    nodeAddress: identity.address,
    app,
    async close() {
      // In-flight requests finish first; only then do the providers and the store go.
      await app.close();
      destroy();
      store.close();
    },
  };
}

/**
 * The process entry point: parses `--config`, starts the node, installs the graceful-shutdown handlers. A startup
 * failure prints one short message and exits non-zero.
 *
 * @example
 * ```ts
 * await main(["--config", "node.json"]);
 * ```
 */
export async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { config: { type: "string", short: "c" } } });
  if (values.config === undefined) {
    process.stderr.write("usage: node node/src/server.ts --config <file>\n");
    process.exitCode = 2;
    return;
  }
  let node: RunningNode;
  let logger: Logger;
  try {
    const config = loadConfig({ path: values.config, env: process.env });
    logger = createLogger({ level: config.logLevel });
    node = await startNode({ config, logger });
  } catch (error) {
    process.stderr.write(`idem node: ${error instanceof NodeError ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
    if (err !== undefined) logger.error({ err }, "shutting down after an error");
    else logger.info({ signal }, "shutting down");
    await node.close();
    logger.info("node stopped");
  });
}

if (import.meta.main ?? process.argv[1] === new URL(import.meta.url).pathname) {
  await main(process.argv.slice(2));
}
