/**
 * Peers from NodeRegistry: at start and then every `refreshMs`, the active nodes are read again and every one this
 * node is not connected to (itself excepted) is dialed, so a node registered later is found at the next refresh. A
 * registry that cannot be read, or a node that cannot be reached, is logged and tried again at the next refresh:
 * neither ever stops the node. With `hangUpOthers`, a refresh also closes the connections of peers that are no longer
 * Active (paused, retired): the connection gate keeps them from connecting again.
 */
import type { Libp2p } from "@libp2p/interface";
import type { Logger } from "pino";

import type { Network } from "./network.ts";
import type { RegistryNode, RegistryView } from "./registry-view.ts";

/** How long one registry node's dial (all its addresses) may take in a refresh. */
export const REGISTRY_DIAL_TIMEOUT_MS = 5_000;

/** The part of a network node registry peering uses. */
export type RegistryPeersNetwork = Pick<Network, "peerId" | "dial"> & {
  helia: { libp2p: Pick<Libp2p, "getPeers" | "hangUp"> };
};

/**
 * Running registry peering.
 *
 * @example
 * ```ts
 * const registryPeers = await startRegistryPeers({ network, view, refreshMs: 60_000, logger });
 * await registryPeers.stop();
 * ```
 */
export type RegistryPeers = {
  /** Stops the refresh timer and waits for a refresh under way. */
  stop: () => Promise<void>;
};

/**
 * Reads the registry and dials its active nodes once (resolves when that is done, whatever the outcome), then
 * again every `refreshMs`.
 *
 * @example
 * ```ts
 * const view = createRegistryView({ read: reader.read });
 * const registryPeers = await startRegistryPeers({ network, view, refreshMs: config.p2p.registryRefreshMs, logger });
 * ```
 */
export async function startRegistryPeers({
  network,
  view,
  refreshMs,
  hangUpOthers = false,
  logger,
}: {
  network: RegistryPeersNetwork;
  view: RegistryView;
  refreshMs: number;
  /** Close, at each refresh, the connections of peers not Active in the registry (`p2p.requireRegisteredPeers`). */
  hangUpOthers?: boolean;
  logger: Logger;
}): Promise<RegistryPeers> {
  const self = network.peerId.toString();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const round = async (): Promise<void> => {
    let nodes: readonly RegistryNode[];
    try {
      nodes = await view.refresh();
    } catch (error) {
      logger.warn({ err: error, retryInMs: refreshMs }, "NodeRegistry could not be read");
      return;
    }
    const peers = network.helia.libp2p.getPeers();
    if (hangUpOthers) {
      const active = new Set(nodes.map((node) => node.peerId));
      await Promise.all(
        peers
          .filter((peer) => !active.has(peer.toString()))
          .map(async (peer) => {
            await network.helia.libp2p.hangUp(peer).catch(() => undefined);
            logger.info({ peerId: peer.toString() }, "peer no longer active in NodeRegistry: disconnected");
          }),
      );
    }
    const connected = new Set(peers.map((peer) => peer.toString()));
    await Promise.all(
      nodes
        .filter((node) => node.peerId !== self && !connected.has(node.peerId))
        .map((node) => dialNode({ network, node, logger })),
    );
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(schedule);
    }, refreshMs);
  };

  running = round();
  await running;
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Tries the node's addresses one after another until one connects; a node that cannot be reached is logged. */
async function dialNode({
  network,
  node,
  logger,
}: {
  network: RegistryPeersNetwork;
  node: RegistryNode;
  logger: Logger;
}): Promise<void> {
  const signal = AbortSignal.timeout(REGISTRY_DIAL_TIMEOUT_MS);
  let lastError: unknown;
  for (const address of node.multiaddrs) {
    const full = /\/p2p\/[^/]+$/.test(address) ? address : `${address}/p2p/${node.peerId}`;
    try {
      await network.dial(full, { signal });
      logger.info({ node: node.node, peerId: node.peerId, address: full }, "registry peer connected");
      return;
    } catch (error) {
      lastError = error;
      if (signal.aborted) break;
    }
  }
  logger.warn({ node: node.node, peerId: node.peerId, err: lastError }, "registry peer dial failed");
}
