/**
 * Waiting for the storage nodes to see a chain write: nodes act on their confirmed view of the chain, so a client
 * that has just sent a transaction waits until every node has indexed its block before talking to them again.
 */
import type { Provider } from "ethers";

import { checkHealth } from "../../../sdk/src/index.ts";
import { ScenarioCheckError } from "./scenario-error.ts";

/**
 * Resolves once every node's `/health` shows chain `chainId` indexed up to `blockNumber` or later.
 *
 * @throws {ScenarioCheckError} when a node has not got there within `timeoutMs`.
 * @example
 * ```ts
 * await waitForNodesAt({ nodeUrls, chainId: 31337, blockNumber: 42 });
 * ```
 */
export async function waitForNodesAt({
  nodeUrls,
  chainId,
  blockNumber,
  timeoutMs = 20_000,
}: {
  nodeUrls: readonly string[];
  chainId: number;
  blockNumber: number;
  timeoutMs?: number;
}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const nodeUrl of nodeUrls) {
    for (;;) {
      const health = await checkHealth({ nodeUrl });
      const chains = health.healthy ? health.details.chains : undefined;
      const chain = Array.isArray(chains)
        ? (chains as { chainId?: unknown; confirmedBlock?: unknown }[]).find((entry) => entry.chainId === chainId)
        : undefined;
      if (typeof chain?.confirmedBlock === "number" && chain.confirmedBlock >= blockNumber) break;
      if (Date.now() > deadline) {
        throw new ScenarioCheckError(`${nodeUrl} has not indexed block ${blockNumber} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * An `afterChainWrite` hook for the SDK's role facades: waits for the transaction's block on every node.
 *
 * @example
 * ```ts
 * const user = await User.connect({ ...context, afterChainWrite: afterChainWriteOn({ provider, nodeUrls, chainId }) });
 * ```
 */
export function afterChainWriteOn({
  provider,
  nodeUrls,
  chainId,
}: {
  provider: Provider;
  nodeUrls: readonly string[];
  chainId: number;
}): (write: { hash: string }) => Promise<void> {
  return async ({ hash }) => {
    const receipt = await provider.getTransactionReceipt(hash);
    if (receipt === null) throw new ScenarioCheckError(`transaction ${hash} is not mined`);
    await waitForNodesAt({ nodeUrls, chainId, blockNumber: receipt.blockNumber });
  };
}
