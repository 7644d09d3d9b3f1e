/**
 * Shared helpers of the chain reader tests: a provider wrapper that counts and fails RPC calls, and a config
 * builder. The tests themselves deploy `AccessGrants` on Hardhat's in-process chain.
 */
import { id, type Provider } from "ethers";

import type { ChainConfig } from "../../../sdk/src/chain/follower.ts";

/** A dataId as the SDK would pick it (random in production, deterministic here so failures reproduce). */
export function chainDataId(label: string): string {
  return id(`idem:test:chain:${label}`);
}

/** RPC calls seen by a {@link countingProvider}, by method name. */
export type CallCounts = Record<string, number>;

/**
 * Wraps `provider` so every method call is counted in `counts`, and `failOn(method)` makes the next calls of
 * `method` throw (until `failOn(undefined)`).
 */
export function countingProvider(provider: Provider): {
  provider: Provider;
  counts: CallCounts;
  failOn: (method: string | undefined, after?: number) => void;
} {
  const counts: CallCounts = {};
  let failing: { method: string; after: number } | undefined;
  const wrapped = new Proxy(provider, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      return (...args: unknown[]) => {
        counts[property] = (counts[property] ?? 0) + 1;
        if (failing?.method === property) {
          if (failing.after <= 0) return Promise.reject(new Error(`injected ${property} failure`));
          failing.after -= 1;
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    provider: wrapped,
    counts,
    failOn: (method, after = 0) => {
      failing = method === undefined ? undefined : { method, after };
    },
  };
}

/** A follower config for a contract deployed at `fromBlock` on `provider`. */
export function chainConfig({
  chainId = 31337n,
  provider,
  accessGrants,
  fromBlock,
  confirmations = 0n,
  pageSize = 1000n,
}: Partial<ChainConfig> & Pick<ChainConfig, "provider" | "accessGrants" | "fromBlock">): ChainConfig {
  return { chainId, provider, accessGrants, fromBlock, confirmations, pageSize };
}
