import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import fc from "fast-check";
import { Wallet, ZeroHash, id } from "ethers";
import { network } from "hardhat";

import { ChainNotSyncedError, EventOrderError } from "../../../sdk/src/chain/errors.ts";
import type { AccessGrantsEvent } from "../../../sdk/src/chain/events.ts";
import { ChainFollower } from "../../../sdk/src/chain/follower.ts";
import { GrantView } from "../../../sdk/src/chain/grant-view.ts";
import { MemoryGrantViewStore } from "../../../sdk/src/chain/memory-store.ts";
import type { ChainCursor, GrantViewStore } from "../../../sdk/src/chain/store.ts";
import { SqliteGrantViewStore } from "../../../node/src/store/grant-view-store.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";
import { chainConfig, chainDataId, countingProvider } from "../../sdk/chain/helpers.ts";

const OWNERS = [Wallet.createRandom().address, Wallet.createRandom().address];
const GRANTEES = [Wallet.createRandom().address, Wallet.createRandom().address, OWNERS[1]!];
const DATA = [0, 1, 2].map((i) => chainDataId(`sqlite-view:${i}`));
const SCHEMAS = [ZeroHash, id("idem:test:schema")];
const CHAINS = [1n, 31337n];

/** Opens stores in fresh temp directories and closes and removes them after each test. */
function tempStores() {
  const opened: Store[] = [];
  const dirs: string[] = [];
  afterEach(async function () {
    for (const store of opened.splice(0)) store.close();
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return {
    async dir(): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), "idem-view-"));
      dirs.push(dir);
      return dir;
    },
    open(dataDir: string): Store {
      const store = openStore({ dataDir });
      opened.push(store);
      return store;
    },
  };
}

/** One random event (not necessarily a valid contract history: the stores must agree on anything). */
const eventBody = fc.oneof(
  fc.record({
    kind: fc.constant("DataAnchored" as const),
    dataId: fc.constantFrom(...DATA),
    owner: fc.constantFrom(...OWNERS),
    issuer: fc.constantFrom(...OWNERS),
    schema: fc.constantFrom(...SCHEMAS),
  }),
  fc.record({
    kind: fc.constant("CredentialStatusChanged" as const),
    dataId: fc.constantFrom(...DATA),
    issuer: fc.constantFrom(...OWNERS),
    revoked: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("Granted" as const),
    owner: fc.constantFrom(...OWNERS),
    grantee: fc.constantFrom(...GRANTEES),
    dataId: fc.constantFrom(...DATA),
    lockedUntil: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1000n, max: 1200n })),
    expiresAt: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1000n, max: 1200n }), fc.constant(2n ** 48n - 1n)),
    purpose: fc.constantFrom(ZeroHash, id("purpose")),
  }),
  fc.record({
    kind: fc.constant("Revoked" as const),
    owner: fc.constantFrom(...OWNERS),
    grantee: fc.constantFrom(...GRANTEES),
    dataId: fc.constantFrom(...DATA),
  }),
  fc.record({
    kind: fc.constant("DeletionRequested" as const),
    owner: fc.constantFrom(...OWNERS),
    dataId: fc.constantFrom(...DATA),
    effectiveAt: fc.bigInt({ min: 1000n, max: 1200n }),
  }),
);

/** A batch: which chain, how many blocks it spans, and its events (positions are assigned in order). */
const batch = fc.record({
  chain: fc.constantFrom(...CHAINS),
  blocks: fc.integer({ min: 1, max: 3 }),
  seconds: fc.integer({ min: 0, max: 60 }),
  events: fc.array(eventBody, { maxLength: 6 }),
});

/** Every question the view answers, asked of both views: the answers must be equal. */
function expectSameAnswers(a: GrantView, b: GrantView): void {
  for (const chainId of CHAINS) {
    expect(b.cursor({ chainId }), `cursor ${chainId}`).to.deep.equal(a.cursor({ chainId }));
    const synced = a.cursor({ chainId }) !== undefined;
    const times = [1000n, 1100n, 1150n, 1199n, 1200n, 1201n];
    for (const dataId of DATA) {
      const key = { chainId, dataId };
      expect(b.anchorOf(key)).to.deep.equal(a.anchorOf(key));
      expect(b.ownerOf(key)).to.equal(a.ownerOf(key));
      expect(b.deletionEffectiveAt(key)).to.equal(a.deletionEffectiveAt(key));
      expect(b.granteesOf(key)).to.deep.equal(a.granteesOf(key));
      for (const at of times) {
        expect(b.granteesOf({ ...key, live: true, at })).to.deep.equal(a.granteesOf({ ...key, live: true, at }));
        for (const owner of OWNERS) {
          for (const grantee of GRANTEES) {
            const query = { chainId, owner, grantee, dataId, at };
            expect(b.isGranted(query), `isGranted ${chainId}`).to.equal(a.isGranted(query));
            for (const schema of SCHEMAS) {
              const credential = { ...query, issuer: owner, schema };
              expect(b.isCredentialGranted(credential)).to.equal(a.isCredentialGranted(credential));
            }
          }
        }
      }
    }
    for (const owner of OWNERS) {
      expect(b.grantsOf({ chainId, owner })).to.deep.equal(a.grantsOf({ chainId, owner }));
      expect(b.grantsOf({ chainId, owner, live: true, at: 1100n })).to.deep.equal(
        a.grantsOf({ chainId, owner, live: true, at: 1100n }),
      );
    }
    for (const at of times) expect(b.deletionsDue({ chainId, at })).to.deep.equal(a.deletionsDue({ chainId, at }));
    if (synced) expect(b.deletionsDue({ chainId })).to.deep.equal(a.deletionsDue({ chainId }));
    else expect(() => b.deletionsDue({ chainId })).to.throw(ChainNotSyncedError);
  }
}

const ANCHOR_EVENT = (blockNumber: bigint, logIndex = 0): AccessGrantsEvent => ({
  kind: "DataAnchored",
  blockNumber,
  logIndex,
  dataId: DATA[0]!,
  owner: OWNERS[0]!,
  issuer: OWNERS[0]!,
  schema: ZeroHash,
});
const GRANT_EVENT = (blockNumber: bigint, logIndex = 0): AccessGrantsEvent => ({
  kind: "Granted",
  blockNumber,
  logIndex,
  owner: OWNERS[0]!,
  grantee: GRANTEES[0]!,
  dataId: DATA[0]!,
  lockedUntil: 0n,
  expiresAt: 0n,
  purpose: ZeroHash,
});
const block = (number: bigint) => ({ number, timestamp: 1_000n + number, hash: id(`block ${number}`) });

describe("store/grant-view-store (SqliteGrantViewStore)", function () {
  const stores = tempStores();

  it("answers every GrantView question exactly as the in-memory store does, for any event history", async function () {
    this.timeout(120_000);
    const dataDir = await stores.dir();
    let run = 0;
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 12 }), (batches) => {
        run += 1;
        const store = stores.open(join(dataDir, `run-${run}`));
        const memory = new GrantView({ store: new MemoryGrantViewStore() });
        const sqlite = new GrantView({ store: new SqliteGrantViewStore({ store }) });
        const heads = new Map<bigint, { number: bigint; timestamp: bigint }>();
        expectSameAnswers(memory, sqlite);
        for (const { chain, blocks, seconds, events } of batches) {
          const head = heads.get(chain) ?? { number: 0n, timestamp: 1_000n };
          const number = head.number + BigInt(blocks);
          const toBlock = { number, timestamp: head.timestamp + BigInt(seconds), hash: id(`${chain}/${number}`) };
          heads.set(chain, toBlock);
          const positioned = events.map((event, logIndex) => ({ ...event, blockNumber: number, logIndex }));
          memory.applyBlocks({ chainId: chain, events: positioned, toBlock });
          sqlite.applyBlocks({ chainId: chain, events: positioned, toBlock });
          expectSameAnswers(memory, sqlite);
        }
        store.close();
      }),
      { numRuns: 15 },
    );
  });

  it("keys every record by chain (the SDK's scenario)", async function () {
    const view = new GrantView({ store: new SqliteGrantViewStore({ store: stores.open(await stores.dir()) }) });
    view.applyBlocks({ chainId: 1n, events: [ANCHOR_EVENT(1n), GRANT_EVENT(1n, 1)], toBlock: block(1n) });
    view.applyBlocks({ chainId: 2n, events: [], toBlock: block(5n) });
    const query = { owner: OWNERS[0]!, grantee: GRANTEES[0]!.toLowerCase(), dataId: DATA[0]!.toUpperCase() };
    expect(view.isGranted({ chainId: 1n, ...query })).to.equal(true);
    expect(view.isGranted({ chainId: 2n, ...query })).to.equal(false);
    expect(view.ownerOf({ chainId: 2n, dataId: DATA[0]! })).to.equal(undefined);
    expect(view.cursor({ chainId: 1n })!.blockTimestamp).to.equal(1_001n);
    expect(() => view.isGranted({ chainId: 3n, ...query })).to.throw(ChainNotSyncedError);
  });

  it("refuses batches at or before the cursor, unsorted, or past their end, writing nothing (the SDK's scenario)", async function () {
    const view = new GrantView({ store: new SqliteGrantViewStore({ store: stores.open(await stores.dir()) }) });
    view.applyBlocks({ chainId: 1n, events: [ANCHOR_EVENT(3n)], toBlock: block(3n) });
    const refused: Parameters<GrantView["applyBlocks"]>[0][] = [
      { chainId: 1n, events: [], toBlock: block(3n) },
      { chainId: 1n, events: [GRANT_EVENT(3n, 5)], toBlock: block(4n) },
      { chainId: 1n, events: [GRANT_EVENT(5n, 1), GRANT_EVENT(5n, 1)], toBlock: block(6n) },
      { chainId: 1n, events: [GRANT_EVENT(6n), GRANT_EVENT(5n)], toBlock: block(6n) },
      { chainId: 1n, events: [GRANT_EVENT(7n)], toBlock: block(6n) },
    ];
    for (const refusedBatch of refused) expect(() => view.applyBlocks(refusedBatch)).to.throw(EventOrderError);
    expect(view.cursor({ chainId: 1n })!.blockNumber).to.equal(3n);
    expect(view.grantsOf({ chainId: 1n, owner: OWNERS[0]! })).to.deep.equal([]);
  });

  it("rolls back every write of a batch that fails half-way (the SDK's scenario)", async function () {
    class FailingCursorStore extends SqliteGrantViewStore {
      override putCursor(cursor: ChainCursor): void {
        if (cursor.blockNumber === 2n) throw new Error("disk full");
        super.putCursor(cursor);
      }
    }
    const store = stores.open(await stores.dir());
    const view = new GrantView({ store: new FailingCursorStore({ store }) });
    view.applyBlocks({ chainId: 1n, events: [ANCHOR_EVENT(1n)], toBlock: block(1n) });
    expect(() => view.applyBlocks({ chainId: 1n, events: [GRANT_EVENT(2n)], toBlock: block(2n) })).to.throw(
      "disk full",
    );
    expect(view.grantsOf({ chainId: 1n, owner: OWNERS[0]! })).to.deep.equal([]);
    expect(view.cursor({ chainId: 1n })!.blockNumber).to.equal(1n);
    expect(store.db.isTransaction).to.equal(false);
    view.applyBlocks({ chainId: 1n, events: [GRANT_EVENT(3n)], toBlock: block(3n) });
    expect(view.grantsOf({ chainId: 1n, owner: OWNERS[0]! }).map((grant) => grant.grantedAtBlock)).to.deep.equal([3n]);
  });

  it("undoes only the inner writes of a nested transaction that fails (a SAVEPOINT)", async function () {
    const store = stores.open(await stores.dir());
    const viewStore: GrantViewStore = new SqliteGrantViewStore({ store });
    const cursor = (blockNumber: bigint): ChainCursor => ({
      chainId: 1n,
      blockNumber,
      blockTimestamp: 1_000n,
      blockHash: ZeroHash,
    });
    viewStore.transaction(() => {
      viewStore.putCursor(cursor(1n));
      expect(() =>
        viewStore.transaction(() => {
          viewStore.putCursor(cursor(2n));
          throw new Error("inner");
        }),
      ).to.throw("inner");
      expect(viewStore.getCursor({ chainId: 1n })!.blockNumber).to.equal(1n);
    });
    expect(viewStore.getCursor({ chainId: 1n })!.blockNumber).to.equal(1n);
    expect(store.db.isTransaction).to.equal(false);
  });

  it("writes the view's cursor to chain_cursors, hash included, and ignores a cursor row without a hash", async function () {
    const store = stores.open(await stores.dir());
    const viewStore = new SqliteGrantViewStore({ store });
    store.chainCursors.set({ chainId: 5, blockNumber: 9, blockTime: 99 });
    expect(viewStore.getCursor({ chainId: 5n })).to.equal(undefined);
    viewStore.putCursor({ chainId: 5n, blockNumber: 10n, blockTimestamp: 100n, blockHash: id("b10") });
    expect(store.chainCursors.get(5)).to.deep.equal({ chainId: 5, blockNumber: 10, blockTime: 100 });
    expect(viewStore.getCursor({ chainId: 5n })?.blockHash).to.equal(id("b10"));
  });

  it("survives close and reopen: a new follower resumes at the cursor without rescanning", async function () {
    const { ethers } = await network.getOrCreate();
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const [owner, grantee] = await ethers.getSigners();
    const accessGrants = await ethers.deployContract("AccessGrants");
    const fromBlock = BigInt((await accessGrants.deploymentTransaction()!.wait())!.blockNumber);
    const dataId = chainDataId(`reopen:${await accessGrants.getAddress()}`);
    await (await accessGrants.connect(owner!).anchorData(dataId, ZeroHash)).wait();
    await (await accessGrants.connect(owner!).grant(grantee!.address, dataId, 0n, 0n, ZeroHash)).wait();
    const triple = { chainId, owner: owner!.address, grantee: grantee!.address, dataId };
    const dataDir = await stores.dir();

    const first = stores.open(dataDir);
    const firstView = new GrantView({ store: new SqliteGrantViewStore({ store: first }) });
    const config = chainConfig({
      chainId,
      provider: ethers.provider,
      accessGrants: await accessGrants.getAddress(),
      fromBlock,
      pageSize: 1n,
    });
    const pagesFirst = (await new ChainFollower({ config, view: firstView }).poll()).pages;
    expect(pagesFirst).to.be.greaterThan(2);
    expect(firstView.isGranted(triple)).to.equal(true);
    const cursor = firstView.cursor({ chainId });
    first.close();

    const second = stores.open(dataDir);
    const secondView = new GrantView({ store: new SqliteGrantViewStore({ store: second }) });
    expect(secondView.cursor({ chainId })).to.deep.equal(cursor);
    expect(secondView.isGranted(triple)).to.equal(true);
    const wrapped = countingProvider(ethers.provider);
    const follower = new ChainFollower({ config: { ...config, provider: wrapped.provider }, view: secondView });
    const again = await follower.poll();
    expect(again.pages, "nothing new: no page read").to.equal(0);
    expect(wrapped.counts["getLogs"] ?? 0).to.equal(0);

    await (await accessGrants.connect(owner!).revoke(grantee!.address, dataId)).wait();
    const after = await follower.poll();
    expect(after.pages, "only the one new block").to.equal(1);
    expect(secondView.isGranted(triple)).to.equal(false);
  });
});
