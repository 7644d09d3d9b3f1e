/**
 * The chain side of a network file: a JSON-RPC provider and the Idem contracts, bound to it.
 */
import { JsonRpcProvider } from "ethers";

import type { AccessGrants, KeyRegistry, NodeRegistry } from "../../../types/ethers-contracts/index.js";
import { AccessGrants__factory } from "../../../types/ethers-contracts/factories/contracts/AccessGrants__factory.ts";
import { KeyRegistry__factory } from "../../../types/ethers-contracts/factories/contracts/KeyRegistry__factory.ts";
import { NodeRegistry__factory } from "../../../types/ethers-contracts/factories/contracts/NodeRegistry__factory.ts";
import type { IdemNetwork } from "../network/network-file.ts";

/** How often ethers polls for a transaction's receipt: a local chain mines at once. */
const POLLING_INTERVAL_MS = 100;

/**
 * A provider and the contracts of one network.
 *
 * @example
 * ```ts
 * const { provider, accessGrants, chainId } = connectChain(network);
 * ```
 */
export type Chain = {
  provider: JsonRpcProvider;
  chainId: bigint;
  accessGrants: AccessGrants;
  keyRegistry: KeyRegistry;
  nodeRegistry: NodeRegistry;
};

/**
 * Connects to the network's chain. The chain id is taken from the network file (no detection round trip); a
 * wrong one fails at the first signature or call.
 *
 * @example
 * ```ts
 * const chain = connectChain(readNetworkFile(".idem/devnet.json"));
 * console.log(await chain.provider.getBlockNumber());
 * chain.provider.destroy();
 * ```
 */
export function connectChain(network: IdemNetwork): Chain {
  const provider = new JsonRpcProvider(network.rpcUrl, network.chainId, {
    staticNetwork: true,
    pollingInterval: POLLING_INTERVAL_MS,
  });
  return {
    provider,
    chainId: BigInt(network.chainId),
    accessGrants: AccessGrants__factory.connect(network.contracts.accessGrants, provider),
    keyRegistry: KeyRegistry__factory.connect(network.contracts.keyRegistry, provider),
    nodeRegistry: NodeRegistry__factory.connect(network.contracts.nodeRegistry, provider),
  };
}
