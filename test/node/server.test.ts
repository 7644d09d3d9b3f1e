/**
 * The node end to end: Hardhat's in-process chain served over JSON-RPC on 127.0.0.1, the contracts deployed through
 * it with ethers, and the real node process (`node node/src/server.ts --config …`) following it. A client signs in
 * with the SDK, stores a sealed envelope, reads it back, requests deletion on chain, sees the data purged and
 * verifies the node's signed receipt. Restarts are checked in process with `startNode`.
 */
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { Writable } from "node:stream";

import { expect } from "chai";
import { ContractFactory, JsonRpcProvider, Wallet, ZeroHash, getAddress, getBytes, hexlify, randomBytes } from "ethers";
import type { BaseContract } from "ethers";
import { artifacts, network } from "hardhat";
import type { JsonRpcServer } from "hardhat/types/network";

import { loadConfig } from "../../node/src/config/load-config.ts";
import { verifyDeletionReceipt } from "../../sdk/src/storage/deletion-receipt.ts";
import { createLogger } from "../../node/src/logging/logger.ts";
import { startNode } from "../../node/src/server.ts";
import { utf8 } from "../../sdk/src/crypto/bytes.ts";
import { encodeEnvelope } from "../../sdk/src/crypto/encode.ts";
import { seal } from "../../sdk/src/crypto/seal.ts";
import { EncryptionKeyPair } from "../../sdk/src/keys/key-pair.ts";
import { signIn } from "../../sdk/src/storage/sign-in.ts";
import { signStoreRecord } from "../../sdk/src/storage/sign-store-record.ts";
import { HARDHAT_TEST_KEY, cleanup, tempDir } from "./helpers/build.ts";
import { HARDHAT_CHAIN_ID, rawTestConfig } from "./helpers/config.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const NODE_BIN = join(ROOT, "node_modules/.bin/node");
const SERVER = join(ROOT, "node/src/server.ts");

/** Hardhat's well-known test account #1 (its key is public, printed by every `hardhat node`): test use only. */
const HARDHAT_TEST_KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/** How long a test waits for the node to notice a chain change (bounded polling loops). */
const WAIT_MS = 20_000;

/** Sends raw bytes and returns everything the server answers before closing. */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString("utf8")));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

/** A TCP port nothing listens on right now (the node's public URL must name its real port before it starts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Calls `attempt` until it returns a value other than `undefined`, for at most {@link WAIT_MS}. */
async function eventually<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Deploys a compiled contract through `wallet` and returns it with its deployment block. */
async function deploy(name: string, wallet: Wallet): Promise<{ contract: BaseContract; block: number }> {
  const artifact = await artifacts.readArtifact(name);
  const contract = await new ContractFactory(artifact.abi, artifact.bytecode, wallet).deploy();
  const receipt = await contract.deploymentTransaction()!.wait();
  return { contract, block: receipt!.blockNumber };
}

describe("node server process", function () {
  this.timeout(90_000);
  let server: JsonRpcServer;
  let rpcUrl: string;
  let provider: JsonRpcProvider;
  /** Hardhat's well-known test account #0: a public key, test use only. Owns the test data. */
  let owner: Wallet;
  let stranger: Wallet;
  let accessGrants: BaseContract;
  let keyRegistry: BaseContract;
  let fromBlock: number;
  const ownerKey = EncryptionKeyPair.fromSecretKey({
    secretKey: getBytes(randomBytes(32)),
    origin: { kind: "recovery-phrase" },
  });

  before(async function () {
    // A chain of its own (not the one other test files share), served over HTTP for the node process.
    server = await network.createServer("default", "127.0.0.1", 0);
    const { port } = await server.listen();
    rpcUrl = `http://127.0.0.1:${port}`;
    provider = new JsonRpcProvider(rpcUrl, HARDHAT_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
    owner = new Wallet(HARDHAT_TEST_KEY, provider);
    stranger = new Wallet(HARDHAT_TEST_KEY_1, provider);
    const grants = await deploy("AccessGrants", owner);
    accessGrants = grants.contract;
    fromBlock = grants.block;
    keyRegistry = (await deploy("KeyRegistry", owner)).contract;
  });

  after(async function () {
    provider?.destroy();
    await server?.close();
  });

  afterEach(cleanup);

  /** Writes a node config (and a fresh identity key) into a temp dir; the node's public URL is its real URL. */
  async function nodeConfig({ port }: { port: number }): Promise<{ dir: string; path: string; nodeAddress: string }> {
    const dir = tempDir();
    const identity = Wallet.createRandom();
    writeFileSync(join(dir, "node.key"), `${identity.privateKey}\n`, { mode: 0o600 });
    const raw = rawTestConfig() as Record<string, any>;
    raw.logLevel = "info";
    raw.http = { port, publicUrl: `http://127.0.0.1:${port}` };
    raw.chains = [
      {
        chainId: HARDHAT_CHAIN_ID,
        rpcUrl,
        accessGrants: await accessGrants.getAddress(),
        keyRegistry: await keyRegistry.getAddress(),
        confirmations: 0,
        pollIntervalMs: 200,
        fromBlock,
      },
    ];
    const path = join(dir, "node.json");
    writeFileSync(path, JSON.stringify(raw, null, 2));
    return { dir, path, nodeAddress: identity.address };
  }

  /** Anchors a fresh dataId to the owner on chain. */
  async function anchored(): Promise<string> {
    const dataId = hexlify(randomBytes(32));
    await (await accessGrants.connect(owner).getFunction("anchorData")(dataId, ZeroHash)).wait();
    return dataId;
  }

  /** The PUT body of an envelope sealed by the owner for `dataId` (no readers). */
  /** A PUT body: an envelope sealed for the owner, signed by the owner as the SDK signs writes. */
  async function sealedBody(
    dataId: string,
    payload: string,
  ): Promise<{ envelope: string; writer: { writtenAt: number; signature: string } }> {
    const envelope = encodeEnvelope({
      envelope: seal({
        payload: utf8(payload),
        chainId: BigInt(HARDHAT_CHAIN_ID),
        dataId: getBytes(dataId),
        owners: [ownerKey],
      }),
    });
    const writer = await signStoreRecord({
      signer: owner,
      chainId: HARDHAT_CHAIN_ID,
      dataId,
      envelope,
      readers: [],
      writtenAt: BigInt(Date.now()),
    });
    return { envelope: Buffer.from(envelope).toString("base64"), writer };
  }

  /** PUTs `body` once the node has indexed the anchor (409 DATA_NOT_ANCHORED until then). */
  async function putWhenAnchored(url: string, token: string, body: unknown): Promise<{ cid: string }> {
    return eventually("the node to index the anchor", async () => {
      const response = await fetch(url, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (response.status === 201) return (await response.json()) as { cid: string };
      const error = (await response.json()) as { error: { code: string } };
      if (error.error.code !== "DATA_NOT_ANCHORED") throw new Error(`PUT: ${response.status} ${error.error.code}`);
      return undefined;
    });
  }

  /** Starts the node process; resolves once `/health` answers 200. */
  async function spawnNode(path: string, port: number) {
    const child: ChildProcessWithoutNullStreams = spawn(NODE_BIN, [SERVER, "--config", path], {
      env: { PATH: process.env.PATH },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    let gone = false;
    void exited.then(() => (gone = true));
    try {
      await eventually("/health 200", async () => {
        if (gone) throw new Error("exited");
        return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200 ? true : undefined;
      });
    } catch (error) {
      child.kill("SIGTERM");
      throw new Error(`the node did not become healthy (${String(error)}): ${stderr}`);
    }
    return { child, exited, stdout: () => stdout, stderr: () => stderr };
  }

  it("runs a complete node: sign in, store, read, delete on chain, purge, signed receipt; SIGTERM exits 0", async function () {
    const port = await freePort();
    const { dir, path, nodeAddress } = await nodeConfig({ port });
    const base = `http://127.0.0.1:${port}`;
    const node = await spawnNode(path, port);
    try {
      // /health: the store and the chain, indexed.
      const health = (await (await fetch(`${base}/health`)).json()) as { status: string; chains: any[] };
      expect(health).to.deep.include({ status: "ok", store: "ok" });
      expect(health.chains).to.have.length(1);
      expect(health.chains[0]).to.include({ chainId: HARDHAT_CHAIN_ID, status: "ok", lastError: null });
      expect(health.chains[0].confirmedBlock).to.be.at.least(fromBlock);
      // The libp2p keys were created next to the config, readable by the node's user only.
      expect(statSync(join(dir, "peer.key")).mode & 0o777).to.equal(0o600);
      expect(statSync(join(dir, "network.key")).mode & 0o777).to.equal(0o600);

      // Sign in with the SDK, bound to the node's real URL.
      const session = await signIn({ nodeUrl: base, signer: owner, chainId: HARDHAT_CHAIN_ID });
      expect(session.address).to.equal(owner.address);
      const auth = { authorization: `Bearer ${session.token}` };

      // Store an envelope for an anchored dataId, and read it back.
      const dataId = await anchored();
      const body = await sealedBody(dataId, "name=Ada Lovelace");
      const url = `${base}/v1/data/${HARDHAT_CHAIN_ID}/${dataId}`;
      const { cid } = await putWhenAnchored(url, session.token, body);
      expect(cid).to.match(/^bafkrei/);
      const get = await fetch(url, { headers: auth });
      expect(get.status).to.equal(200);
      expect(await get.json()).to.deep.equal({ cid, envelope: body.envelope, readers: [] });

      // No receipt before the deletion; only the owner may ask.
      const receiptsUrl = `${base}/v1/receipts/${HARDHAT_CHAIN_ID}/${dataId}`;
      expect(await (await fetch(receiptsUrl, { headers: auth })).json()).to.deep.equal([]);
      const other = await signIn({ nodeUrl: base, signer: stranger, chainId: HARDHAT_CHAIN_ID });
      const refused = await fetch(receiptsUrl, { headers: { authorization: `Bearer ${other.token}` } });
      expect(refused.status).to.equal(403);
      const anonymous = await fetch(receiptsUrl);
      expect(anonymous.status).to.equal(401);
      expect(anonymous.headers.get("www-authenticate")).to.equal("Bearer");

      // The owner requests deletion on chain (no lock: due at once); the node purges at its next poll.
      await (await accessGrants.connect(owner).getFunction("requestDeletion")(dataId)).wait();
      await eventually("the purge", async () =>
        (await fetch(url, { headers: auth })).status === 404 ? true : undefined,
      );

      const receipts = (await (await fetch(receiptsUrl, { headers: auth })).json()) as {
        chainId: number;
        dataId: string;
        node: string;
        purgedAt: number;
        signature: string;
      }[];
      expect(receipts).to.have.length(1);
      const [receipt] = receipts;
      expect(receipt).to.include({ chainId: HARDHAT_CHAIN_ID, dataId: dataId.toLowerCase(), node: nodeAddress });
      const signer = verifyDeletionReceipt({
        message: {
          chainId: BigInt(receipt!.chainId),
          dataId: receipt!.dataId,
          node: receipt!.node,
          purgedAt: BigInt(receipt!.purgedAt),
        },
        signature: receipt!.signature,
      });
      expect(signer).to.equal(getAddress(nodeAddress));

      // A late PUT of the purged dataId is refused.
      const again = await fetch(url, {
        method: "PUT",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(await sealedBody(dataId, "again")),
      });
      expect(again.status).to.equal(409);

      // Rejected by Node's HTTP parser before fastify sees it: still the JSON error shape.
      const answer = await rawRequest(port, "GARBAGE / HTTP/1.1\r\n\r\n");
      expect(answer).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(JSON.parse(answer.split("\r\n\r\n")[1]!)).to.deep.equal({
        error: { code: "BAD_REQUEST", message: "Bad Request." },
      });
    } finally {
      node.child.kill("SIGTERM");
    }
    expect(await node.exited, node.stderr()).to.equal(0);
    expect(node.stdout()).to.include('"msg":"data purged"');
    expect(node.stdout()).to.include('"msg":"shutting down"').and.include('"msg":"node stopped"');
    expect(node.stderr()).to.not.include("ExperimentalWarning");
  });

  it("purges what became due while it was down before it serves anything (restart, in process)", async function () {
    const port = await freePort();
    const { path, nodeAddress } = await nodeConfig({ port });
    let text = "";
    const logger = createLogger({
      level: "info",
      destination: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          text += chunk.toString("utf8");
          callback();
        },
      }),
    });
    const config = loadConfig({ path, env: {} });

    const first = await startNode({ config, logger });
    expect(first.url).to.equal(`http://127.0.0.1:${port}`);
    expect(first.nodeAddress).to.equal(getAddress(nodeAddress));
    expect(first.peerId).to.match(/^12D3KooW/);
    expect(first.multiaddrs().every((address) => address.endsWith(`/p2p/${first.peerId}`))).to.equal(true);
    const session = await signIn({ nodeUrl: first.url, signer: owner, chainId: HARDHAT_CHAIN_ID });
    const dataId = await anchored();
    const url = `${first.url}/v1/data/${HARDHAT_CHAIN_ID}/${dataId}`;
    await putWhenAnchored(url, session.token, await sealedBody(dataId, "purge me while down"));
    const firstPeerId = first.peerId;
    await first.close();

    // Deleted while the node is down.
    await (await accessGrants.connect(owner).getFunction("requestDeletion")(dataId)).wait();
    text = "";
    const second = await startNode({ config, logger });
    try {
      // Same keys, same peer id; sessions survive the restart (they are in the store).
      expect(second.peerId).to.equal(firstPeerId);
      const lines = text.split("\n").filter((line) => line !== "");
      const purged = lines.findIndex((line) => line.includes('"msg":"data purged"') && line.includes(dataId));
      const listening = lines.findIndex((line) => line.includes("Server listening"));
      expect(purged, text).to.be.greaterThan(-1);
      expect(listening, text).to.be.greaterThan(purged);
      const get = await fetch(url, { headers: { authorization: `Bearer ${session.token}` } });
      expect(get.status).to.equal(404);
      const receipts = await fetch(`${second.url}/v1/receipts/${HARDHAT_CHAIN_ID}/${dataId}`, {
        headers: { authorization: `Bearer ${session.token}` },
      });
      expect(((await receipts.json()) as unknown[]).length).to.equal(1);
    } finally {
      await second.close();
    }
  });

  it("exits 1 with one short message when it cannot catch up with its chain, leaving nothing running", async function () {
    const port = await freePort();
    const { path } = await nodeConfig({ port });
    const raw = JSON.parse((await import("node:fs")).readFileSync(path, "utf8")) as Record<string, any>;
    raw.chains[0].rpcUrl = `http://127.0.0.1:${await freePort()}`;
    writeFileSync(path, JSON.stringify(raw));
    const child = spawn(NODE_BIN, [SERVER, "--config", path], { env: { PATH: process.env.PATH } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).to.equal(1);
    expect(stderr).to.match(/^idem node: The node cannot catch up with its chains\./);
    expect(stderr).to.not.match(/\n\s+at /);
    // It exited promptly: everything it opened was closed (nothing keeps the process alive).
    expect(Date.now() - started).to.be.lessThan(15_000);
  });

  it("exits non-zero with one short message when the configuration is invalid", async function () {
    const dir = tempDir();
    writeFileSync(join(dir, "node.json"), JSON.stringify({ ...rawTestConfig(), http: { port: 1 } }));
    const child = spawn(NODE_BIN, [SERVER, "--config", join(dir, "node.json")], {
      env: { PATH: process.env.PATH },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).to.equal(1);
    expect(stderr).to.include("Invalid node configuration.").and.include("http.publicUrl: is required");
    expect(stderr).to.not.match(/\n\s+at /);
  });
});
