/**
 * Waits until the storage nodes have indexed a transaction's block. Nodes act on their confirmed view of the
 * chain, so a write they have not seen yet is refused (`DATA_NOT_ANCHORED`, `NOT_GRANTED`); the role facades call
 * this after each chain write (`afterChainWrite`).
 */
import type { Provider } from "ethers";

import { checkHealth } from "../../../sdk/src/index.ts";
import { CliError } from "../errors.ts";

/** How often each node's `/health` is asked. */
const POLL_MS = 100;

/**
 * What {@link waitForNodes} takes.
 *
 * @example
 * ```ts
 * const parameters: WaitForNodesParameters = { provider, nodeUrls, chainId: 31337n, hash };
 * ```
 */
export type WaitForNodesParameters = {
  provider: Provider;
  nodeUrls: readonly string[];
  chainId: bigint;
  /** The mined transaction. */
  hash: string;
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
};

/**
 * Resolves once every reachable node's `/health` shows a confirmed block at or past the transaction's block on
 * `chainId`. A node that does not answer is not waited for: a write needs a quorum, not every node.
 *
 * @throws `CliError` when a reachable node has not caught up within the timeout.
 * @example
 * ```ts
 * await waitForNodes({ provider, nodeUrls, chainId, hash: granted.hash });
 * ```
 */
export async function waitForNodes({
  provider,
  nodeUrls,
  chainId,
  hash,
  timeoutMs = 60_000,
}: WaitForNodesParameters): Promise<void> {
  const receipt = await provider.getTransactionReceipt(hash);
  if (receipt === null) return;
  const target = receipt.blockNumber;
  const deadline = Date.now() + timeoutMs;
  let waiting = [...nodeUrls];
  while (waiting.length > 0) {
    const behind = await Promise.all(
      waiting.map(async (nodeUrl) => ((await confirmedBlock(nodeUrl, chainId)) ?? target) < target),
    );
    waiting = waiting.filter((_, index) => behind[index]);
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      throw new CliError(`Nodes have not indexed block ${target} yet: ${waiting.join(", ")}.`, {
        hint: "check `idem status`; a node that lags its chain refuses reads and writes it has not seen",
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The node's confirmed block on `chainId`, `-1` before its first poll, `undefined` when it does not answer. */
async function confirmedBlock(nodeUrl: string, chainId: bigint): Promise<number | undefined> {
  const health = await checkHealth({ nodeUrl });
  if (!health.healthy) return undefined;
  const chains = health.details.chains;
  const chain = Array.isArray(chains)
    ? (chains as { chainId?: unknown; confirmedBlock?: unknown }[]).find((entry) => entry.chainId === Number(chainId))
    : undefined;
  return typeof chain?.confirmedBlock === "number" ? chain.confirmedBlock : -1;
}
