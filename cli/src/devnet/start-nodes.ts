/**
 * The devnet's storage nodes: each gets its own directory (identity key, peer key, data, log file), all share one
 * private network key, each is registered in NodeRegistry by the node admin, and each is started in this process
 * with the real node code (HTTP on 127.0.0.1, Helia on disk, SQLite, private libp2p, the chain indexer).
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import pino from "pino";

import { loadConfig } from "../../../node/src/config/load-config.ts";
import { createIdentityKey } from "../../../node/src/config/identity-key.ts";
import { createLogger } from "../../../node/src/logging/logger.ts";
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
export type DevnetNode = NetworkNode & { dir: string; logFile: string; running: RunningNode };

/**
 * Starts `count` nodes following `chain`, one after another, each dialling those started before it, and registers
 * each in NodeRegistry with its URL, peer id and libp2p addresses. HTTP ports are `firstPort`, `firstPort + 1`, …
 * (a free port instead of one that is taken; `firstPort` 0: any free ports).
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
  const nodes: DevnetNode[] = [];
  const networkKeyFile = join(dir, "network.key");
  await loadOrCreateNetworkKey({ path: networkKeyFile });
  const registry = NodeRegistry__factory.connect(chain.contracts.nodeRegistry, chain.deployer);
  try {
    for (let index = 1; index <= count; index++) {
      const nodeDir = join(dir, `node-${index}`);
      mkdirSync(join(nodeDir, "data"), { recursive: true });
      copyFileSync(networkKeyFile, join(nodeDir, "network.key"));
      const identity = await createIdentityKey({ path: join(nodeDir, "node.key") });
      const port = await pickPort(firstPort === 0 ? 0 : firstPort + index - 1);
      const url = `http://127.0.0.1:${port}`;
      const configPath = join(nodeDir, "node.json");
      writeFileSync(
        configPath,
        JSON.stringify(
          nodeConfig({ port, url, chain, pollIntervalMs, peers: nodes.flatMap((node) => node.running.multiaddrs()) }),
          null,
          2,
        ),
      );
      const logFile = join(nodeDir, "node.log");
      const logger = createLogger({ level: "info", destination: pino.destination({ dest: logFile, sync: false }) });
      const running = await startNode({ config: loadConfig({ path: configPath, env: {} }), logger });
      nodes.push({ url, address: identity.address, dir: nodeDir, logFile, running });
      const registered = await registry.registerNode(
        identity.address,
        chain.deployer.address,
        url,
        running.peerId,
        running.multiaddrs(),
      );
      await registered.wait();
    }
    return nodes;
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.running.close()));
    throw error;
  }
}

/** A node's configuration file: relative paths resolve against its directory. */
function nodeConfig({
  port,
  url,
  chain,
  pollIntervalMs,
  peers,
}: {
  port: number;
  url: string;
  chain: DevnetChain;
  pollIntervalMs: number;
  peers: string[];
}): Record<string, unknown> {
  return {
    identityKeyFile: "node.key",
    dataDir: "data",
    logLevel: "info",
    http: { host: "127.0.0.1", port, publicUrl: url },
    p2p: { peerKeyFile: "peer.key", networkKeyFile: "network.key", listen: ["/ip4/127.0.0.1/tcp/0"], peers },
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
