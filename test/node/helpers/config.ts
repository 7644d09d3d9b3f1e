/**
 * A valid node configuration for tests, and a way to vary it.
 */
import type { NodeConfig } from "../../../node/src/config/schema.ts";

/** Hardhat's in-process chain id. */
export const HARDHAT_CHAIN_ID = 31337;

/** The public URL test nodes claim (nothing listens there; `app.inject` never opens a socket). */
export const TEST_PUBLIC_URL = "https://node1.idem.test";

/**
 * A raw configuration file's content (as JSON would hold it: no defaults filled in), with paths relative to the
 * file.
 */
export function rawTestConfig(): Record<string, unknown> {
  return {
    identityKeyFile: "node.key",
    dataDir: "data",
    http: { publicUrl: TEST_PUBLIC_URL },
    // The registry address below holds no NodeRegistry in most tests: their nodes are not registered.
    p2p: { requireRegisteredPeers: false },
    chains: [
      {
        chainId: HARDHAT_CHAIN_ID,
        rpcUrl: "http://127.0.0.1:8545",
        accessGrants: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        keyRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        confirmations: 0,
        pollIntervalMs: 500,
        fromBlock: 0,
      },
    ],
    registryChain: { chainId: HARDHAT_CHAIN_ID, nodeRegistry: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0" },
  };
}

/** A complete, validated-shape configuration rooted at `dir`, with `http` and `auth` overrides. */
export function testConfig({
  dir,
  http = {},
  auth = {},
}: {
  dir: string;
  http?: Partial<NodeConfig["http"]>;
  auth?: Partial<NodeConfig["auth"]>;
}): NodeConfig {
  const raw = rawTestConfig();
  return {
    identityKeyFile: `${dir}/node.key`,
    dataDir: `${dir}/data`,
    logLevel: "silent",
    http: {
      host: "127.0.0.1",
      port: 0,
      publicUrl: TEST_PUBLIC_URL,
      bodyLimit: 4096,
      rateLimit: { max: 1000, timeWindowMs: 60_000 },
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5000,
      connectionsCheckingIntervalMs: 1000,
      ...http,
    },
    auth: { sessionTtlSeconds: 3600, nonceTtlSeconds: 300, clockSkewSeconds: 60, ...auth },
    p2p: {
      peerKeyFile: `${dir}/peer.key`,
      networkKeyFile: `${dir}/network.key`,
      listen: ["/ip4/127.0.0.1/tcp/0"],
      peers: [],
      registryRefreshMs: 60_000,
      requireRegisteredPeers: false,
    },
    chains: raw.chains as NodeConfig["chains"],
    registryChain: raw.registryChain as NodeConfig["registryChain"],
  };
}
