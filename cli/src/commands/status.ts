/**
 * `idem status`: the network at a glance: the chain (reachable, chain id, latest block), the contracts (code
 * deployed at each address), each node's `/health` and its status in NodeRegistry. Needs no wallet. Exits 1 when
 * anything is down, or a node is not Active in the registry.
 */
import { checkHealth, getNode } from "../../../sdk/src/index.ts";
import type { CommandInput } from "../command-input.ts";
import { connectChain } from "../context/chain.ts";
import { loadNetwork } from "../context/network.ts";
import { CliError } from "../errors.ts";

/**
 * Checks and prints the network's state.
 *
 * @example
 * ```ts
 * await status({ options: {}, globals, env: process.env, output });
 * ```
 */
export async function status({ globals, env, output }: CommandInput<Record<string, never>>): Promise<void> {
  const network = loadNetwork({ network: globals.network, env });
  const chain = connectChain(network);
  try {
    const [head, contracts, nodes, registered] = await Promise.all([
      chainHead(chain.provider),
      Promise.all(
        Object.entries(network.contracts).map(async ([name, address]) => ({
          name,
          address,
          // `null`: unknown, the chain did not answer.
          deployed: await chain.provider.getCode(address).then(
            (code) => code !== "0x",
            () => null,
          ),
        })),
      ),
      Promise.all(network.nodes.map((node) => checkHealth({ nodeUrl: node.url }))),
      // `null`: unknown, the registry could not be read.
      Promise.all(
        network.nodes.map((node) =>
          getNode({ nodeRegistry: chain.nodeRegistry, node: node.address }).then(
            (record) => record.status,
            () => null,
          ),
        ),
      ),
    ]);
    const chainOk = head.reachable && head.chainId === network.chainId;
    const ok =
      chainOk &&
      contracts.every((contract) => contract.deployed === true) &&
      nodes.every((node) => node.healthy) &&
      registered.every((registryStatus) => registryStatus === "Active");
    const nodeRows = nodes.map((health, index) => ({
      url: network.nodes[index]!.url,
      address: network.nodes[index]!.address,
      healthy: health.healthy,
      registry: registered[index] ?? null,
      latencyMs: health.latencyMs,
      ...(health.healthy ? { chains: health.details.chains } : { error: health.error.shortMessage }),
    }));
    output.result(
      { ok, network: network.name, rpcUrl: network.rpcUrl, chain: head, contracts, nodes: nodeRows },
      [
        `network ${network.name}: ${ok ? "ok" : "NOT ok"}`,
        head.reachable
          ? `chain   ${network.rpcUrl}: chain id ${head.chainId}${head.chainId === network.chainId ? "" : ` (expected ${network.chainId})`}, block ${head.blockNumber}`
          : `chain   ${network.rpcUrl}: unreachable`,
        ...contracts.map(
          (contract) =>
            `contract ${contract.name} ${contract.address}: ${contract.deployed === null ? "unknown" : contract.deployed ? "deployed" : "NO CODE"}`,
        ),
        ...nodeRows.map((node) =>
          "error" in node
            ? `node    ${node.url}: DOWN (${node.error}); NodeRegistry: ${node.registry ?? "unknown"}`
            : `node    ${node.url} (${node.address}): ok, ${node.latencyMs} ms; NodeRegistry: ${node.registry ?? "unknown"}`,
        ),
      ].join("\n"),
    );
    if (!ok) throw new CliError(`The network ${network.name} is not healthy (see above).`);
  } finally {
    chain.provider.destroy();
  }
}

async function chainHead(
  provider: ReturnType<typeof connectChain>["provider"],
): Promise<{ reachable: boolean; chainId?: number; blockNumber?: number }> {
  try {
    const [chainId, blockNumber] = await Promise.all([provider.send("eth_chainId", []), provider.getBlockNumber()]);
    return { reachable: true, chainId: Number(chainId), blockNumber };
  } catch {
    return { reachable: false };
  }
}
