/**
 * The SDK's role facades bound to a session: the wallet's derived encryption key, SIWE sessions on the network's
 * nodes (unless the command only writes to the chain), and the wait for the nodes after each chain write.
 */
import type { Wallet } from "ethers";

import { Consumer, User, signIn, type NodeSession, type RoleContext } from "../../../sdk/src/index.ts";
import type { EncryptionKeyPair } from "../../../sdk/src/index.ts";
import type { Output } from "../output.ts";
import { describeError } from "../report-error.ts";
import { deriveEncryptionKey } from "./encryption-key.ts";
import type { Session } from "./session.ts";

/**
 * What {@link connectUser} and {@link connectConsumer} take.
 *
 * @example
 * ```ts
 * const parameters: ConnectRoleParameters = { session, output, signIn: false };
 * ```
 */
export type ConnectRoleParameters = {
  session: Session;
  output: Output;
  /** Sign in to the nodes (default true); a command that only writes to the chain skips it. */
  signIn?: boolean;
};

/**
 * The data owner's facade for the session's wallet.
 *
 * @example
 * ```ts
 * const user = await connectUser({ session, output });
 * await user.grant({ grantee, dataId });
 * ```
 */
export async function connectUser(parameters: ConnectRoleParameters): Promise<User> {
  return new User(await roleContext(parameters));
}

/**
 * The consumer's facade for the session's wallet.
 *
 * @example
 * ```ts
 * const consumer = await connectConsumer({ session, output });
 * const { bytes } = await consumer.read({ dataId });
 * ```
 */
export async function connectConsumer(parameters: ConnectRoleParameters): Promise<Consumer> {
  return new Consumer(await roleContext(parameters));
}

async function roleContext({
  session,
  output,
  signIn = true,
}: ConnectRoleParameters): Promise<{ context: RoleContext; keyPair: EncryptionKeyPair }> {
  const { chain, wallet, nodeUrls } = session;
  const keyPair = await deriveEncryptionKey({ wallet, chain });
  if (signIn) output.progress(`signing in to ${nodeUrls.length} node(s) as ${wallet.address}…`);
  const sessions = signIn ? await signInReachable({ nodeUrls, wallet, chainId: chain.chainId, output }) : [];
  return {
    keyPair,
    context: {
      accessGrants: chain.accessGrants,
      keyRegistry: chain.keyRegistry,
      chainId: chain.chainId,
      signer: wallet,
      sessions,
      afterChainWrite: session.afterChainWrite,
    },
  };
}

/**
 * Signs in to every node that answers; a node that does not is reported and left out (a write still needs its
 * quorum of the rest, a read one node).
 *
 * @throws the first node's error when none answers.
 * @example
 * ```ts
 * const sessions = await signInReachable({ nodeUrls, wallet, chainId: 31337n, output });
 * ```
 */
export async function signInReachable({
  nodeUrls,
  wallet,
  chainId,
  output,
}: {
  nodeUrls: readonly string[];
  wallet: Wallet;
  chainId: bigint;
  output: Output;
}): Promise<NodeSession[]> {
  const settled = await Promise.allSettled(nodeUrls.map((nodeUrl) => signIn({ nodeUrl, signer: wallet, chainId })));
  const sessions: NodeSession[] = [];
  for (const outcome of settled) {
    if (outcome.status === "fulfilled") sessions.push(outcome.value);
    else output.progress(`skipping a node: ${describeError(outcome.reason)}`);
  }
  if (sessions.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
  return sessions;
}
