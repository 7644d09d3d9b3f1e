import type { Provider } from "ethers";
import { GrantReader } from "../../sdk/src/chain/grant-reader.ts";
import { MemoryGrantViewStore } from "../../sdk/src/chain/memory-store.ts";

/** Hardhat's in-process chain id. */
const IN_PROCESS_CHAIN_ID = 31337n;

/**
 * A grant reader following one AccessGrants deployment on the in-process chain (no confirmations, in memory),
 * already polled once, and `poll()`, which applies what was mined since and throws the first chain error.
 *
 * @example
 * ```ts
 * const { reader, poll } = await inProcessGrantReader({ provider: ethers.provider, accessGrants, fromBlock });
 * await accessGrants.grant(grantee, dataId, 0, 0, ZeroHash);
 * await poll();
 * ```
 */
export async function inProcessGrantReader({
  provider,
  accessGrants,
  fromBlock,
}: {
  provider: Provider;
  accessGrants: string;
  fromBlock: bigint;
}): Promise<{ reader: GrantReader; poll: () => Promise<void> }> {
  const reader = new GrantReader({
    chains: [{ chainId: IN_PROCESS_CHAIN_ID, provider, accessGrants, confirmations: 0n, fromBlock, pageSize: 1000n }],
    store: new MemoryGrantViewStore(),
  });
  const poll = async (): Promise<void> => {
    for (const outcome of await reader.pollAll()) if ("error" in outcome) throw outcome.error;
  };
  await poll();
  return { reader, poll };
}
