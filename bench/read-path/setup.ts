/**
 * Setup of the read-path benchmark: a real node app (real SQLite store with its production pragmas, real Helia
 * block store on disk with a private libp2p and no peers, the SDK's GrantReader over AccessGrants on Hardhat's
 * in-process chain) listening on 127.0.0.1, holding one ~2 KiB envelope granted to a grantee who has a session
 * token; and a bare fastify app on 127.0.0.1 that answers the same path with the exact same JSON body bytes, with
 * no auth, grant check or audit row.
 *
 * The approach is that of `test/node/http/routes/v1/data/fixture.ts` and `test/sdk/storage/data-nodes.ts`.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { ZeroHash, getBytes, hexlify, randomBytes } from "ethers";
import { network } from "hardhat";

import { createCachedBlockStore } from "../../node/src/blocks/cached-block-store.ts";
import { createHeliaBlockStore } from "../../node/src/blocks/helia-block-store.ts";
import type { BlockStore } from "../../node/src/blocks/block-store.ts";
import { createChainGateway } from "../../node/src/chain/gateway.ts";
import { buildApp } from "../../node/src/http/app.ts";
import type { App } from "../../node/src/http/types.ts";
import { createLogger } from "../../node/src/logging/logger.ts";
import { loadOrCreatePeerKey } from "../../node/src/p2p/identity.ts";
import { generateNetworkKey } from "../../node/src/p2p/network-key.ts";
import { startNetwork } from "../../node/src/p2p/network.ts";
import { grantAccessFromReader } from "../../node/src/records/grant-access.ts";
import type { GrantAccess } from "../../node/src/records/grant-access.ts";
import type { AuditBatcher } from "../../node/src/store/audit-batcher.ts";
import { createAuditWriter } from "../../node/src/store/audit-writer.ts";
import { openStore } from "../../node/src/store/store.ts";
import type { Store } from "../../node/src/store/store.ts";
import { encodeEnvelope, encodeReaderSlot } from "../../sdk/src/crypto/encode.ts";
import { seal } from "../../sdk/src/crypto/seal.ts";
import { signIn } from "../../sdk/src/storage/sign-in.ts";
import { signStoreRecord } from "../../sdk/src/storage/sign-store-record.ts";
import { HARDHAT_CHAIN_ID, testConfig } from "../../test/node/helpers/config.ts";
import { inProcessGrantReader } from "../../test/helpers/grant-reader.ts";
import { deployDataContracts } from "../../test/helpers/data-contracts.ts";

/** The node id the benchmark node writes into audit rows. */
export const BENCH_NODE_ID = "0x00000000000000000000000000000000000000be";

/** Target size of the stored envelope (bytes, as stored: zero reader slots), like a credential. */
export const ENVELOPE_BYTES = 2048;

/** Everything the benchmark drives. */
export type ReadPathSetup = {
  /** `http://127.0.0.1:<port>` of the node. */
  nodeUrl: string;
  /** `http://127.0.0.1:<port>` of the bare fastify app. */
  bareUrl: string;
  /** `/v1/data/31337/<dataId>`: the same path on both sides. */
  path: string;
  /** The grantee's `Authorization` header value (sent to both sides; the bare side ignores it). */
  authorization: string;
  /** The node's 200 body for the grantee, byte for byte; the bare side serves exactly these bytes. */
  body: Buffer;
  /** The node's `content-type` for that body (the bare side sends the same). */
  contentType: string;
  /** Size of the stored envelope in bytes. */
  envelopeBytes: number;
  chainId: number;
  dataId: string;
  owner: string;
  grantee: string;
  cid: string;
  /** The node's parts, for the profile. */
  parts: {
    app: App;
    bareApp: FastifyInstance;
    store: Store;
    blockStore: BlockStore;
    grants: GrantAccess;
    /** The node's audit writer (worker thread), as the app uses it. */
    auditBatcher: AuditBatcher;
    dataDir: string;
  };
  /** Stops both servers, the libp2p node, closes the store and removes the temp directory. */
  close: () => Promise<void>;
};

/** A port on 127.0.0.1 that nothing listens on (bound by the OS, then released). */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

/** The `http://127.0.0.1:<port>` a listening fastify app is at. */
function urlOf(app: FastifyInstance): string {
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("not listening");
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Builds both sides and checks that the node serves the grantee (200) and the bare app the same bytes.
 *
 * @example
 * ```ts
 * const setup = await readPathSetup();
 * try { ... } finally { await setup.close(); }
 * ```
 */
export async function readPathSetup(): Promise<ReadPathSetup> {
  const { ethers } = await network.getOrCreate();
  const [owner, grantee] = await ethers.getSigners();
  if (owner === undefined || grantee === undefined) throw new Error("Hardhat gave fewer than two accounts");
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
  const grants = grantAccessFromReader(reader);
  const chain = createChainGateway({
    providers: new Map([[HARDHAT_CHAIN_ID, ethers.provider]]),
    keyRegistries: new Map([[HARDHAT_CHAIN_ID, await keyRegistry.getAddress()]]),
  });

  const dir = mkdtempSync(join(tmpdir(), "idem-bench-read-"));
  mkdirSync(join(dir, "data"), { recursive: true });
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch {
        // best effort: keep closing the rest
      }
    }
  };

  try {
    const p2p = await startNetwork({
      dataDir: join(dir, "data", "ipfs"),
      privateKey: await loadOrCreatePeerKey({ path: join(dir, "data", "libp2p.key") }),
      psk: generateNetworkKey(),
    });
    cleanups.push(() => p2p.stop());
    // As the node process wires it (node/src/server.ts): a memory cache in front of the Helia store.
    const blockStore = createCachedBlockStore(createHeliaBlockStore({ helia: p2p.helia, defaultTimeoutMs: 1000 }));

    // The node's public URL must be the address it listens on, so that SIWE sign-in over HTTP binds to it.
    let app: App | undefined;
    let store: Store | undefined;
    let batcher: AuditBatcher | undefined;
    let nodeUrl = "";
    let dataDir = "";
    for (let attempt = 1; app === undefined; attempt += 1) {
      const port = await freePort();
      nodeUrl = `http://127.0.0.1:${port}`;
      const config = testConfig({
        dir,
        // The rate limiter stays in the path (it runs on every request), with a ceiling the load never reaches.
        http: { publicUrl: nodeUrl, bodyLimit: 64 * 1024, rateLimit: { max: 1_000_000_000, timeWindowMs: 60_000 } },
      });
      dataDir = config.dataDir;
      const candidateStore = openStore({ dataDir: config.dataDir });
      // As the node process wires it (node/src/server.ts): audit rows committed on a worker thread.
      const auditBatcher = createAuditWriter({ dataDir: config.dataDir });
      const candidate: App = await buildApp({
        config,
        store: candidateStore,
        chain,
        logger: createLogger({ level: "silent" }),
        blockStore,
        grants,
        nodeId: BENCH_NODE_ID,
        auditBatcher,
      });
      try {
        await candidate.listen({ host: "127.0.0.1", port });
        app = candidate;
        store = candidateStore;
        batcher = auditBatcher;
      } catch (error) {
        await candidate.close();
        await auditBatcher.close();
        candidateStore.close();
        if (attempt >= 3 || (error as { code?: string }).code !== "EADDRINUSE") throw error;
      }
    }
    const nodeApp = app;
    const nodeStore = store!;
    const nodeBatcher = batcher!;
    cleanups.push(() => nodeStore.close());
    cleanups.push(() => nodeBatcher.close());
    cleanups.push(() => nodeApp.close());

    const ownerSession = await signIn({ nodeUrl, signer: owner, chainId: HARDHAT_CHAIN_ID });
    const granteeSession = await signIn({ nodeUrl, signer: grantee, chainId: HARDHAT_CHAIN_ID });

    // One dataId anchored to the owner and granted (no expiry) to the grantee, indexed by the node's view.
    const dataId = hexlify(randomBytes(32));
    await (await accessGrants.connect(owner).getFunction("anchorData")(dataId, ZeroHash)).wait();
    await (await accessGrants.connect(owner).getFunction("grant")(grantee.address, dataId, 0n, 0n, ZeroHash)).wait();
    await poll();

    // A sealed envelope of ~ENVELOPE_BYTES as stored, with the grantee's reader slot.
    const sealFor = (payloadBytes: number) =>
      seal({
        payload: new Uint8Array(payloadBytes).fill(0x7b),
        chainId: BigInt(HARDHAT_CHAIN_ID),
        dataId: getBytes(dataId),
        owners: [ownerKey],
        readers: [granteeKey.publicKey],
      });
    const overhead = encodeEnvelope({ envelope: { ...sealFor(0), readerSlots: [] } }).length;
    const envelope = sealFor(Math.max(1, ENVELOPE_BYTES - overhead));
    const bare = encodeEnvelope({ envelope: { ...envelope, readerSlots: [] } });
    const readers = envelope.readerSlots.map((slot) => ({
      grantee: grantee.address,
      slot: encodeReaderSlot({ slot }),
    }));
    const writer = await signStoreRecord({
      signer: owner,
      chainId: HARDHAT_CHAIN_ID,
      dataId,
      envelope: bare,
      readers,
      writtenAt: BigInt(Date.now()),
    });
    const put = await fetch(`${nodeUrl}/v1/data/${HARDHAT_CHAIN_ID}/${dataId}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${ownerSession.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        envelope: Buffer.from(bare).toString("base64"),
        readers: readers.map(({ grantee: address, slot }) => ({
          grantee: address,
          slot: Buffer.from(slot).toString("base64"),
        })),
        writer,
      }),
    });
    const putBody = await put.text();
    if (put.status !== 201) throw new Error(`PUT: ${put.status} ${putBody}`);
    const cid = (JSON.parse(putBody) as { cid: string }).cid;

    const path = `/v1/data/${HARDHAT_CHAIN_ID}/${dataId}`;
    const authorization = `Bearer ${granteeSession.token}`;
    const read = await fetch(`${nodeUrl}${path}`, { headers: { authorization } });
    const body = Buffer.from(await read.arrayBuffer());
    if (read.status !== 200) throw new Error(`grantee GET: ${read.status} ${body.toString()}`);
    const contentType = read.headers.get("content-type") ?? "application/json; charset=utf-8";

    // The bare side: same path, the same bytes, nothing else (fastify defaults, no logger, no plugins).
    const bareApp = Fastify({ logger: false });
    bareApp.get("/v1/data/:chainId/:dataId", (_request, reply) => {
      reply.header("content-type", contentType).send(body);
    });
    await bareApp.listen({ host: "127.0.0.1", port: 0 });
    cleanups.push(() => bareApp.close());
    const bareUrl = urlOf(bareApp);
    const check = await fetch(`${bareUrl}${path}`, { headers: { authorization } });
    const checkBody = Buffer.from(await check.arrayBuffer());
    if (check.status !== 200 || !checkBody.equals(body)) throw new Error("the bare app does not serve the same bytes");

    return {
      nodeUrl,
      bareUrl,
      path,
      authorization,
      body,
      contentType,
      envelopeBytes: bare.length,
      chainId: HARDHAT_CHAIN_ID,
      dataId: dataId.toLowerCase(),
      owner: owner.address,
      grantee: grantee.address,
      cid,
      parts: { app: nodeApp, bareApp, store: nodeStore, blockStore, grants, auditBatcher: nodeBatcher, dataDir },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
