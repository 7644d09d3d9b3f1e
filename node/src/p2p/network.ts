/**
 * The node's place in the PRIVATE Idem network: a Helia node with an on-disk blockstore and a libp2p built closed.
 *
 * Closed means: transports, security and services are listed here one by one and nothing else is added. No
 * bootstrap list, no mDNS, no DHT, no delegated routing, no HTTP gateway block broker, no autonat/UPnP/relay. Peers
 * are dialed explicitly (their addresses come from NodeRegistry), every connection goes through the pre-shared key
 * (pnet), and blocks move only over bitswap between connected Idem nodes. Nothing is announced to the public IPFS
 * network: Helia's only router is `closedRouting()`, which finds and provides nothing. `createHelia` is not used: it
 * merges public defaults back in key by key.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";

import { withBitswap } from "@helia/bitswap";
import { withLibp2pLight } from "@helia/libp2p";
import type { HeliaWithLibp2p } from "@helia/libp2p";
import { gossipsub } from "@libp2p/gossipsub";
import type { GossipSub } from "@libp2p/gossipsub";
import { identify } from "@libp2p/identify";
import type { Identify } from "@libp2p/identify";
import type { ConnectionGater, PeerId, PrivateKey } from "@libp2p/interface";
import { noise } from "@libp2p/noise";
import { preSharedKey } from "@libp2p/pnet";
import { tcp } from "@libp2p/tcp";
import { yamux } from "@libp2p/yamux";
import { multiaddr } from "@multiformats/multiaddr";
import { FsDatastore } from "datastore-fs";
import { createHeliaLight } from "helia";

import { DurableFsBlockstore } from "../blocks/durable-fs-blockstore.ts";
import { closedRouting } from "./closed-routing.ts";
import { DialFailedError } from "./errors.ts";
import type { SyncPeerGate } from "./sync-protocol.ts";

/** The libp2p services an Idem node runs, and no others. Bitswap is a Helia block broker, not a service. */
export type NetworkServices = {
  identify: Identify;
  pubsub: GossipSub;
};

/** The Helia node of an Idem network node. */
export type IdemHelia = HeliaWithLibp2p<NetworkServices>;

/**
 * Time allowed to one address of a peer. A peer with another network key fails the pnet handshake, which can
 * otherwise hang for seconds.
 */
export const ADDRESS_DIAL_TIMEOUT_MS = 1_500;

/**
 * Options of {@link startNetwork}.
 *
 * @example
 * ```ts
 * const options: StartNetworkOptions = { dataDir, privateKey, psk, listen: ["/ip4/0.0.0.0/tcp/4001"] };
 * ```
 */
export type StartNetworkOptions = {
  /** Directory for `blocks/` (blockstore-fs layout, durable writes) and `datastore/` (datastore-fs: peer store, Helia's own records). */
  dataDir: string;
  /** The node's persisted libp2p key (see `loadOrCreatePeerKey`): gives a stable peer id. */
  privateKey: PrivateKey;
  /** The network's 95-byte pre-shared key (see `loadOrCreateNetworkKey`). */
  psk: Uint8Array;
  /** Listen multiaddrs; loopback with an OS-chosen port unless given. */
  listen?: string[];
  /**
   * Which peers this node connects with at all (e.g. those active in NodeRegistry), checked for every connection
   * in either direction once the peer has proved its id, and again by the sync protocol on each request (a peer
   * retired while connected is refused there); every peer holding the network key unless given.
   */
  allowSync?: SyncPeerGate | undefined;
};

/**
 * A started network node.
 *
 * @example
 * ```ts
 * const network = await startNetwork({ dataDir, privateKey, psk });
 * await network.dial(peerAddress);
 * await network.stop();
 * ```
 */
export type Network = {
  /** The Helia node (blockstore, bitswap) and its libp2p (`helia.libp2p`). */
  helia: IdemHelia;
  /** This node's peer id. */
  peerId: PeerId;
  /** The addresses this node listens on, each ending in `/p2p/<peerId>`, ready for another node's `dial`. */
  multiaddrs: () => string[];
  /**
   * Connects to a peer at a multiaddr with its `/p2p/<peerId>` suffix; resolves to the peer's id.
   *
   * @throws {DialFailedError} when the peer is unreachable, on another network key, or too slow.
   */
  dial: (address: string, options?: { signal?: AbortSignal }) => Promise<PeerId>;
  /** Stops libp2p and Helia and closes the stores. Always call it: a running node keeps the process alive. */
  stop: () => Promise<void>;
  /** Which peers the sync protocol answers (see `handleSync`); every connected peer when undefined. */
  allowSync: SyncPeerGate | undefined;
};

/**
 * Starts a node of the private Idem network: Helia with an on-disk blockstore and datastore, libp2p with
 * tcp + noise + yamux + pnet, and only identify, gossipsub and bitswap on top.
 *
 * @example
 * ```ts
 * const privateKey = await loadOrCreatePeerKey({ path: join(dataDir, "libp2p.key") });
 * const psk = await loadOrCreateNetworkKey({ path: join(dataDir, "swarm.key") });
 * const network = await startNetwork({ dataDir, privateKey, psk });
 * console.log(network.multiaddrs());
 * ```
 */
export async function startNetwork({
  dataDir,
  privateKey,
  psk,
  listen = ["/ip4/127.0.0.1/tcp/0"],
  allowSync,
}: StartNetworkOptions): Promise<Network> {
  await mkdir(dataDir, { recursive: true });
  // Durable puts: a block is fsynced (file and directory) before Helia, and so the node, acknowledges it.
  const blockstore = new DurableFsBlockstore(join(dataDir, "blocks"));
  const datastore = new FsDatastore(join(dataDir, "datastore"));
  await blockstore.open();
  await datastore.open();

  const helia = withBitswap(
    withLibp2pLight(createHeliaLight({ blockstore, datastore, routers: [closedRouting()] }), {
      privateKey,
      addresses: { listen },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionProtector: preSharedKey({ psk }),
      peerDiscovery: [],
      connectionManager: { addressDialTimeout: ADDRESS_DIAL_TIMEOUT_MS },
      ...(allowSync === undefined ? {} : { connectionGater: peerGate(allowSync) }),
      services: {
        identify: identify(),
        // Refuse to publish to nobody: the caller learns the announcement went nowhere (see announcements.ts).
        pubsub: gossipsub({ allowPublishToZeroTopicPeers: false, emitSelf: false }),
      },
    }),
  ) as IdemHelia;

  try {
    await helia.start();
  } catch (error) {
    await helia.stop().catch(() => undefined);
    await Promise.allSettled([blockstore.close(), datastore.close()]);
    throw error;
  }
  const { libp2p } = helia;

  return {
    helia,
    peerId: libp2p.peerId,
    allowSync,
    multiaddrs: () => libp2p.getMultiaddrs().map((address) => address.toString()),
    async dial(address, { signal } = {}) {
      try {
        const connection = await libp2p.dial(multiaddr(address), { signal });
        return connection.remotePeer;
      } catch (cause) {
        throw new DialFailedError({ address, cause });
      }
    },
    async stop() {
      await helia.stop();
      await Promise.allSettled([blockstore.close(), datastore.close()]);
    },
  };
}

/** A connection gate that lets only `allow`ed peers connect, inbound or outbound (bitswap and gossipsub included). */
function peerGate(allow: SyncPeerGate): ConnectionGater {
  const deny = async (peerId: PeerId): Promise<boolean> => !(await allow(peerId));
  return { denyInboundEncryptedConnection: deny, denyOutboundEncryptedConnection: deny };
}
