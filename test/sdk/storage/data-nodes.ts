/**
 * Data-client test fixture: AccessGrants and KeyRegistry on Hardhat's in-process chain, the SDK's GrantReader over
 * a MemoryGrantViewStore (polled by the test after each chain change), and real data nodes listening on 127.0.0.1,
 * each with its own temp directory, SQLite store and Helia block store (on disk, private libp2p, no peers). The
 * approach is that of `test/node/http/routes/v1/data/fixture.ts`; `buildApp` is always given `blockStore`,
 * `grants` and `nodeId`.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { ZeroHash, hexlify, randomBytes } from "ethers";
import type { Signer } from "ethers";
import { network } from "hardhat";

import { createHeliaBlockStore } from "../../../node/src/blocks/helia-block-store.ts";
import { createChainGateway } from "../../../node/src/chain/gateway.ts";
import { buildApp } from "../../../node/src/http/app.ts";
import type { App } from "../../../node/src/http/types.ts";
import { createLogger } from "../../../node/src/logging/logger.ts";
import { loadOrCreatePeerKey } from "../../../node/src/p2p/identity.ts";
import { generateNetworkKey } from "../../../node/src/p2p/network-key.ts";
import { startNetwork } from "../../../node/src/p2p/network.ts";
import { grantAccessFromReader } from "../../../node/src/records/grant-access.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { NodeSession } from "../../../sdk/src/storage/node-session.ts";
import { signIn } from "../../../sdk/src/storage/sign-in.ts";
import { HARDHAT_CHAIN_ID, testConfig } from "../../node/helpers/config.ts";
import { inProcessGrantReader } from "../../helpers/grant-reader.ts";
import { deployDataContracts } from "../../helpers/data-contracts.ts";

// closedPort and startStandIn are local (not from ./helpers.ts) so this fixture does not load
// test/node/helpers/build.ts, whose signature is changing.

/** A port on 127.0.0.1 that nothing listens on (bound by the OS, then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

/**
 * A stand-in HTTP server on 127.0.0.1 (for behaviour a real node never shows, e.g. tampering); returns its URL, a
 * count of the requests it received, and a `close`.
 */
export async function startStandIn(
  handler: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>,
): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    Promise.resolve(handler(request, response)).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One running data node. */
export type DataNode = {
  url: string;
  nodeId: string;
  app: App;
  /** Stops the node (its port then refuses connections) and removes its directory; safe to call twice. */
  stop: () => Promise<void>;
};

/** Everything a data-client test uses. */
export type DataNodesFixture = Awaited<ReturnType<typeof dataNodesFixture>>;

/** Deploys the contracts, registers the grantee's key, and starts `count` data nodes. `close()` stops them all. */
export async function dataNodesFixture({ count = 3 }: { count?: number } = {}) {
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

  const { reader, poll } = await inProcessGrantReader({
    provider: ethers.provider,
    accessGrants: await accessGrants.getAddress(),
    fromBlock,
  });
  const chain = createChainGateway({
    providers: new Map([[HARDHAT_CHAIN_ID, ethers.provider]]),
    keyRegistries: new Map([[HARDHAT_CHAIN_ID, await keyRegistry.getAddress()]]),
  });

  /** Starts one data node whose public URL is the address it listens on (so SIWE binding matches). */
  const startDataNode = async (index: number): Promise<DataNode> => {
    const dir = mkdtempSync(join(tmpdir(), "idem-sdk-data-"));
    mkdirSync(join(dir, "data"), { recursive: true });
    const nodeId = `0x${(0xa0 + index).toString(16).padStart(40, "0")}`;
    const p2p = await startNetwork({
      dataDir: join(dir, "data", "ipfs"),
      privateKey: await loadOrCreatePeerKey({ path: join(dir, "data", "libp2p.key") }),
      psk: generateNetworkKey(),
    });
    const blockStore = createHeliaBlockStore({ helia: p2p.helia, defaultTimeoutMs: 1000 });
    for (let attempt = 1; ; attempt += 1) {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}`;
      const config = testConfig({ dir, http: { publicUrl: url, bodyLimit: 1024 * 1024 } });
      const store = openStore({ dataDir: config.dataDir });
      const app: App = await buildApp({
        config,
        store,
        chain,
        logger: createLogger({ level: "silent" }),
        blockStore,
        grants: grantAccessFromReader(reader),
        nodeId,
      });
      let stopped = false;
      const stop = async (): Promise<void> => {
        if (stopped) return;
        stopped = true;
        await app.close();
        await p2p.stop();
        store.close();
        rmSync(dir, { recursive: true, force: true });
      };
      try {
        await app.listen({ host: "127.0.0.1", port });
        return { url, nodeId, app, stop };
      } catch (error) {
        await app.close();
        store.close();
        if (attempt >= 3 || (error as { code?: string }).code !== "EADDRINUSE") {
          await p2p.stop();
          rmSync(dir, { recursive: true, force: true });
          throw error;
        }
      }
    }
  };
  const nodes: DataNode[] = [];
  for (let index = 0; index < count; index += 1) nodes.push(await startDataNode(index));

  /** Sessions of `signer` on `targets` (all nodes by default), in order. */
  const sessionsOf = (signer: Signer, targets: readonly DataNode[] = nodes): Promise<NodeSession[]> =>
    Promise.all(targets.map(({ url }) => signIn({ nodeUrl: url, signer, chainId: HARDHAT_CHAIN_ID })));

  /** A fresh dataId anchored to the owner (and indexed). */
  const anchored = async (): Promise<string> => {
    const dataId = hexlify(randomBytes(32));
    await (await accessGrants.connect(owner).getFunction("anchorData")(dataId, ZeroHash)).wait();
    await poll();
    return dataId;
  };

  /** Grants `dataId` to the grantee on-chain (and indexes it). */
  const grant = async (dataId: string): Promise<void> => {
    await (await accessGrants.connect(owner).getFunction("grant")(grantee.address, dataId, 0n, 0n, ZeroHash)).wait();
    await poll();
  };

  /** Revokes the grantee's grant on-chain (and indexes it). */
  const revoke = async (dataId: string): Promise<void> => {
    await (await accessGrants.connect(owner).getFunction("revoke")(grantee.address, dataId)).wait();
    await poll();
  };

  return {
    ethers,
    accessGrants,
    keyRegistry,
    owner,
    grantee,
    stranger,
    ownerKey,
    granteeKey,
    poll,
    nodes,
    startDataNode,
    sessionsOf,
    anchored,
    grant,
    revoke,
    async close() {
      for (const node of nodes) await node.stop();
    },
  };
}
