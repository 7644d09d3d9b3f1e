/**
 * Helpers for the multi-node test: free ports, bounded polling, node configs in temp dirs (one shared network key),
 * in-process nodes with captured logs, and a byte scan of data directories.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";

import { Wallet } from "ethers";

import { loadConfig } from "../../../node/src/config/load-config.ts";
import type { NodeConfig } from "../../../node/src/config/schema.ts";
import { createLogger } from "../../../node/src/logging/logger.ts";
import { loadOrCreateNetworkKey } from "../../../node/src/p2p/network-key.ts";
import { startNode } from "../../../node/src/server.ts";
import type { RunningNode } from "../../../node/src/server.ts";
import { HARDHAT_CHAIN_ID, rawTestConfig } from "./config.ts";

/** A TCP port nothing listens on right now (a node's public URL must name its real port before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Calls `attempt` until it returns a value other than `undefined` (errors count as "not yet"), for at most `ms`. */
export async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  { ms = 20_000, everyMs = 100 }: { ms?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    const value = await attempt().catch((error: unknown) => {
      last = error;
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last === undefined ? "" : `: ${String(last)}`}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Where one test node lives: its config file, its dirs and its ports. */
export type NodeSlot = {
  /** 1-based, for messages. */
  index: number;
  dir: string;
  configPath: string;
  dataDir: string;
  httpPort: number;
  p2pPort: number;
  url: string;
  /** The identity key's address (receipts are signed by it). */
  nodeAddress: string;
};

/** What a cluster's chain section needs. */
export type ChainSettings = {
  rpcUrl: string;
  accessGrants: string;
  keyRegistry: string;
  fromBlock: number;
  pollIntervalMs: number;
};

/** Temp dirs made here; {@link removeTempDirs} deletes them. */
const dirs: string[] = [];

/** Deletes every temp dir this module made. */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Writes `count` node configs into temp dirs: each its own identity key (0600), data dir and peer key (created by
 * the node), one network key created once and copied to all, fixed free HTTP and libp2p ports, `http.publicUrl` the
 * real URL. `peers(index)` gives the `p2p.peers` of a node; call {@link writeNodeConfig} again to change them.
 */
export async function prepareSlots({ count, chain }: { count: number; chain: ChainSettings }): Promise<NodeSlot[]> {
  const slots: NodeSlot[] = [];
  let sharedNetworkKey: string | undefined;
  for (let index = 1; index <= count; index++) {
    const dir = mkdtempSync(join(tmpdir(), `idem-multi-node-${index}-`));
    dirs.push(dir);
    const identity = Wallet.createRandom();
    writeFileSync(join(dir, "node.key"), `${identity.privateKey}\n`, { mode: 0o600 });
    const networkKey = join(dir, "network.key");
    if (sharedNetworkKey === undefined) {
      await loadOrCreateNetworkKey({ path: networkKey });
      sharedNetworkKey = networkKey;
    } else {
      copyFileSync(sharedNetworkKey, networkKey);
    }
    const httpPort = await freePort();
    const p2pPort = await freePort();
    const dataDir = join(dir, "data");
    mkdirSync(dataDir, { recursive: true });
    const slot: NodeSlot = {
      index,
      dir,
      configPath: join(dir, "node.json"),
      dataDir,
      httpPort,
      p2pPort,
      url: `http://127.0.0.1:${httpPort}`,
      nodeAddress: identity.address,
    };
    writeNodeConfig({ slot, chain, peers: [] });
    slots.push(slot);
  }
  return slots;
}

/** (Re)writes a slot's config file with the given `p2p.peers`. */
export function writeNodeConfig({
  slot,
  chain,
  peers,
}: {
  slot: NodeSlot;
  chain: ChainSettings;
  peers: string[];
}): void {
  const raw = rawTestConfig();
  raw.logLevel = "info";
  raw.http = { host: "127.0.0.1", port: slot.httpPort, publicUrl: slot.url };
  raw.p2p = {
    ...(raw.p2p as Record<string, unknown>),
    peerKeyFile: "peer.key",
    networkKeyFile: "network.key",
    listen: [`/ip4/127.0.0.1/tcp/${slot.p2pPort}`],
    peers,
  };
  raw.chains = [
    {
      chainId: HARDHAT_CHAIN_ID,
      rpcUrl: chain.rpcUrl,
      accessGrants: chain.accessGrants,
      keyRegistry: chain.keyRegistry,
      confirmations: 0,
      pollIntervalMs: chain.pollIntervalMs,
      fromBlock: chain.fromBlock,
    },
  ];
  writeFileSync(slot.configPath, JSON.stringify(raw, null, 2));
}

/** A node started in process, with its log lines (pino JSON, level info) captured. */
export type StartedNode = { node: RunningNode; logs: () => string[] };

/** Starts a node from its config file (as `node/src/server.ts` would, without the signal handlers). */
export async function startFromSlot(slot: NodeSlot): Promise<StartedNode> {
  const lines: string[] = [];
  let partial = "";
  const logger = createLogger({
    level: "info",
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        const text = partial + chunk.toString("utf8");
        const parts = text.split("\n");
        partial = parts.pop() ?? "";
        lines.push(...parts.filter((line) => line !== ""));
        callback();
      },
    }),
  });
  const config: NodeConfig = loadConfig({ path: slot.configPath, env: {} });
  const node = await startNode({ config, logger });
  return { node, logs: () => [...lines, ...(partial === "" ? [] : [partial])] };
}

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The files under `dirs` whose bytes contain `marker` as UTF-8 or as UTF-16LE, with the encoding found. */
export function scanFor(dirsToScan: readonly string[], marker: string): { path: string; encoding: string }[] {
  const needles = [
    { encoding: "utf8", bytes: Buffer.from(marker, "utf8") },
    { encoding: "utf16le", bytes: Buffer.from(marker, "utf16le") },
  ];
  const found: { path: string; encoding: string }[] = [];
  for (const dir of dirsToScan) {
    for (const path of filesUnder(dir)) {
      const bytes = readFileSync(path);
      for (const needle of needles) if (bytes.includes(needle.bytes)) found.push({ path, encoding: needle.encoding });
    }
  }
  return found;
}

/**
 * Resolves once no file under `dirsToWatch` has been added, removed or modified for `quietMs` (at most `maxMs`;
 * then it throws).
 */
export async function quiet(
  dirsToWatch: readonly string[],
  { quietMs = 1500, maxMs = 10_000 }: { quietMs?: number; maxMs?: number } = {},
): Promise<void> {
  const snapshot = () =>
    dirsToWatch
      .flatMap((dir) => filesUnder(dir))
      .map((path) => `${path} ${statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? "gone"}`)
      .sort()
      .join("\n");
  const deadline = Date.now() + maxMs;
  let last = snapshot();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`files under ${dirsToWatch.join(", ")} kept changing for ${maxMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = snapshot();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}
