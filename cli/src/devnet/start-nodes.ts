/**
 * The devnet's storage nodes: each gets its own directory (identity key, peer key, data, log file), all share one
 * private network key, all are registered in NodeRegistry by the node admin before the first starts (so every
 * node finds the others in the registry at boot), and each is started in this process with the real node code
 * (HTTP on 127.0.0.1, Helia on disk, SQLite, private libp2p, the chain indexer).
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import pino from "pino";

import { loadConfig } from "../../../node/src/config/load-config.ts";
import { createIdentityKey } from "../../../node/src/config/identity-key.ts";
import { createLogger } from "../../../node/src/logging/logger.ts";
import { loadOrCreatePeerKey } from "../../../node/src/p2p/identity.ts";
import { loadOrCreateNetworkKey } from "../../../node/src/p2p/network-key.ts";
import { startNode, type RunningNode } from "../../../node/src/server.ts";
import { NodeRegistry__factory } from "../../../types/ethers-contracts/factories/contracts/NodeRegistry__factory.ts";
import type { NetworkNode } from "../network/network-file.ts";
import type { DevnetChain } from "./start-chain.ts";
import { pickPort } from "./free-port.ts";

/**
 * One running devnet node.
 *
 * @example
 * ```ts
 * const [first] = nodes;
 * console.log(first.url, first.address, first.logFile);
 * ```
 */
export type DevnetNode = NetworkNode & { dir: string; logFile: string; multiaddr: string; running: RunningNode };

/**
 * Prepares `count` nodes (keys, ports, config files), registers them all in NodeRegistry with their URL, peer id
 * and libp2p address, then starts them one after another, each also dialling those started before it. HTTP ports
 * are `firstPort`, `firstPort + 1`, … (a free port instead of one that is taken; `firstPort` 0: any free ports).
 *
 * @throws whatever `startNode` throws (the nodes started so far are closed first).
 * @example
 * ```ts
 * const nodes = await startNodes({ dir: ".idem/devnet", count: 3, firstPort: 7301, chain, pollIntervalMs: 500 });
 * ```
 */
export async function startNodes({
  dir,
  count,
  firstPort,
  chain,
  pollIntervalMs,
}: {
  dir: string;
  count: number;
  firstPort: number;
  chain: DevnetChain;
  pollIntervalMs: number;
}): Promise<DevnetNode[]> {
  const networkKeyFile = join(dir, "network.key");
  await loadOrCreateNetworkKey({ path: networkKeyFile });
  const registry = NodeRegistry__factory.connect(chain.contracts.nodeRegistry, chain.deployer);
  const prepared: PreparedNode[] = [];
  for (let index = 1; index <= count; index++) {
    const node = await prepareNode({ dir: join(dir, `node-${index}`), networkKeyFile, firstPort, index });
    prepared.push(node);
    const registered = await registry.registerNode(node.address, chain.deployer.address, node.url, node.peerId, [
      node.multiaddr,
    ]);
    await registered.wait();
  }
  const nodes: DevnetNode[] = [];
  try {
    for (const node of prepared) {
      writeFileSync(
        node.configPath,
        JSON.stringify(
          nodeConfig({
            ...node,
            chain,
            pollIntervalMs,
            peers: nodes.map((started) => started.multiaddr),
          }),
          null,
          2,
        ),
      );
      const logger = createLogger({
        level: "info",
        // Written as they come: a devnet stopped by Ctrl-C keeps every line.
        destination: pino.destination({ dest: node.logFile, sync: true }),
      });
      const running = await startNode({ config: loadConfig({ path: node.configPath, env: {} }), logger });
      nodes.push({ ...node, running });
    }
    return nodes;
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.running.close()));
    throw error;
  }
}

/** A node's identity, ports and files, before it starts. */
type PreparedNode = {
  dir: string;
  url: string;
  address: string;
  httpPort: number;
  p2pPort: number;
  peerId: string;
  /** `/ip4/127.0.0.1/tcp/<p2pPort>/p2p/<peerId>`. */
  multiaddr: string;
  configPath: string;
  logFile: string;
};

/** Creates a node's directory, identity key, peer key and network key copy, and picks its ports. */
async function prepareNode({
  dir,
  networkKeyFile,
  firstPort,
  index,
}: {
  dir: string;
  networkKeyFile: string;
  firstPort: number;
  index: number;
}): Promise<PreparedNode> {
  mkdirSync(join(dir, "data"), { recursive: true });
  copyFileSync(networkKeyFile, join(dir, "network.key"));
  const identity = await createIdentityKey({ path: join(dir, "node.key") });
  const peerId = peerIdFromPrivateKey(await loadOrCreatePeerKey({ path: join(dir, "peer.key") })).toString();
  const httpPort = await pickPort(firstPort === 0 ? 0 : firstPort + index - 1);
  const p2pPort = await pickPort(0);
  return {
    dir,
    url: `http://127.0.0.1:${httpPort}`,
    address: identity.address,
    httpPort,
    p2pPort,
    peerId,
    multiaddr: `/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${peerId}`,
    configPath: join(dir, "node.json"),
    logFile: join(dir, "node.log"),
  };
}

/** A node's configuration file: relative paths resolve against its directory. */
function nodeConfig({
  httpPort,
  p2pPort,
  url,
  chain,
  pollIntervalMs,
  peers,
}: {
  httpPort: number;
  p2pPort: number;
  url: string;
  chain: DevnetChain;
  pollIntervalMs: number;
  peers: string[];
}): Record<string, unknown> {
  return {
    identityKeyFile: "node.key",
    dataDir: "data",
    logLevel: "info",
    http: { host: "127.0.0.1", port: httpPort, publicUrl: url },
    p2p: {
      peerKeyFile: "peer.key",
      networkKeyFile: "network.key",
      listen: [`/ip4/127.0.0.1/tcp/${p2pPort}`],
      peers,
    },
    chains: [
      {
        chainId: chain.chainId,
        rpcUrl: chain.rpcUrl,
        accessGrants: chain.contracts.accessGrants,
        keyRegistry: chain.contracts.keyRegistry,
        confirmations: 0,
        pollIntervalMs,
        fromBlock: 0,
      },
    ],
    registryChain: { chainId: chain.chainId, nodeRegistry: chain.contracts.nodeRegistry },
  };
}
