/**
 * Three nodes, started in process by the test, on one private libp2p network (one shared network key), following
 * Hardhat's in-process chain served over JSON-RPC on 127.0.0.1. A client uses the SDK as it would in production:
 * a write lands on two or more nodes; a node goes down and reads and writes go on through the others; it comes back
 * and catches up; a revocation is enforced by every node within one poll interval; a deletion requested while a
 * node is down is purged by the others at once and by that node on restart before it serves anything; and no
 * plaintext is found anywhere under the three data dirs.
 */
import { writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { ContractFactory, JsonRpcProvider, Wallet, getAddress, getBytes, hexlify, randomBytes } from "ethers";
import { artifacts, network } from "hardhat";
import type { JsonRpcServer } from "hardhat/types/network";

import { DatabaseSync } from "../../node/src/store/sqlite.ts";
import { DATABASE_FILE } from "../../node/src/store/store.ts";
import { verifyDeletionReceipt } from "../../sdk/src/storage/deletion-receipt.ts";
import {
  EncryptionKeyPair,
  NodeHttpError,
  addReader,
  anchorData,
  getEnvelope,
  grant,
  open,
  putEnvelope,
  putReaderSlot,
  readerLeavesOf,
  requestDeletion,
  revoke,
  seal,
  setEncryptionKey,
  signIn,
  signStoreRecord,
  splitEnvelope,
} from "../../sdk/src/index.ts";
import type { Envelope, NodeSession } from "../../sdk/src/index.ts";
import { AccessGrants__factory, KeyRegistry__factory } from "../../types/ethers-contracts/index.ts";
import type { AccessGrants, KeyRegistry } from "../../types/ethers-contracts/index.ts";
import { HARDHAT_TEST_KEY } from "./helpers/build.ts";
import { HARDHAT_CHAIN_ID } from "./helpers/config.ts";
import {
  eventually,
  prepareSlots,
  quiet,
  removeTempDirs,
  scanFor,
  startFromSlot,
  writeNodeConfig,
} from "./helpers/multi-node.ts";
import type { ChainSettings, NodeSlot, StartedNode } from "./helpers/multi-node.ts";

/** Hardhat's well-known test account #1 (its key is public, printed by every `hardhat node`): test use only. */
const HARDHAT_TEST_KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/** Every node's chain poll interval. */
const POLL_MS = 300;
/** How long a revocation may take to be enforced: one poll interval is the promise; three plus slack is the bound. */
const REVOKE_BOUND_MS = 3 * POLL_MS + 700;

/** A plaintext marker per record: random, so finding one under a data dir can only mean a leak. */
const tag = hexlify(randomBytes(6)).slice(2);
const MARKERS = {
  quorum: `idem-plaintext-quorum-${tag}`,
  replicated: `idem-plaintext-replicated-${tag}`,
  whileDown: `idem-plaintext-while-down-${tag}`,
  granted: `idem-plaintext-granted-${tag}`,
  deleted: `idem-plaintext-deleted-${tag}`,
} as const;

/** A receipt as `GET /v1/receipts/:chainId/:dataId` answers it. */
type Receipt = { chainId: number; dataId: string; node: string; purgedAt: number; signature: string };

describe("three nodes on one private network (issue 4)", function () {
  this.timeout(60_000);

  let server: JsonRpcServer;
  let provider: JsonRpcProvider;
  /** Hardhat's well-known test account #0: a public key, test use only. Owns the test data. */
  let owner: Wallet;
  /** Hardhat's well-known test account #1: a public key, test use only. The grantee. */
  let grantee: Wallet;
  let accessGrants: AccessGrants;
  let keyRegistry: KeyRegistry;
  let chain: ChainSettings;
  let slots: NodeSlot[];
  /** The running nodes by slot index (1…3); a stopped node is absent. */
  const running = new Map<number, StartedNode>();
  /** The owner's and the grantee's sessions, one per node, in slot order (sessions survive a restart). */
  let ownerSessions: NodeSession[];
  let granteeSessions: NodeSession[];
  const ownerKey = EncryptionKeyPair.fromSecretKey({
    secretKey: getBytes(randomBytes(32)),
    origin: { kind: "recovery-phrase" },
  });
  const granteeKey = EncryptionKeyPair.fromSecretKey({
    secretKey: getBytes(randomBytes(32)),
    origin: { kind: "recovery-phrase" },
  });
  /** dataIds written by earlier steps, read by later ones. */
  const data: Record<string, { dataId: string; cid: string }> = {};

  /** Deploys a compiled contract through `wallet`, returning its address and deployment block. */
  async function deploy(name: string, wallet: Wallet): Promise<{ address: string; block: number }> {
    const artifact = await artifacts.readArtifact(name);
    const contract = await new ContractFactory(artifact.abi, artifact.bytecode, wallet).deploy();
    const receipt = await contract.deploymentTransaction()!.wait();
    return { address: await contract.getAddress(), block: receipt!.blockNumber };
  }

  async function start(index: number): Promise<StartedNode> {
    const started = await startFromSlot(slots[index - 1]!);
    running.set(index, started);
    expect(started.node.url).to.equal(slots[index - 1]!.url);
    return started;
  }

  async function stop(index: number): Promise<void> {
    const started = running.get(index);
    running.delete(index);
    await started?.node.close();
  }

  /** Waits until every running node has indexed the chain up to its current head. */
  async function allSynced(): Promise<void> {
    const head = await provider.getBlockNumber();
    await Promise.all(
      [...running.values()].map(({ node: running }) =>
        eventually(`${running.url} to index block ${head}`, async () => {
          const health = (await (await fetch(`${running.url}/health`)).json()) as {
            chains: { confirmedBlock: number | null }[];
          };
          return (health.chains[0]?.confirmedBlock ?? -1) >= head ? true : undefined;
        }),
      ),
    );
  }

  /** Anchors a fresh dataId to the owner with the SDK, and waits until every running node has indexed it. */
  async function anchored(): Promise<string> {
    const dataId = hexlify(randomBytes(32));
    await anchorData({ accessGrants: accessGrants.connect(owner), dataId });
    await allSynced();
    return dataId;
  }

  function sealed(dataId: string, marker: string, readers: Uint8Array[] = []): Envelope {
    let envelope = seal({
      payload: new TextEncoder().encode(`{"name":"${marker}"}`),
      chainId: BigInt(HARDHAT_CHAIN_ID),
      dataId: getBytes(dataId),
      owners: [ownerKey],
    });
    for (const readerPublicKey of readers) envelope = addReader({ envelope, keyPair: ownerKey, readerPublicKey });
    return envelope;
  }

  /** `GET /v1/data/…` on one node with a session token: the status and the JSON body. */
  async function getOn(url: string, dataId: string, token: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${url}/v1/data/${HARDHAT_CHAIN_ID}/${dataId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: await response.json() };
  }

  function opened(envelope: Envelope, keyPair: EncryptionKeyPair, dataId: string): string {
    return new TextDecoder().decode(
      open({ envelope, keyPair, chainId: BigInt(HARDHAT_CHAIN_ID), dataId: getBytes(dataId) }),
    );
  }

  /** The receipts a node holds for `dataId`, each checked: right fields and signed by that node's identity key. */
  async function verifiedReceipt(slot: NodeSlot, dataId: string): Promise<Receipt> {
    const token = ownerSessions[slot.index - 1]!.token;
    const response = await fetch(`${slot.url}/v1/receipts/${HARDHAT_CHAIN_ID}/${dataId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).to.equal(200);
    const receipts = (await response.json()) as Receipt[];
    const own = receipts.filter((receipt) => getAddress(receipt.node) === getAddress(slot.nodeAddress));
    expect(own, `node ${slot.index}'s own receipt among ${JSON.stringify(receipts)}`).to.have.length(1);
    const receipt = own[0]!;
    expect(receipt).to.include({ chainId: HARDHAT_CHAIN_ID, dataId: dataId.toLowerCase() });
    const signer = verifyDeletionReceipt({
      message: {
        chainId: BigInt(receipt.chainId),
        dataId: receipt.dataId,
        node: receipt.node,
        purgedAt: BigInt(receipt.purgedAt),
      },
      signature: receipt.signature,
    });
    expect(signer).to.equal(getAddress(slot.nodeAddress));
    return receipt;
  }

  before(async function () {
    // A chain of its own, served over HTTP for the nodes' JSON-RPC providers.
    server = await network.createServer("default", "127.0.0.1", 0);
    const { port } = await server.listen();
    const rpcUrl = `http://127.0.0.1:${port}`;
    provider = new JsonRpcProvider(rpcUrl, HARDHAT_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
    owner = new Wallet(HARDHAT_TEST_KEY, provider);
    grantee = new Wallet(HARDHAT_TEST_KEY_1, provider);
    const grants = await deploy("AccessGrants", owner);
    const registry = await deploy("KeyRegistry", owner);
    accessGrants = AccessGrants__factory.connect(grants.address, owner);
    keyRegistry = KeyRegistry__factory.connect(registry.address, owner);
    // The grantee registers its encryption key, as a consumer would before asking for access.
    await setEncryptionKey({ keyRegistry: keyRegistry.connect(grantee), publicKey: granteeKey.publicKey });

    chain = {
      rpcUrl,
      accessGrants: grants.address,
      keyRegistry: registry.address,
      fromBlock: grants.block,
      pollIntervalMs: POLL_MS,
    };
    slots = await prepareSlots({ count: 3, chain });
    // Node 1 first; nodes 2 and 3 dial it.
    const first = await start(1);
    expect(first.node.peerId).to.match(/^12D3KooW/);
    const bootstrap = first.node.multiaddrs();
    expect(bootstrap.length).to.be.greaterThan(0);
    for (const slot of slots.slice(1)) writeNodeConfig({ slot, chain, peers: bootstrap });
    await start(2);
    await start(3);

    ownerSessions = await Promise.all(
      slots.map((slot) => signIn({ nodeUrl: slot.url, signer: owner, chainId: HARDHAT_CHAIN_ID })),
    );
    granteeSessions = await Promise.all(
      slots.map((slot) => signIn({ nodeUrl: slot.url, signer: grantee, chainId: HARDHAT_CHAIN_ID })),
    );
  });

  after(async function () {
    for (const index of [...running.keys()]) await stop(index).catch(() => undefined);
    provider?.destroy();
    await server?.close();
    // Late libp2p writes after `close()` would recreate a removed dir: remove once the dirs are quiet.
    if (slots !== undefined) await quiet(slots.map((slot) => slot.dir)).catch(() => undefined);
    removeTempDirs();
  });

  it("1. a write lands on two or more nodes", async function () {
    // Through the SDK, to all three with a quorum of two.
    const dataId = await anchored();
    const put = await putEnvelope({
      sessions: ownerSessions,
      signer: owner,
      chainId: HARDHAT_CHAIN_ID,
      dataId,
      envelope: sealed(dataId, MARKERS.quorum),
      quorum: 2,
    });
    expect(put.stored.length, JSON.stringify(put.failures.map((f) => String(f.error)))).to.be.at.least(2);
    data.quorum = { dataId, cid: put.cid };

    // One PUT to node 1 only: the node pushes it to its peers and counts them in `replicas`.
    const other = await anchored();
    const wire = splitEnvelope({ envelope: sealed(other, MARKERS.replicated) });
    const bytes = Buffer.from(wire.envelope, "base64");
    const writer = await signStoreRecord({
      signer: owner,
      chainId: HARDHAT_CHAIN_ID,
      dataId: other,
      envelope: bytes,
      readers: [],
      writtenAt: BigInt(Date.now()),
    });
    const response = await fetch(`${slots[0]!.url}/v1/data/${HARDHAT_CHAIN_ID}/${other}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${ownerSessions[0]!.token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...wire, writer }),
    });
    const answer = (await response.json()) as { cid: string; replicas: number };
    expect(response.status, JSON.stringify(answer)).to.equal(201);
    expect(answer.replicas).to.be.at.least(2);
    data.replicated = { dataId: other, cid: answer.cid };

    // Every node serves both records to the owner (replication may still be in flight to the third).
    for (const { dataId: id, cid } of [data.quorum, data.replicated]) {
      for (const slot of slots) {
        const got = await eventually(`node ${slot.index} to serve ${id}`, async () => {
          const result = await getOn(slot.url, id, ownerSessions[slot.index - 1]!.token);
          return result.status === 200 ? result : undefined;
        });
        expect(got.body.cid).to.equal(cid);
      }
    }
    const read = await getEnvelope({ sessions: [ownerSessions[2]!], chainId: HARDHAT_CHAIN_ID, dataId: other });
    expect(opened(read.envelope, ownerKey, other)).to.include(MARKERS.replicated);
  });

  it("2. with one node stopped, reads and writes still succeed through the others", async function () {
    await stop(3);
    const down = slots[2]!.url;

    // Read: the stopped node is listed first; the SDK passes over it.
    const { dataId, cid } = data.quorum!;
    const read = await getEnvelope({
      sessions: [ownerSessions[2]!, ownerSessions[0]!, ownerSessions[1]!],
      chainId: HARDHAT_CHAIN_ID,
      dataId,
    });
    expect(read.cid).to.equal(cid);
    expect(read.nodeUrl).to.not.equal(down);
    expect(read.failures.map((failure) => failure.nodeUrl)).to.deep.equal([down]);
    expect(opened(read.envelope, ownerKey, dataId)).to.include(MARKERS.quorum);

    // Write: quorum 2 out of the two running nodes.
    const fresh = await anchored();
    const put = await putEnvelope({
      sessions: ownerSessions,
      signer: owner,
      chainId: HARDHAT_CHAIN_ID,
      dataId: fresh,
      envelope: sealed(fresh, MARKERS.whileDown),
      quorum: 2,
    });
    expect(put.stored).to.deep.equal([slots[0]!.url, slots[1]!.url]);
    expect(put.failures.map((failure) => failure.nodeUrl)).to.deep.equal([down]);
    data.whileDown = { dataId: fresh, cid: put.cid };

    // A reader added to a record node 3 already holds: the owner signs the new reader set on the running nodes.
    const held = await getEnvelope({ sessions: ownerSessions.slice(0, 2), chainId: HARDHAT_CHAIN_ID, dataId });
    const shared = addReader({ envelope: held.envelope, keyPair: ownerKey, readerPublicKey: granteeKey.publicKey });
    const added = await putReaderSlot({
      sessions: ownerSessions.slice(0, 2),
      signer: owner,
      chainId: HARDHAT_CHAIN_ID,
      dataId,
      cid: held.cid,
      readers: readerLeavesOf(held),
      grantee: grantee.address,
      slot: shared.readerSlots.at(-1)!,
    });
    expect(added.stored).to.have.length(2);
  });

  it("3. the node restarts on the same config and dirs and catches up", async function () {
    const before = slots[2]!;
    const { dataId, cid } = data.whileDown!;
    const restarted = await start(3);
    expect(restarted.node.nodeAddress).to.equal(getAddress(before.nodeAddress));
    // The record written while it was down is served by it, from its first answer on: it caught up from its peers
    // before it listened (its session survived the restart: sessions are in the store).
    const got = await getOn(before.url, dataId, ownerSessions[2]!.token);
    expect(got.status, JSON.stringify(got.body)).to.equal(200);
    expect(got.body.cid).to.equal(cid);
    const read = await getEnvelope({ sessions: [ownerSessions[2]!], chainId: HARDHAT_CHAIN_ID, dataId });
    expect(read.nodeUrl).to.equal(before.url);
    expect(opened(read.envelope, ownerKey, dataId)).to.include(MARKERS.whileDown);

    // The reader added while it was down came with the owner's signature over the new reader set: accepted.
    const shared = await getEnvelope({
      sessions: [ownerSessions[2]!],
      chainId: HARDHAT_CHAIN_ID,
      dataId: data.quorum!.dataId,
    });
    expect(shared.nodeUrl).to.equal(before.url);
    expect(shared.grantees).to.deep.equal([grantee.address]);
    expect(opened(shared.envelope, granteeKey, data.quorum!.dataId)).to.include(MARKERS.quorum);
    expect(restarted.logs().join("\n")).to.not.include("WRITE_SIGNATURE_INVALID");
  });

  it("4. a revocation on chain is enforced by every running node within one poll interval", async function () {
    const dataId = await anchored();
    await grant({ accessGrants: accessGrants.connect(owner), grantee: grantee.address, dataId });
    await allSynced();
    const put = await putEnvelope({
      sessions: ownerSessions,
      signer: owner,
      chainId: HARDHAT_CHAIN_ID,
      dataId,
      envelope: sealed(dataId, MARKERS.granted, [granteeKey.publicKey]),
      readers: new Map([[hexlify(granteeKey.publicKey), grantee.address]]),
      quorum: 2,
    });
    expect(put.stored).to.have.length(3);
    data.granted = { dataId, cid: put.cid };

    // The grantee reads on every node and opens with its own key.
    for (const slot of slots) {
      const read = await getEnvelope({
        sessions: [granteeSessions[slot.index - 1]!],
        chainId: HARDHAT_CHAIN_ID,
        dataId,
      });
      expect(read.nodeUrl).to.equal(slot.url);
      expect(opened(read.envelope, granteeKey, dataId)).to.include(MARKERS.granted);
    }

    await revoke({ accessGrants: accessGrants.connect(owner), grantee: grantee.address, dataId });
    const revokedAt = Date.now();
    const elapsed = await Promise.all(
      slots.map(async (slot) => {
        await eventually(
          `node ${slot.index} to deny the revoked grantee`,
          async () => {
            const { status } = await getOn(slot.url, dataId, granteeSessions[slot.index - 1]!.token);
            if (status === 200) return undefined;
            expect(status).to.equal(403);
            return true;
          },
          { ms: 10_000, everyMs: 20 },
        );
        return Date.now() - revokedAt;
      }),
    );
    for (const [index, ms] of elapsed.entries()) {
      expect(ms, `node ${index + 1} denied after ${ms} ms`).to.be.at.most(REVOKE_BOUND_MS);
    }
    // The SDK sees the network's "no", and the owner still reads.
    const denied = await getEnvelope({ sessions: granteeSessions, chainId: HARDHAT_CHAIN_ID, dataId }).catch(
      (error: unknown) => error,
    );
    expect(denied).to.be.instanceOf(NodeHttpError);
    expect((denied as NodeHttpError).status).to.equal(403);
    for (const slot of slots) {
      expect((await getOn(slot.url, dataId, ownerSessions[slot.index - 1]!.token)).status).to.equal(200);
    }
    // Every node dropped the grantee's wrapped key (the row is gone) and kept only its leaf.
    for (const slot of slots) {
      const db = new DatabaseSync(join(slot.dataDir, DATABASE_FILE), { readOnly: true });
      try {
        const count = (table: string) =>
          (
            db
              .prepare(`SELECT count(*) AS n FROM ${table} WHERE chain_id = ? AND data_id = ? AND grantee = ?`)
              .get(HARDHAT_CHAIN_ID, dataId, grantee.address.toLowerCase()) as { n: number }
          ).n;
        expect(count("reader_slots"), `node ${slot.index} reader_slots`).to.equal(0);
        expect(count("dropped_readers"), `node ${slot.index} dropped_readers`).to.equal(1);
      } finally {
        db.close();
      }
    }
  });

  it("5. deletion while a node is down: the others purge with receipts; it purges on restart before serving", async function () {
    const dataId = await anchored();
    const put = await putEnvelope({
      sessions: ownerSessions,
      signer: owner,
      chainId: HARDHAT_CHAIN_ID,
      dataId,
      envelope: sealed(dataId, MARKERS.deleted),
      quorum: 2,
    });
    expect(put.stored).to.have.length(3);

    await stop(3);
    const deletion = await requestDeletion({ accessGrants: accessGrants.connect(owner), dataId });
    expect(deletion.effectiveAt).to.be.a("bigint");

    for (const slot of slots.slice(0, 2)) {
      await eventually(`node ${slot.index} to purge`, async () =>
        (await getOn(slot.url, dataId, ownerSessions[slot.index - 1]!.token)).status === 404 ? true : undefined,
      );
      const { body } = await getOn(slot.url, dataId, ownerSessions[slot.index - 1]!.token);
      expect(body.error.code).to.equal("RECORD_NOT_FOUND");
      await verifiedReceipt(slot, dataId);
    }

    // Node 3 comes back: its very first answer for the dataId is already 404, and its log shows the purge before
    // the server listened.
    const restarted = await start(3);
    const first = await getOn(slots[2]!.url, dataId, ownerSessions[2]!.token);
    expect(first.status, JSON.stringify(first.body)).to.equal(404);
    const lines = restarted.logs();
    const purged = lines.findIndex((line) => line.includes('"msg":"data purged"') && line.includes(dataId));
    const listening = lines.findIndex((line) => line.includes("Server listening"));
    expect(purged, lines.join("\n")).to.be.greaterThan(-1);
    expect(listening, lines.join("\n")).to.be.greaterThan(purged);
    await verifiedReceipt(slots[2]!, dataId);
    // It did not get it back from its peers either.
    await new Promise((resolve) => setTimeout(resolve, 2 * POLL_MS));
    expect((await getOn(slots[2]!.url, dataId, ownerSessions[2]!.token)).status).to.equal(404);
  });

  it("6. no plaintext anywhere under the three data dirs (the scan finds a planted marker)", async function () {
    // Stop the nodes so every write is on disk (the store's WAL checkpointed, the blockstore flushed).
    for (const index of [...running.keys()]) await stop(index);
    const dataDirs = slots.map((slot) => slot.dataDir);
    // A closed node's libp2p still writes a peer-store record under data/blocks/datastore/peers about a second after
    // `close()` resolves (see the report): scan once the dirs are quiet, so late writes are scanned too.
    await quiet(dataDirs);

    // Control: a marker planted in a scratch file is found, as UTF-8 and as UTF-16LE.
    const planted = `idem-plaintext-control-${tag}`;
    const scratch = join(slots[1]!.dataDir, "scratch.bin");
    writeFileSync(scratch, Buffer.concat([Buffer.from(planted, "utf8"), Buffer.from(planted, "utf16le")]));
    expect(scanFor(dataDirs, planted)).to.deep.equal([
      { path: scratch, encoding: "utf8" },
      { path: scratch, encoding: "utf16le" },
    ]);
    rmSync(scratch);
    expect(scanFor(dataDirs, planted)).to.deep.equal([]);

    for (const marker of Object.values(MARKERS)) {
      expect(scanFor(dataDirs, marker), marker).to.deep.equal([]);
    }
  });
});
