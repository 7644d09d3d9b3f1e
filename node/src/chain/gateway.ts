/**
 * The {@link ChainGateway} over ethers providers, one per configured chain.
 */
import { Contract, JsonRpcProvider, ZeroHash, getBytes, isError } from "ethers";
import type { Provider } from "ethers";

import type { ChainConfig } from "../config/schema.ts";
import { ChainUnavailableError } from "../errors.ts";
import type { ChainGateway } from "./types.ts";

/** ERC-1271's magic value: `bytes4(keccak256("isValidSignature(bytes32,bytes)"))`. */
export const ERC1271_MAGIC_VALUE = "0x1626ba7e";

const ERC1271_ABI = ["function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)"];

const KEY_REGISTRY_ABI = ["function encryptionKeyOf(address account) view returns (bytes32 publicKey)"];

/**
 * A gateway over the given providers, keyed by chain id. `keyRegistries` gives each chain's KeyRegistry address
 * (for `encryptionKeyOf`); a chain without one answers `encryptionKeyOf` with {@link ChainUnavailableError}.
 *
 * @example
 * ```ts
 * const { ethers } = await network.getOrCreate();
 * const gateway = createChainGateway({
 *   providers: new Map([[31337, ethers.provider]]),
 *   keyRegistries: new Map([[31337, await keyRegistry.getAddress()]]),
 * });
 * ```
 */
export function createChainGateway({
  providers,
  keyRegistries = new Map(),
}: {
  providers: ReadonlyMap<number, Provider>;
  keyRegistries?: ReadonlyMap<number, string>;
}): ChainGateway {
  const providerFor = (chainId: number): Provider => {
    const provider = providers.get(chainId);
    if (provider === undefined) throw new ChainUnavailableError({ chainId, details: "not a configured chain" });
    return provider;
  };
  const unavailable = (chainId: number, cause: unknown): ChainUnavailableError =>
    new ChainUnavailableError({ chainId, details: "the RPC call failed", cause });

  return {
    hasChain: (chainId) => providers.has(chainId),
    async getChainId(chainId) {
      const provider = providerFor(chainId);
      try {
        const network = await provider.getNetwork();
        return Number(network.chainId);
      } catch (cause) {
        throw unavailable(chainId, cause);
      }
    },
    async hasCode({ chainId, address }) {
      const provider = providerFor(chainId);
      try {
        return (await provider.getCode(address)) !== "0x";
      } catch (cause) {
        throw unavailable(chainId, cause);
      }
    },
    async isValidSignature({ chainId, address, hash, signature }) {
      const provider = providerFor(chainId);
      const account = new Contract(address, ERC1271_ABI, provider);
      try {
        const result: unknown = await account.getFunction("isValidSignature").staticCall(hash, signature);
        return typeof result === "string" && result.toLowerCase() === ERC1271_MAGIC_VALUE;
      } catch (cause) {
        // The account answered, with a revert or bytes that are not a bytes4: the signature is not valid.
        if (isError(cause, "CALL_EXCEPTION") || isError(cause, "BAD_DATA")) return false;
        throw unavailable(chainId, cause);
      }
    },
    async encryptionKeyOf(chainId, address) {
      const provider = providerFor(chainId);
      const registry = keyRegistries.get(chainId);
      if (registry === undefined) {
        throw new ChainUnavailableError({ chainId, details: "no KeyRegistry configured for the chain" });
      }
      const contract = new Contract(registry, KEY_REGISTRY_ABI, provider);
      let stored: unknown;
      try {
        stored = await contract.getFunction("encryptionKeyOf").staticCall(address);
      } catch (cause) {
        throw unavailable(chainId, cause);
      }
      if (typeof stored !== "string") throw unavailable(chainId, new Error("encryptionKeyOf answered no bytes32"));
      // The registry answers zero for an account without a key.
      return stored === ZeroHash ? undefined : getBytes(stored);
    },
  };
}

/**
 * A gateway with one `JsonRpcProvider` per configured chain. Providers are static (no network detection at
 * construction), so building the gateway makes no request.
 *
 * @example
 * ```ts
 * const gateway = chainGatewayFromConfig({ chains: config.chains });
 * ```
 */
export function chainGatewayFromConfig({ chains }: { chains: readonly ChainConfig[] }): {
  gateway: ChainGateway;
  destroy(): void;
} {
  const providers = new Map<number, JsonRpcProvider>(
    chains.map((chain) => [chain.chainId, new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true })]),
  );
  const keyRegistries = new Map(chains.map((chain) => [chain.chainId, chain.keyRegistry]));
  return {
    gateway: createChainGateway({ providers, keyRegistries }),
    destroy() {
      for (const provider of providers.values()) provider.destroy();
    },
  };
}
