import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { expect } from "chai";
import { ZeroHash } from "ethers";
import type { Provider } from "ethers";
import { network } from "hardhat";
import { pino } from "pino";

import { Indexer } from "../../../node/src/chain/indexer.ts";
import type { ChainConfig } from "../../../node/src/config/schema.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";
import { chainDataId, countingProvider } from "../../sdk/chain/helpers.ts";

const first = await network.getOrCreate();
const second = await network.create({ override: { chainId: 31338 } });
const FIRST_CHAIN_ID = Number((await first.ethers.provider.getNetwork()).chainId);
const SECOND_CHAIN_ID = 31338;

/** Deploys AccessGrants on a chain, anchors `dataId` to the first signer, and returns the node's chain config. */
async function deployOn(connection: typeof first, chainId: number, dataId: string, pollIntervalMs = 100) {
  const [owner, grantee] = await connection.ethers.getSigners();
  const deployed = await connection.ethers.deployContract("AccessGrants");
  const fromBlock = (await deployed.deploymentTransaction()!.wait())!.blockNumber;
  const accessGrants = deployed.connect(owner!);
  await (await accessGrants.anchorData(dataId, ZeroHash)).wait();
  const chain: ChainConfig = {
    chainId,
    rpcUrl: "http://127.0.0.1:1",
    accessGrants: await accessGrants.getAddress(),
    keyRegistry: "0x0000000000000000000000000000000000000001",
    confirmations: 0,
    pollIntervalMs,
    fromBlock,
  };
  return { accessGrants, owner: owner!, grantee: grantee!, chain };
}

/** A log sink the tests can read. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await sleep(20);
  }
}

describe("chain/indexer", function () {
  this.timeout(30_000);
  let dir: string;
  let store: Store;
  const indexers: Indexer[] = [];

  beforeEach(async function () {
    dir = await mkdtemp(join(tmpdir(), "idem-indexer-"));
    store = openStore({ dataDir: dir });
  });

  afterEach(async function () {
    await Promise.all(indexers.splice(0).map((indexer) => indexer.stop()));
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const make = (chains: ChainConfig[], providers: Map<number, Provider>, logger = memoryLogger().logger) => {
    const indexer = new Indexer({ chains, store, logger, providers });
    indexers.push(indexer);
    return indexer;
  };

  it("follows two chains into one SQLite view and never mixes them", async function () {
    const dataId = chainDataId("indexer:two-chains");
    const a = await deployOn(first, FIRST_CHAIN_ID, dataId);
    const b = await deployOn(second, SECOND_CHAIN_ID, dataId);
    await (await a.accessGrants.grant(a.grantee.address, dataId, 0n, 0n, ZeroHash)).wait();
    await second.networkHelpers.time.increase(10_000);
    await second.networkHelpers.mine(5);

    const indexer = make(
      [a.chain, b.chain],
      new Map<number, Provider>([
        [FIRST_CHAIN_ID, first.ethers.provider],
        [SECOND_CHAIN_ID, second.ethers.provider],
      ]),
    );
    const outcomes = await indexer.pollOnce();
    expect(outcomes.map((outcome) => [outcome.chainId, outcome.ok])).to.deep.equal([
      [FIRST_CHAIN_ID, true],
      [SECOND_CHAIN_ID, true],
    ]);
    const on = (chainId: number) => ({
      chainId: BigInt(chainId),
      owner: a.owner.address,
      grantee: a.grantee.address,
      dataId,
    });
    expect(indexer.reader.isGranted(on(FIRST_CHAIN_ID))).to.equal(true);
    expect(indexer.reader.isGranted(on(SECOND_CHAIN_ID)), "granted on the first chain only").to.equal(false);

    // Each chain's confirmed block and time are its own.
    const firstBlock = indexer.lastConfirmed(FIRST_CHAIN_ID)!;
    const secondBlock = indexer.lastConfirmed(SECOND_CHAIN_ID)!;
    expect(firstBlock.blockNumber).to.equal(await first.ethers.provider.getBlockNumber());
    expect(secondBlock.blockNumber).to.equal(await second.ethers.provider.getBlockNumber());
    expect(secondBlock.blockTime).to.equal(await second.networkHelpers.time.latest());
    expect(firstBlock.blockTime).to.equal(await first.networkHelpers.time.latest());
    expect(store.chainCursors.get(SECOND_CHAIN_ID)).to.deep.equal({ chainId: SECOND_CHAIN_ID, ...secondBlock });

    // A deletion on the second chain stays there.
    await (await b.accessGrants.requestDeletion(dataId)).wait();
    await indexer.pollOnce();
    expect(indexer.reader.deletionEffectiveAt({ chainId: BigInt(SECOND_CHAIN_ID), dataId })).to.be.a("bigint");
    expect(indexer.reader.deletionEffectiveAt({ chainId: BigInt(FIRST_CHAIN_ID), dataId })).to.equal(undefined);
    expect(indexer.reader.ownerOf({ chainId: BigInt(FIRST_CHAIN_ID), dataId })).to.equal(a.owner.address);
  });

  it("polls on its timer, keeps going after poll errors (logged), and reports them in status", async function () {
    const dataId = chainDataId("indexer:errors");
    const a = await deployOn(first, FIRST_CHAIN_ID, dataId, 100);
    const wrapped = countingProvider(first.ethers.provider);
    const { logger, lines } = memoryLogger();
    const indexer = make([a.chain], new Map([[FIRST_CHAIN_ID, wrapped.provider]]), logger);
    const triple = { chainId: BigInt(FIRST_CHAIN_ID), owner: a.owner.address, grantee: a.grantee.address, dataId };

    wrapped.failOn("getBlockNumber");
    indexer.start();
    await until(() => indexer.status(FIRST_CHAIN_ID).consecutiveFailures >= 2);
    expect(indexer.status(FIRST_CHAIN_ID).lastError).to.match(/getBlockNumber/);
    const warning = lines.find((line) => line["msg"] === "chain poll failed");
    expect(warning).to.include({ chainId: FIRST_CHAIN_ID });

    wrapped.failOn(undefined);
    await (await a.accessGrants.grant(a.grantee.address, dataId, 0n, 0n, ZeroHash)).wait();
    await until(
      () => indexer.reader.view.cursor({ chainId: triple.chainId }) !== undefined && indexer.reader.isGranted(triple),
    );
    const status = indexer.status(FIRST_CHAIN_ID);
    expect(status.consecutiveFailures).to.equal(0);
    expect(status.lastError).to.equal(undefined);
    expect(status.lagBlocks).to.equal(0);
    expect(status.lastSuccessAt).to.be.a("number");

    // Revoked: denied within one poll interval, with no explicit poll.
    await (await a.accessGrants.revoke(a.grantee.address, dataId)).wait();
    await until(() => !indexer.reader.isGranted(triple), 1_000);
    await indexer.stop();
    const calls = wrapped.counts["getBlockNumber"] ?? 0;
    await sleep(300);
    expect(wrapped.counts["getBlockNumber"] ?? 0, "no poll after stop").to.equal(calls);
  });

  it("never runs two polls of one chain at once, even when pollOnce meets the timer", async function () {
    const dataId = chainDataId("indexer:overlap");
    const a = await deployOn(first, FIRST_CHAIN_ID, dataId, 100);
    let active = 0;
    let maxActive = 0;
    const indexer = new Indexer({
      chains: [a.chain],
      store,
      logger: memoryLogger().logger,
      providers: new Map([[FIRST_CHAIN_ID, first.ethers.provider]]),
      afterPoll: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(30);
        active -= 1;
      },
    });
    indexers.push(indexer);
    indexer.start();
    await Promise.all([indexer.pollOnce(), indexer.pollOnce(), sleep(250).then(() => indexer.pollOnce())]);
    await sleep(200);
    expect(maxActive).to.equal(1);
  });

  it("resumes from the stored cursor after a restart", async function () {
    const dataId = chainDataId("indexer:resume");
    const a = await deployOn(first, FIRST_CHAIN_ID, dataId);
    const providers = new Map<number, Provider>([[FIRST_CHAIN_ID, first.ethers.provider]]);
    await make([a.chain], providers).pollOnce();
    const before = indexers[0]!.lastConfirmed(FIRST_CHAIN_ID);
    await indexers[0]!.stop();

    const wrapped = countingProvider(first.ethers.provider);
    const restarted = make([a.chain], new Map([[FIRST_CHAIN_ID, wrapped.provider]]));
    expect(restarted.lastConfirmed(FIRST_CHAIN_ID), "known before any poll").to.deep.equal(before);
    const [outcome] = await restarted.pollOnce();
    expect(outcome!.ok && outcome!.result.pages).to.equal(0);
    expect(wrapped.counts["getLogs"] ?? 0).to.equal(0);
  });
});
