/**
 * What a command that talks to a network opens: the network file, the chain, the wallet, and the wait for the
 * nodes after each chain write. `close()` releases the provider so the process can exit.
 */
import { isError, type Wallet } from "ethers";

import { CliError } from "../errors.ts";
import type { IdemNetwork } from "../network/network-file.ts";
import type { GlobalOptions } from "../global-options.ts";
import { connectChain, type Chain } from "./chain.ts";
import { loadNetwork } from "./network.ts";
import { waitForNodes } from "./wait-for-nodes.ts";
import { loadWallet } from "./wallet.ts";

/**
 * An open network session.
 *
 * @example
 * ```ts
 * const session = await openSession({ globals, env: process.env });
 * try { await grant({ accessGrants: session.chain.accessGrants.connect(session.wallet), ... }); } finally { session.close(); }
 * ```
 */
export type Session = {
  network: IdemNetwork;
  chain: Chain;
  wallet: Wallet;
  nodeUrls: string[];
  /** Waits until the reachable nodes have indexed the transaction's block. */
  afterChainWrite(write: { hash: string }): Promise<void>;
  close(): void;
};

/**
 * Reads the network file, connects to its chain and loads the wallet (the wallet first: a missing key fails
 * before any network traffic).
 *
 * @throws `CliError` for a missing wallet or network file.
 * @example
 * ```ts
 * const session = await openSession({ globals: { network: "net.json" }, env: process.env });
 * ```
 */
export async function openSession({
  globals,
  env,
}: {
  globals: GlobalOptions;
  env: NodeJS.ProcessEnv;
}): Promise<Session> {
  const unconnected = await loadWallet({ keystore: globals.keystore, env });
  const network = loadNetwork({ network: globals.network, env });
  const chain = connectChain(network);
  const nodeUrls = network.nodes.map((node) => node.url);
  return {
    network,
    chain,
    wallet: unconnected.connect(chain.provider),
    nodeUrls,
    afterChainWrite: ({ hash }) => waitForNodes({ provider: chain.provider, nodeUrls, chainId: chain.chainId, hash }),
    close: () => chain.provider.destroy(),
  };
}

/**
 * Runs `body` with an open session and closes it after, however `body` ends.
 *
 * @example
 * ```ts
 * await withSession({ globals, env }, async (session) => output.result({ block: await session.chain.provider.getBlockNumber() }, "…"));
 * ```
 */
export async function withSession<T>(
  { globals, env }: { globals: GlobalOptions; env: NodeJS.ProcessEnv },
  body: (session: Session) => Promise<T>,
): Promise<T> {
  const session = await openSession({ globals, env });
  try {
    return await body(session);
  } catch (error) {
    throw chainUnreachable(error) ? unreachable(session.network.rpcUrl, error) : error;
  } finally {
    session.close();
  }
}

/** Socket errors reach a command raw only from the chain's provider: the SDK wraps every node request's. */
const SOCKET_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT"]);

function chainUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    (typeof code === "string" && SOCKET_ERRORS.has(code)) ||
    isError(error, "NETWORK_ERROR") ||
    isError(error, "TIMEOUT")
  );
}

function unreachable(rpcUrl: string, cause: unknown): CliError {
  return new CliError(`The chain at ${rpcUrl} cannot be reached.`, {
    hint: "is the network running? `idem status` shows what is up",
    cause,
  });
}
