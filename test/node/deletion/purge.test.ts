import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { TypedDataEncoder, Wallet, ZeroHash, id } from "ethers";
import type { Provider } from "ethers";
import { network } from "hardhat";
import { CID } from "multiformats/cid";
import { pino } from "pino";

import type { BlockStore } from "../../../node/src/blocks/block-store.ts";
import { createHeliaBlockStore } from "../../../node/src/blocks/helia-block-store.ts";
import type { Indexer } from "../../../node/src/chain/indexer.ts";
import { createIdentityKey } from "../../../node/src/config/identity-key.ts";
import type { IdentityKey } from "../../../node/src/config/identity-key.ts";
import type { ChainConfig } from "../../../node/src/config/schema.ts";
import { bootNode, createChainIndexer } from "../../../node/src/deletion/boot.ts";
import { BootError } from "../../../node/src/deletion/errors.ts";
import { isDeletionPending, purgeDue } from "../../../node/src/deletion/purge.ts";
import { signDeletionReceipt } from "../../../node/src/deletion/receipt.ts";
import {
  DELETION_RECEIPT_DOMAIN,
  DELETION_RECEIPT_TYPES,
  verifyDeletionReceipt,
} from "../../../sdk/src/storage/deletion-receipt.ts";
import { generateNetworkKey } from "../../../node/src/p2p/network-key.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";
import { testNetwork } from "../p2p/test-network.ts";
import type { TestNode } from "../p2p/test-network.ts";
import { chainDataId, countingProvider } from "../../sdk/chain/helpers.ts";

const { ethers, networkHelpers } = await network.getOrCreate();
const CHAIN_ID = Number((await ethers.provider.getNetwork()).chainId);
const [OWNER, GRANTEE] = await ethers.getSigners();

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Whether any file under `dir` contains `marker`. */
async function diskContains(dir: string, marker: Uint8Array): Promise<boolean> {
  const needle = Buffer.from(marker);
  for (const file of await filesUnder(dir)) if ((await readFile(file)).includes(needle)) return true;
  return false;
}

describe("deletion (purge, receipts, boot) on the in-process chain with Helia", function () {
  this.timeout(60_000);
  const nodes = testNetwork();
  let helia: TestNode;
  let blockStore: BlockStore;
  let identity: IdentityKey;
  let dir: string;
  let store: Store;
  let indexer: Indexer | undefined;
  const logger = pino({ level: "silent" });

  before(async function () {
    helia = await nodes.start({ psk: generateNetworkKey() });
    blockStore = createHeliaBlockStore({ helia: helia.helia, defaultTimeoutMs: 500 });
    identity = await createIdentityKey({ path: join(await nodes.tempDir(), "node.key") });
  });

  after(async function () {
    await nodes.stopAll();
  });

  beforeEach(async function () {
    dir = await mkdtemp(join(tmpdir(), "idem-deletion-"));
    store = openStore({ dataDir: dir });
  });

  afterEach(async function () {
    await indexer?.stop();
    indexer = undefined;
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A fresh AccessGrants with `dataId` anchored to OWNER, and the node's config for it. */
  async function deployed(label: string) {
    const contract = await ethers.deployContract("AccessGrants");
    const fromBlock = (await contract.deploymentTransaction()!.wait())!.blockNumber;
    const accessGrants = contract.connect(OWNER!);
    const dataId = chainDataId(`deletion:${label}:${await accessGrants.getAddress()}`);
    await (await accessGrants.anchorData(dataId, ZeroHash)).wait();
    const chain: ChainConfig = {
      chainId: CHAIN_ID,
      rpcUrl: "http://127.0.0.1:1",
      accessGrants: await accessGrants.getAddress(),
      keyRegistry: "0x0000000000000000000000000000000000000001",
      confirmations: 0,
      pollIntervalMs: 100,
      fromBlock,
    };
    return { accessGrants, dataId, chain };
  }

  function makeIndexer(chain: ChainConfig, provider: Provider = ethers.provider): Indexer {
    indexer = createChainIndexer({
      chains: [chain],
      store,
      blockStore,
      identity,
      logger,
      providers: new Map([[CHAIN_ID, provider]]),
    });
    return indexer;
  }

  /** Stores a record of `dataId` as a PUT would: its ciphertext block in Helia, metadata and a reader slot. */
  async function storeRecord(dataId: string): Promise<{ marker: Uint8Array; cid: string }> {
    const marker = new TextEncoder().encode(`idem-plaintext-marker:${dataId}:${Math.random()}`);
    const cid = (await blockStore.put(marker)).toString();
    const now = Math.floor(Date.now() / 1000);
    store.transaction(() => {
      store.records.upsert({
        chainId: CHAIN_ID,
        dataId,
        owner: OWNER!.address,
        cid,
        envelopeHeader: new Uint8Array([1]),
        envelopeNonce: new Uint8Array(24),
        ownerSlots: new Uint8Array(48),
        size: marker.length,
        createdAt: now,
        updatedAt: now,
      });
      store.readerSlots.put({
        chainId: CHAIN_ID,
        dataId,
        grantee: GRANTEE!.address,
        readerPublicKey: new Uint8Array(32),
        slot: new Uint8Array(48),
      });
    });
    expect(await diskContains(join(helia.dataDir, "node", "blocks"), marker)).to.equal(true);
    return { marker, cid };
  }

  /** Asserts nothing of `dataId` is left and its receipt verifies to the node key. */
  async function expectPurged(dataId: string, stored: { marker: Uint8Array; cid: string }, effectiveAt: bigint) {
    const key = { chainId: CHAIN_ID, dataId };
    expect(store.records.get(key), "record").to.equal(undefined);
    expect(store.readerSlots.list(key), "reader slots").to.deep.equal([]);
    expect(await blockStore.has(CID.parse(stored.cid)), "block").to.equal(false);
    expect(await diskContains(join(helia.dataDir, "node", "blocks"), stored.marker), "bytes on disk").to.equal(false);
    const deletion = store.deletions.get(key);
    expect(deletion?.purgedAt).to.be.a("number");
    const receipts = store.receipts.list(key);
    expect(receipts).to.have.length(1);
    const receipt = receipts[0]!;
    expect(receipt.node).to.equal(identity.address.toLowerCase());
    expect(BigInt(receipt.purgedAt) >= effectiveAt, "purged no earlier than the effective time").to.equal(true);
    const signer = verifyDeletionReceipt({
      message: { chainId: BigInt(CHAIN_ID), dataId, node: receipt.node, purgedAt: BigInt(receipt.purgedAt) },
      signature: receipt.signature,
    });
    expect(signer).to.equal(identity.address);
  }

  describe("receipts", function () {
    it("types DeletionReceipt(uint256 chainId,bytes32 dataId,address node,uint64 purgedAt) under the node domain", function () {
      expect(TypedDataEncoder.from(DELETION_RECEIPT_TYPES).encodeType("DeletionReceipt")).to.equal(
        "DeletionReceipt(uint256 chainId,bytes32 dataId,address node,uint64 purgedAt)",
      );
      expect(DELETION_RECEIPT_DOMAIN).to.deep.equal({ name: "Idem Storage Node", version: "1" });
    });

    it("recovers the signer, and another signer for any changed field", async function () {
      const message = { chainId: 1n, dataId: id("data"), node: identity.address, purgedAt: 1_700_000_000n };
      const signature = signDeletionReceipt({ identity, message });
      expect(signature).to.have.length(65);
      expect(verifyDeletionReceipt({ message, signature })).to.equal(identity.address);
      // Same as a wallet's signTypedData: a standard EIP-712 signature any owner tool can check.
      const wallet = new Wallet(identity.signingKey.privateKey);
      const fromWallet = await wallet.signTypedData(DELETION_RECEIPT_DOMAIN, DELETION_RECEIPT_TYPES, message);
      expect(verifyDeletionReceipt({ message, signature: fromWallet })).to.equal(identity.address);
      for (const changed of [
        { ...message, chainId: 2n },
        { ...message, dataId: id("other") },
        { ...message, purgedAt: message.purgedAt + 1n },
        { ...message, node: Wallet.createRandom().address },
      ]) {
        expect(verifyDeletionReceipt({ message: changed, signature })).to.not.equal(identity.address);
      }
    });
  });

  it("purges a record whose deletion was requested with no lock at the next poll: blocks, rows, receipt", async function () {
    const { accessGrants, dataId, chain } = await deployed("no-lock");
    const stored = await storeRecord(dataId);
    const node = makeIndexer(chain);
    await node.pollOnce();
    expect(store.records.get({ chainId: CHAIN_ID, dataId }), "not requested yet").to.not.equal(undefined);
    expect(isDeletionPending({ store, view: node.reader.view, chainId: CHAIN_ID, dataId })).to.equal(false);

    await (await accessGrants.requestDeletion(dataId)).wait();
    const effectiveAt = await accessGrants.deletionEffectiveAt(dataId);
    const [outcome] = await node.pollOnce();
    expect(outcome!.ok).to.equal(true);
    await expectPurged(dataId, stored, effectiveAt);
    expect(isDeletionPending({ store, view: node.reader.view, chainId: CHAIN_ID, dataId })).to.equal(true);

    // Idempotent: another poll signs nothing new.
    await node.pollOnce();
    expect(store.receipts.list({ chainId: CHAIN_ID, dataId })).to.have.length(1);
  });

  it("delays the purge of a locked grant's data until the lock ends in block time", async function () {
    const { accessGrants, dataId, chain } = await deployed("locked");
    const lockedUntil = BigInt(await networkHelpers.time.latest()) + 3_600n;
    await (await accessGrants.grant(GRANTEE!.address, dataId, lockedUntil, 0n, ZeroHash)).wait();
    await (await accessGrants.requestDeletion(dataId)).wait();
    expect(await accessGrants.deletionEffectiveAt(dataId)).to.equal(lockedUntil);
    const stored = await storeRecord(dataId);
    const node = makeIndexer(chain);

    await node.pollOnce();
    expect(store.records.get({ chainId: CHAIN_ID, dataId }), "locked: kept").to.not.equal(undefined);
    expect(isDeletionPending({ store, view: node.reader.view, chainId: CHAIN_ID, dataId }), "refuse PUTs").to.equal(
      true,
    );
    await networkHelpers.time.increaseTo(lockedUntil - 10n);
    await networkHelpers.mine(1);
    await node.pollOnce();
    expect(store.records.get({ chainId: CHAIN_ID, dataId }), "10 s before the lock ends").to.not.equal(undefined);

    await networkHelpers.time.increaseTo(lockedUntil);
    await networkHelpers.mine(1);
    await node.pollOnce();
    await expectPurged(dataId, stored, lockedUntil);
  });

  describe("wrapped keys of ended grants", function () {
    /** The grantee's `reader_slots` and `dropped_readers` rows of `dataId`, counted in SQLite. */
    const rows = (dataId: string) => {
      const count = (table: string) =>
        (
          store.db
            .prepare(`SELECT count(*) AS n FROM ${table} WHERE chain_id = ? AND data_id = ? AND grantee = ?`)
            .get(CHAIN_ID, dataId, GRANTEE!.address.toLowerCase()) as { n: number }
        ).n;
      return { slots: count("reader_slots"), dropped: count("dropped_readers") };
    };

    it("drops the grantee's wrapped key at the poll that finds its grant expired, keeping the leaf", async function () {
      const { accessGrants, dataId, chain } = await deployed("expiry");
      const expiresAt = BigInt(await networkHelpers.time.latest()) + 600n;
      await (await accessGrants.grant(GRANTEE!.address, dataId, 0n, expiresAt, ZeroHash)).wait();
      await storeRecord(dataId);
      const node = makeIndexer(chain);
      await node.pollOnce();
      expect(rows(dataId), "live grant").to.deep.equal({ slots: 1, dropped: 0 });

      await networkHelpers.time.increaseTo(expiresAt);
      await networkHelpers.mine(1);
      await node.pollOnce();
      expect(rows(dataId), "expired").to.deep.equal({ slots: 0, dropped: 1 });
      expect(store.records.get({ chainId: CHAIN_ID, dataId }), "the record stays").to.not.equal(undefined);
    });

    it("drops the grantee's wrapped key at the poll that applies its revocation", async function () {
      const { accessGrants, dataId, chain } = await deployed("revoke");
      await (await accessGrants.grant(GRANTEE!.address, dataId, 0n, 0n, ZeroHash)).wait();
      await storeRecord(dataId);
      const node = makeIndexer(chain);
      await node.pollOnce();
      expect(rows(dataId), "live grant").to.deep.equal({ slots: 1, dropped: 0 });

      await (await accessGrants.revoke(GRANTEE!.address, dataId)).wait();
      await node.pollOnce();
      expect(rows(dataId), "revoked").to.deep.equal({ slots: 0, dropped: 1 });
    });
  });

  it("purges on boot, before it is ready, what became due while the node was down", async function () {
    const { accessGrants, dataId, chain } = await deployed("down");
    const lockedUntil = BigInt(await networkHelpers.time.latest()) + 600n;
    await (await accessGrants.grant(GRANTEE!.address, dataId, lockedUntil, 0n, ZeroHash)).wait();
    const stored = await storeRecord(dataId);
    const running = makeIndexer(chain);
    running.start();
    await running.pollOnce();
    await running.stop();
    indexer = undefined;

    // Down: the request is made and becomes due meanwhile.
    await (await accessGrants.requestDeletion(dataId)).wait();
    await networkHelpers.time.increaseTo(lockedUntil + 5n);
    await networkHelpers.mine(3);
    expect(store.records.get({ chainId: CHAIN_ID, dataId })).to.not.equal(undefined);

    const events: string[] = [];
    const restarted = makeIndexer(chain);
    await bootNode({ indexer: restarted, logger }).then(() => events.push("ready"));
    expect(events).to.deep.equal(["ready"]);
    await expectPurged(dataId, stored, lockedUntil);
  });

  it("refuses to boot while a chain cannot be read", async function () {
    const { chain } = await deployed("boot-error");
    const wrapped = countingProvider(ethers.provider);
    wrapped.failOn("getNetwork");
    const node = makeIndexer(chain, wrapped.provider);
    let error: unknown;
    await bootNode({ indexer: node, logger }).catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(BootError);
  });

  it("leaves nothing behind after a crash between deleting the blocks and the metadata, and purges records stored late", async function () {
    const { accessGrants, dataId, chain } = await deployed("crash");
    const stored = await storeRecord(dataId);
    await (await accessGrants.requestDeletion(dataId)).wait();
    const effectiveAt = await accessGrants.deletionEffectiveAt(dataId);
    const node = makeIndexer(chain);
    // First poll without purging: the view learns the request.
    await node.reader.poll({ chainId: BigInt(CHAIN_ID) });

    // Blocks deleted, then the "process dies" before the metadata transaction.
    const crashing = {
      async delete(cid: Parameters<BlockStore["delete"]>[0]) {
        await blockStore.delete(cid);
        throw new Error("crash");
      },
    };
    const first = await purgeDue({ store, source: node.reader, blockStore: crashing, identity, chainId: CHAIN_ID });
    expect(first.failed.map((failure) => failure.dataId)).to.deep.equal([dataId]);
    expect(store.records.get({ chainId: CHAIN_ID, dataId }), "record kept until the blocks are gone").to.not.equal(
      undefined,
    );
    expect(store.deletions.get({ chainId: CHAIN_ID, dataId })?.purgedAt).to.equal(null);

    const second = await purgeDue({ store, source: node.reader, blockStore, identity, chainId: CHAIN_ID });
    expect(second.purged.map((purged) => [purged.dataId, purged.receipt])).to.deep.equal([[dataId, true]]);
    await expectPurged(dataId, stored, effectiveAt);

    // The same dataId stored again later (e.g. replicated late): purged again, with no second receipt.
    const late = await storeRecord(dataId);
    await node.pollOnce();
    await expectPurged(dataId, late, effectiveAt);
  });
});
