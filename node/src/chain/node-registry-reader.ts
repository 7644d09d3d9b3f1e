/**
 * Reads the active nodes of NodeRegistry on the registry chain, through the SDK's `activeNodes` (every call at one
 * pinned block), with a provider of its own.
 */
import { JsonRpcProvider } from "ethers";
import type { Provider } from "ethers";

import { activeNodes } from "../../../sdk/src/registries/active-nodes.ts";
// The factory module itself, not the index: the index re-exports with .js paths a plain `node` run cannot resolve.
import { NodeRegistry__factory } from "../../../types/ethers-contracts/factories/contracts/NodeRegistry__factory.ts";
import type { ChainConfig, NodeConfig } from "../config/schema.ts";
import { ChainUnavailableError } from "../errors.ts";
import type { RegistryNode } from "../p2p/registry-view.ts";

/** Longest time one read of the registry may take before it counts as failed. */
export const REGISTRY_READ_TIMEOUT_MS = 10_000;

/**
 * A reader of the registry's active nodes.
 *
 * @example
 * ```ts
 * const reader = nodeRegistryReader({ provider, chainId: 31337, nodeRegistry: "0x…" });
 * console.log(await reader.read());
 * ```
 */
export type NodeRegistryReader = {
  /**
   * The registered nodes whose status is Active.
   *
   * @throws {ChainUnavailableError} when the registry cannot be read in time (or holds no NodeRegistry).
   */
  read: () => Promise<RegistryNode[]>;
};

/**
 * A reader over `provider` for the NodeRegistry at `nodeRegistry` on chain `chainId`.
 *
 * @example
 * ```ts
 * const { ethers } = await network.getOrCreate();
 * const reader = nodeRegistryReader({ provider: ethers.provider, chainId: 31337, nodeRegistry: address });
 * ```
 */
export function nodeRegistryReader({
  provider,
  chainId,
  nodeRegistry,
  timeoutMs = REGISTRY_READ_TIMEOUT_MS,
}: {
  provider: Provider;
  chainId: number;
  nodeRegistry: string;
  timeoutMs?: number;
}): NodeRegistryReader {
  const registry = NodeRegistry__factory.connect(nodeRegistry, provider);
  return {
    async read() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const nodes = await Promise.race([activeNodes({ nodeRegistry: registry }), timeout]);
        return nodes.map(({ node, peerId, multiaddrs }) => ({ node, peerId, multiaddrs }));
      } catch (cause) {
        throw new ChainUnavailableError({ chainId, details: "NodeRegistry could not be read", cause });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * The reader named by the config's `registryChain`, with a provider of its own (static network: building it makes
 * no request). Call `destroy` when done.
 *
 * @example
 * ```ts
 * const { reader, destroy } = nodeRegistryReaderFromConfig(config);
 * ```
 */
export function nodeRegistryReaderFromConfig({ chains, registryChain }: Pick<NodeConfig, "chains" | "registryChain">): {
  reader: NodeRegistryReader;
  destroy: () => void;
} {
  // validateConfig guarantees the registry chain is among `chains`.
  const chain = chains.find((candidate) => candidate.chainId === registryChain.chainId) as ChainConfig;
  const provider = new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true });
  return {
    reader: nodeRegistryReader({ provider, chainId: chain.chainId, nodeRegistry: registryChain.nodeRegistry }),
    destroy: () => provider.destroy(),
  };
}
