/**
 * A whole Idem network on one machine: the chain (EDR over JSON-RPC, contracts deployed by Ignition) and storage
 * nodes registered in NodeRegistry, all on 127.0.0.1 in this process, described by a network file every `idem`
 * command can use.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

import { computeAddress } from "ethers";

import { KYC_SCHEMA_TYPE, schemaId } from "../../../sdk/src/index.ts";
import { writeNetworkFile, type IdemNetwork } from "../network/network-file.ts";
import { DEV_ACCOUNT_ROLES, hardhatTestKey } from "./dev-accounts.ts";
import { startChain, type DevnetChain } from "./start-chain.ts";
import { startNodes, type DevnetNode } from "./start-nodes.ts";

/**
 * What {@link startDevnet} takes. Every field has a default.
 *
 * @example
 * ```ts
 * const options: DevnetOptions = { dir: "/tmp/idem-devnet", rpcPort: 0, firstNodePort: 0 };
 * ```
 */
export type DevnetOptions = {
  /** Where the devnet keeps its state (emptied at start): node dirs, keys, logs, the network file. */
  dir?: string;
  /** Storage nodes to start (default 3). */
  nodeCount?: number;
  /** The chain's JSON-RPC port (default 8545; another free port if taken; 0: any). */
  rpcPort?: number;
  /** The first node's HTTP port; the others follow (default 7301; 0: any). */
  firstNodePort?: number;
  /** How often each node polls the chain (default 250 ms). */
  pollIntervalMs?: number;
  /** Called as each part comes up, for progress output. */
  log?: (line: string) => void;
};

/**
 * A running devnet.
 *
 * @example
 * ```ts
 * const devnet = await startDevnet({ dir: ".idem/devnet" });
 * console.log(devnet.network.rpcUrl, devnet.networkFile);
 * await devnet.close();
 * ```
 */
export type Devnet = {
  /** Chain, contracts and nodes, as written to {@link Devnet.networkFile}. */
  network: IdemNetwork & { contracts: DevnetChain["contracts"] };
  /** `<dir>/devnet.json`. */
  networkFile: string;
  chain: DevnetChain;
  nodes: DevnetNode[];
  /** Moves the chain's clock forward by `seconds` and mines a block at the new time. */
  increaseTime(seconds: bigint): Promise<void>;
  /** Stops the nodes, then the chain. */
  close(): Promise<void>;
};

/** The devnet's default state directory, under the working directory. */
export const DEFAULT_DEVNET_DIR = ".idem";

/**
 * Starts a devnet: chain and contracts (the example vault trusts the devnet's issuer account and the exchange
 * account as compliance provider), then the nodes, then writes the network file.
 *
 * @example
 * ```ts
 * const devnet = await startDevnet({ dir: mkdtempSync(join(tmpdir(), "idem-")), rpcPort: 0, firstNodePort: 0 });
 * ```
 */
export async function startDevnet({
  dir = DEFAULT_DEVNET_DIR,
  nodeCount = 3,
  rpcPort = 8545,
  firstNodePort = 7301,
  pollIntervalMs = 250,
  log = () => {},
}: DevnetOptions = {}): Promise<Devnet> {
  const stateDir = join(dir, "devnet");
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const chain = await startChain({
    dir: stateDir,
    port: rpcPort,
    vault: {
      issuer: computeAddress(hardhatTestKey(DEV_ACCOUNT_ROLES.issuer)),
      provider: computeAddress(hardhatTestKey(DEV_ACCOUNT_ROLES.exchange)),
      schema: schemaId(KYC_SCHEMA_TYPE),
    },
  });
  log(`chain ${chain.chainId} at ${chain.rpcUrl}, contracts deployed`);
  let nodes: DevnetNode[];
  try {
    nodes = await startNodes({ dir: stateDir, count: nodeCount, firstPort: firstNodePort, chain, pollIntervalMs });
  } catch (error) {
    await chain.close();
    throw error;
  }
  log(`${nodes.length} nodes started and registered`);
  const network = {
    name: "devnet",
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    contracts: chain.contracts,
    nodes: nodes.map(({ url, address }) => ({ url, address })),
  };
  const networkFile = join(dir, "devnet.json");
  writeNetworkFile(networkFile, network);
  return {
    network,
    networkFile,
    chain,
    nodes,
    increaseTime: (seconds) => chain.increaseTime(seconds),
    async close() {
      await Promise.allSettled(nodes.map((node) => node.running.close()));
      await chain.close();
    },
  };
}
