/**
 * Fixture of the replication tests: AccessGrants and KeyRegistry on Hardhat's in-process chain, and several Idem
 * nodes in this process, each with its own real SQLite store, its own Helia node (on disk, one private libp2p
 * network: a shared pre-shared key), its own GrantReader over a MemoryGrantViewStore (polled by the test after
 * chain changes), a node app, and replication started on it. A node can be stopped and started again on the same
 * directories (same peer id, same store).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { ZeroHash, getBytes, hexlify, randomBytes } from "ethers";
import { network } from "hardhat";
import { peerIdFromString } from "@libp2p/peer-id";

import { createHeliaBlockStore } from "../../../node/src/blocks/helia-block-store.ts";
import type { BlockStore } from "../../../node/src/blocks/block-store.ts";
import { createChainGateway } from "../../../node/src/chain/gateway.ts";
import { systemClock } from "../../../node/src/clock.ts";
import { buildApp } from "../../../node/src/http/app.ts";
import type { App } from "../../../node/src/http/types.ts";
import { createLogger } from "../../../node/src/logging/logger.ts";
import { loadOrCreatePeerKey } from "../../../node/src/p2p/identity.ts";
import { generateNetworkKey } from "../../../node/src/p2p/network-key.ts";
import { startNetwork } from "../../../node/src/p2p/network.ts";
import type { Network } from "../../../node/src/p2p/network.ts";
import { requestSync } from "../../../node/src/p2p/sync-protocol.ts";
import type { RecordsDependencies } from "../../../node/src/records/dependencies.ts";
import { grantAccessFromReader } from "../../../node/src/records/grant-access.ts";
import type { ReplicatedRecord } from "../../../node/src/replication/message.ts";
import { toWire } from "../../../node/src/replication/message.ts";
import { startReplication } from "../../../node/src/replication/replicator.ts";
import type { Replication } from "../../../node/src/replication/replicator.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";
import { GrantReader } from "../../../sdk/src/chain/grant-reader.ts";
import { MemoryGrantViewStore } from "../../../sdk/src/chain/memory-store.ts";
import { utf8 } from "../../../sdk/src/crypto/bytes.ts";
import { encodeEnvelope, encodeReaderSlot } from "../../../sdk/src/crypto/encode.ts";
import { seal } from "../../../sdk/src/crypto/seal.ts";
import { signStoreRecord } from "../../../sdk/src/storage/sign-store-record.ts";
import { HARDHAT_CHAIN_ID, testConfig } from "../helpers/config.ts";
import { signIn } from "../helpers/siwe.ts";
import { deployDataContracts } from "../../helpers/data-contracts.ts";

/** One running test node. */
export type ReplicaNode = {
  name: string;
  dir: string;
  store: Store;
  network: Network;
  blockStore: BlockStore;
  reader: GrantReader;
  deps: RecordsDependencies;
  replication: Replication;
  app: App;
  /** Brings the node's grant view up to the chain's head. */
  poll: () => Promise<void>;
  /** A bearer header for `signer` on this node (signs in once). */
  auth: (signer: Parameters<typeof signIn>[1] & { address: string }) => Promise<{
    authorization: string;
  }>;
  /** Stops the app, replication, network and store (the directory stays). */
  stop: () => Promise<void>;
};

/** Everything a replication test uses. */
export type ReplicationFixture = Awaited<ReturnType<typeof replicationFixture>>;

/** Deploys the contracts and registers the grantee's key; nodes are started with `startNode`. */
export async function replicationFixture() {
  const { ethers } = await network.getOrCreate();
  const [owner, grantee, stranger] = await ethers.getSigners();
  if (owner === undefined || grantee === undefined || stranger === undefined) {
    throw new Error("Hardhat gave fewer than three accounts");
  }
  const {
    accessGrants,
    keyRegistry,
    fromBlock,
    ownerKey,
    readerKeys: [granteeKey],
  } = await deployDataContracts({ ethers, readers: [grantee] });
  const chain = createChainGateway({
    providers: new Map([[HARDHAT_CHAIN_ID, ethers.provider]]),
    keyRegistries: new Map([[HARDHAT_CHAIN_ID, await keyRegistry.getAddress()]]),
  });
  const psk = generateNetworkKey();
  const root = mkdtempSync(join(tmpdir(), "idem-replication-"));
  const running = new Set<ReplicaNode>();

  /** Starts (or restarts, on the same directory) the node `name`; it dials `peers` and catches up once. */
  const startNode = async (name: string, { peers = [] as ReplicaNode[] } = {}): Promise<ReplicaNode> => {
    const dir = join(root, name);
    const config = testConfig({ dir });
    const store = openStore({ dataDir: config.dataDir });
    const net = await startNetwork({
      dataDir: join(config.dataDir, "ipfs"),
      privateKey: await loadOrCreatePeerKey({ path: join(dir, "libp2p.key") }),
      psk,
    });
    const blockStore = createHeliaBlockStore({ helia: net.helia, defaultTimeoutMs: 2_000 });
    const reader = new GrantReader({
      chains: [
        {
          chainId: BigInt(HARDHAT_CHAIN_ID),
          provider: ethers.provider,
          accessGrants: await accessGrants.getAddress(),
          confirmations: 0n,
          fromBlock,
          pageSize: 1000n,
        },
      ],
      store: new MemoryGrantViewStore(),
    });
    const poll = async (): Promise<void> => {
      for (const outcome of await reader.pollAll()) if ("error" in outcome) throw outcome.error;
    };
    await poll();
    const deps: RecordsDependencies = {
      store,
      blockStore,
      grants: grantAccessFromReader(reader),
      chain,
      clock: systemClock,
      nodeId: hexlify(randomBytes(20)),
    };
    const logger = createLogger({ level: "silent" });
    const replication = await startReplication({ network: net, deps, logger, blockTimeoutMs: 3_000 });
    for (const peer of peers) await net.dial(peer.network.multiaddrs()[0]!);
    await replication.catchUp();
    const app = await buildApp({
      config,
      logger,
      store,
      chain,
      blockStore,
      grants: deps.grants,
      nodeId: deps.nodeId,
      onStored: replication.onStored,
    });
    const tokens = new Map<string, string>();
    const node: ReplicaNode = {
      name,
      dir,
      store,
      network: net,
      blockStore,
      reader,
      deps,
      replication,
      app,
      poll,
      async auth(signer) {
        let token = tokens.get(signer.address);
        if (token === undefined) {
          const { response } = await signIn(app, signer);
          if (response.statusCode !== 201) throw new Error(`sign-in: ${response.body}`);
          token = (response.json() as { token: string }).token;
          tokens.set(signer.address, token);
        }
        return { authorization: `Bearer ${token}` };
      },
      async stop() {
        running.delete(node);
        await app.close();
        await replication.stop();
        await net.stop();
        store.close();
      },
    };
    running.add(node);
    return node;
  };

  /** A fresh dataId anchored to the owner (nodes' views are not polled here). */
  const anchor = async (): Promise<string> => {
    const dataId = hexlify(randomBytes(32));
    await (await accessGrants.connect(owner).getFunction("anchorData")(dataId, ZeroHash)).wait();
    return dataId;
  };

  /** A signed PUT body for `dataId`: an envelope sealed by the owner, with a slot for the grantee. */
  const putBody = async (
    dataId: string,
    payload: string,
    { signer = owner, writtenAt = BigInt(Date.now()) }: { signer?: typeof owner; writtenAt?: bigint } = {},
  ) => {
    const envelope = seal({
      payload: utf8(payload),
      chainId: BigInt(HARDHAT_CHAIN_ID),
      dataId: getBytes(dataId),
      owners: [ownerKey],
      readers: [granteeKey.publicKey],
    });
    const bare = encodeEnvelope({ envelope: { ...envelope, readerSlots: [] } });
    const readers = envelope.readerSlots.map((slot) => ({
      grantee: grantee.address,
      slot: encodeReaderSlot({ slot }),
    }));
    const writer = await signStoreRecord({
      signer,
      chainId: BigInt(HARDHAT_CHAIN_ID),
      dataId,
      envelope: bare,
      readers,
      writtenAt,
    });
    return {
      bare,
      readers,
      body: {
        envelope: Buffer.from(bare).toString("base64"),
        readers: readers.map(({ grantee: address, slot }) => ({
          grantee: address,
          slot: Buffer.from(slot).toString("base64"),
        })),
        writer,
      },
    };
  };

  /** PUTs `body` on `node` as `signer` (the owner by default). */
  const put = async (node: ReplicaNode, dataId: string, body: unknown, signer = owner) =>
    node.app.inject({
      method: "PUT",
      url: `/v1/data/${HARDHAT_CHAIN_ID}/${dataId}`,
      headers: await node.auth(signer),
      payload: body as Record<string, unknown>,
    });

  /** Pushes `message` from `from` to `to` over the sync protocol, as a (possibly lying) peer would. */
  const push = async (from: ReplicaNode, to: ReplicaNode, message: ReplicatedRecord) => {
    const bytes = await requestSync(
      from.network,
      peerIdFromString(to.network.peerId.toString()),
      new TextEncoder().encode(JSON.stringify({ op: "push", record: toWire(message) })),
    );
    return JSON.parse(new TextDecoder().decode(bytes)) as { status: string; code?: string };
  };

  return {
    ethers,
    accessGrants,
    owner,
    grantee,
    stranger,
    ownerKey,
    granteeKey,
    startNode,
    anchor,
    putBody,
    put,
    push,
    async close() {
      for (const node of [...running]) await node.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
