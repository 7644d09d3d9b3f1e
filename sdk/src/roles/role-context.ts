import type { Signer } from "ethers";

import type { AccessGrants, KeyRegistry } from "../../../types/ethers-contracts/index.js";
import type { NodeSession } from "../storage/node-session.ts";
import { signIn } from "../storage/sign-in.ts";

/**
 * What every role facade is bound to: the contracts, the chain, the role's own signer, its sessions on the storage
 * nodes, and how long to wait for the nodes to see a chain write.
 *
 * The facades connect `accessGrants` and `keyRegistry` to `signer` themselves, so any runner will do.
 *
 * @example
 * ```ts
 * const context: RoleContext = { accessGrants, keyRegistry, chainId: 31337n, signer, sessions };
 * ```
 */
export type RoleContext = {
  accessGrants: AccessGrants;
  keyRegistry: KeyRegistry;
  chainId: bigint;
  /** The role's wallet: sends its transactions, signs its EIP-712 messages and its SIWE sign-ins. */
  signer: Signer;
  /** The role's sessions on the storage nodes (see {@link signInAll}); empty for a role that never calls a node. */
  sessions: readonly NodeSession[];
  /** Nodes that must acknowledge a write (default: the storage client's `DEFAULT_WRITE_QUORUM`, 2). */
  quorum?: number;
  /** Block confirmations each transaction waits for (default 1). */
  confirmations?: number;
  /**
   * Awaited after each chain write, before the facade (or its caller) talks to the nodes again. Nodes act on a
   * confirmed view of the chain, so a write they have not indexed yet is refused (`DATA_NOT_ANCHORED`,
   * `NOT_GRANTED`). Default: return at once. In a test, poll the nodes' grant reader; in an app, wait for the
   * confirmation depth the nodes use.
   */
  afterChainWrite?: (write: { hash: string }) => Promise<void>;
};

/**
 * What a facade's static `connect` takes: a {@link RoleContext} with node URLs in place of sessions.
 *
 * @example
 * ```ts
 * const user = await User.connect({ accessGrants, keyRegistry, chainId, signer, nodeUrls, keyPair });
 * ```
 */
export type ConnectParameters = Omit<RoleContext, "sessions"> & { nodeUrls: readonly string[] };

/**
 * Signs `signer` in (SIWE) to each node, in order, and returns the sessions.
 *
 * @example
 * ```ts
 * const sessions = await signInAll({ nodeUrls: ["https://node-a.example"], signer, chainId: 1n });
 * ```
 */
export function signInAll({
  nodeUrls,
  signer,
  chainId,
}: {
  nodeUrls: readonly string[];
  signer: Signer;
  chainId: bigint;
}): Promise<NodeSession[]> {
  return Promise.all(nodeUrls.map((nodeUrl) => signIn({ nodeUrl, signer, chainId })));
}

/**
 * A {@link RoleContext} from {@link ConnectParameters}: signs in to the nodes.
 *
 * @example
 * ```ts
 * const context = await connectContext({ accessGrants, keyRegistry, chainId, signer, nodeUrls });
 * ```
 */
export async function connectContext({ nodeUrls, ...rest }: ConnectParameters): Promise<RoleContext> {
  return { ...rest, sessions: await signInAll({ nodeUrls, signer: rest.signer, chainId: rest.chainId }) };
}

/**
 * The block time of the chain's latest block plus `seconds`: a signature deadline that does not depend on the
 * local clock (a test chain may be years ahead).
 *
 * @example
 * ```ts
 * const deadline = await chainTimePlus({ signer, seconds: 3600n });
 * ```
 */
export async function chainTimePlus({ signer, seconds }: { signer: Signer; seconds: bigint }): Promise<bigint> {
  const block = await signer.provider?.getBlock("latest");
  const now = block === null || block === undefined ? BigInt(Math.floor(Date.now() / 1000)) : BigInt(block.timestamp);
  return now + seconds;
}
