/**
 * The node's process: the only module that listens. It loads and validates the configuration, loads the identity
 * key, opens the store, joins the private libp2p network, catches up with its chains (purging every deletion that
 * became due while it was down), builds the app with an HTTP server whose timeouts come from the config, listens,
 * follows its chains, and shuts down gracefully on a signal (in-flight requests finish, then the indexer, the
 * network and the store stop).
 *
 * Run: `node node/src/server.ts --config node.json` (environment: `IDEM_NODE_*` overrides).
 */
import { createServer } from "node:http";
import { join } from "node:path";
import { parseArgs } from "node:util";

import closeWithGrace from "close-with-grace";
import type { FastifyServerFactory } from "fastify";
import type { Logger } from "pino";

import { IdemError } from "../../sdk/src/errors.ts";
import { createCachedBlockStore } from "./blocks/cached-block-store.ts";
import { createHeliaBlockStore } from "./blocks/helia-block-store.ts";
import { chainGatewayFromConfig } from "./chain/gateway.ts";
import { nodeRegistryReaderFromConfig } from "./chain/node-registry-reader.ts";
import { systemClock } from "./clock.ts";
import type { Indexer } from "./chain/indexer.ts";
import { loadConfig } from "./config/load-config.ts";
import { loadIdentityKey } from "./config/identity-key.ts";
import type { NodeConfig } from "./config/schema.ts";
import { bootNode, createChainIndexer } from "./deletion/boot.ts";
import { isDeletionPending } from "./deletion/purge.ts";
import { buildApp } from "./http/app.ts";
import type { App } from "./http/types.ts";
import { createLogger } from "./logging/logger.ts";
import { loadOrCreatePeerKey } from "./p2p/identity.ts";
import { loadOrCreateNetworkKey } from "./p2p/network-key.ts";
import { startNetwork } from "./p2p/network.ts";
import type { Network } from "./p2p/network.ts";
import { startRegistryPeers } from "./p2p/registry-peers.ts";
import { createRegistryView } from "./p2p/registry-view.ts";
import { grantAccessFromReader } from "./records/grant-access.ts";
import { startReplication } from "./replication/replicator.ts";
import type { GrantAccess } from "./records/grant-access.ts";
import { createAuditWriter } from "./store/audit-writer.ts";
import { openStore } from "./store/store.ts";
import type { Store } from "./store/store.ts";

/**
 * A running node.
 *
 * @example
 * ```ts
 * const node = await startNode({ config, logger });
 * console.log(node.url, node.peerId, node.multiaddrs());
 * await node.close();
 * ```
 */
export type RunningNode = {
  /** Where it listens, e.g. `http://127.0.0.1:7300`. */
  readonly url: string;
  /** The node's identity address (receipts are signed by this key). */
  readonly nodeAddress: string;
  /** The node's libp2p peer id (from its peer key). */
  readonly peerId: string;
  /** The libp2p addresses it listens on, each ending in `/p2p/<peerId>` (what other nodes list in `p2p.peers`). */
  multiaddrs(): string[];
  readonly app: App;
  /** The chain indexer (with deletion built in); started once the node listens. */
  readonly indexer: Indexer;
  /**
   * Stops accepting connections and waits for in-flight requests, then stops replication, the indexer, the registry
   * refresh, the libp2p network, the chain providers and the store, in that order.
   */
  close(): Promise<void>;
};

/** How long one configured peer's dial may take at start before it is logged as failed. */
const PEER_DIAL_TIMEOUT_MS = 5_000;

/**
 * Starts the node from a validated configuration: identity key → store → chain gateway → libp2p keys (created
 * with mode 0600 when missing) → network (answering the sync protocol only to peers active in NodeRegistry when
 * `p2p.requireRegisteredPeers`) → dials `p2p.peers`, then the active nodes of NodeRegistry, read again every
 * `p2p.registryRefreshMs` (a failed dial or an unreadable registry is logged only) → Helia block store
 * → chain indexer → boot (every chain caught up and every due deletion purged, before anything is served) →
 * replication (serves the sync protocol, joins the metadata topic, catches up from connected peers) → app (its PUT
 * pushes each write to the peers) → listen → indexer started → replication polling started. A failure at any step closes whatever was opened and rethrows.
 *
 * @throws {NodeError} e.g. `IdentityKeyError`, `KeyFileError`, `BootError` (a chain unreachable or a due deletion
 * that cannot be carried out: the node must not serve then).
 * @example
 * ```ts
 * const node = await startNode({ config: loadConfig({ path, env: process.env }), logger: createLogger() });
 * ```
 */
export async function startNode({ config, logger }: { config: NodeConfig; logger: Logger }): Promise<RunningNode> {
  // Undo steps of what is open so far, run last-first when a later step fails.
  const opened: (() => Promise<void> | void)[] = [];
  const unwind = async (): Promise<void> => {
    for (const step of opened.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        logger.warn({ err: error }, "cleanup after a failed start failed");
      }
    }
  };
  try {
    const identity = await loadIdentityKey({ path: config.identityKeyFile });
    const store = openStore({ dataDir: config.dataDir });
    opened.push(() => store.close());
    // Grantee-read audit rows are group-committed on a worker thread: durable before the answer, off the event loop.
    const auditBatcher = createAuditWriter({ dataDir: config.dataDir });
    opened.push(() => auditBatcher.close());
    const { gateway, destroy } = chainGatewayFromConfig({ chains: config.chains });
    opened.push(destroy);

    const privateKey = await loadOrCreatePeerKey({ path: config.p2p.peerKeyFile });
    const psk = await loadOrCreateNetworkKey({ path: config.p2p.networkKeyFile });
    const registryReader = nodeRegistryReaderFromConfig(config);
    opened.push(registryReader.destroy);
    const registry = createRegistryView({ read: registryReader.reader.read });
    const network = await startNetwork({
      dataDir: join(config.dataDir, "blocks"),
      privateKey,
      psk,
      listen: [...config.p2p.listen],
      allowSync: config.p2p.requireRegisteredPeers ? (peer) => registry.isActivePeer(peer.toString()) : undefined,
    });
    opened.push(() => network.stop());
    await dialPeers({ network, peers: config.p2p.peers, logger });
    const registryPeers = await startRegistryPeers({
      network,
      view: registry,
      refreshMs: config.p2p.registryRefreshMs,
      hangUpOthers: config.p2p.requireRegisteredPeers,
      logger,
    });
    opened.push(() => registryPeers.stop());
    // One cached store for every user (reads, purges, replication): a delete evicts the memory copy too.
    const blockStore = createCachedBlockStore(createHeliaBlockStore({ helia: network.helia }));

    const indexer = createChainIndexer({ chains: config.chains, store, blockStore, identity, logger });
    opened.push(() => indexer.stop());
    await bootNode({ indexer, logger });

    // Replication: serve peers and catch up from them before serving clients (see replication/replicator.ts).
    const grants = nodeGrantAccess({ reader: indexer.reader, store });
    const replication = await startReplication({
      network,
      deps: { store, blockStore, grants, chain: gateway, clock: systemClock, nodeId: identity.address },
      logger,
    });
    opened.push(() => replication.stop());
    await replication.catchUp();

    const app = await buildApp({
      config,
      store,
      chain: gateway,
      logger,
      serverFactory: serverFactory(config.http),
      blockStore,
      grants,
      nodeId: identity.address,
      onStored: replication.onStored,
      auditBatcher,
      chainStatus: () => indexer.chainIds.map((chainId) => indexer.status(chainId)),
    });
    opened.push(() => app.close());
    await app.listen({ host: config.http.host, port: config.http.port });
    indexer.start();
    replication.startPolling();

    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.http.port;
    const host = config.http.host.includes(":") ? `[${config.http.host}]` : config.http.host;
    const peerId = network.peerId.toString();
    logger.info({ nodeAddress: identity.address, port, peerId, multiaddrs: network.multiaddrs() }, "node started");
    return {
      url: `http://${host}:${port}`,
      nodeAddress: identity.address,
      peerId,
      multiaddrs: () => network.multiaddrs(),
      app,
      indexer,
      async close() {
        // In-flight requests finish first; no purge runs while the blocks go away; the store closes last.
        await app.close();
        await auditBatcher.close();
        await replication.stop();
        await indexer.stop();
        await registryPeers.stop();
        await network.stop();
        registryReader.destroy();
        destroy();
        store.close();
        opened.length = 0;
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

/**
 * The grant view the routes read: the indexer's view of AccessGrants, where a dataId also counts as being deleted
 * once the node has scheduled or carried out its purge (`isDeletionPending` of `node/src/deletion/purge.ts`), so a
 * late PUT of purged data is refused even if the view were rebuilt.
 *
 * @example
 * ```ts
 * const grants = nodeGrantAccess({ reader: indexer.reader, store });
 * ```
 */
export function nodeGrantAccess({ reader, store }: { reader: Indexer["reader"]; store: Store }): GrantAccess {
  const view = grantAccessFromReader(reader);
  return {
    ...view,
    // The view answers first: it turns an unknown or unsynced chain into the node's 400 / 503.
    isDeletionPending: (chainId, dataId) =>
      view.isDeletionPending(chainId, dataId) || isDeletionPending({ store, view: reader, chainId, dataId }),
  };
}

/** Dials every configured peer at once; a failure is logged and the node goes on (peers come and go). */
async function dialPeers({
  network,
  peers,
  logger,
}: {
  network: Network;
  peers: readonly string[];
  logger: Logger;
}): Promise<void> {
  await Promise.all(
    peers.map(async (peer) => {
      try {
        const peerId = await network.dial(peer, { signal: AbortSignal.timeout(PEER_DIAL_TIMEOUT_MS) });
        logger.info({ peer, peerId: peerId.toString() }, "peer connected");
      } catch (error) {
        logger.warn({ peer, err: error }, "peer dial failed");
      }
    }),
  );
}

/** The HTTP server factory with the configured socket timeouts. */
function serverFactory(http: NodeConfig["http"]): FastifyServerFactory {
  return (handler) =>
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
    process.stderr.write(`idem node: ${error instanceof IdemError ? error.message : String(error)}\n`);
    process.exitCode = 1;
    // startNode closed what it opened; should a library still hold the loop open, do not hang.
    setTimeout(() => process.exit(1), 3_000).unref();
    return;
  }
  closeOnSignal({ node, logger });
}

/**
 * Installs the graceful shutdown of a running node: on SIGINT / SIGTERM (or an uncaught error) the node closes
 * (in-flight requests finish first), within 10 s.
 *
 * @example
 * ```ts
 * const node = await startNode({ config, logger });
 * closeOnSignal({ node, logger });
 * ```
 */
export function closeOnSignal({ node, logger }: { node: RunningNode; logger: Logger }): void {
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
