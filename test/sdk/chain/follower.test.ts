import { expect } from "chai";
import { ZeroHash } from "ethers";
import { network } from "hardhat";

import { ChainIdMismatchError, ChainRpcError, InvalidChainConfigError } from "../../../sdk/src/chain/errors.ts";
import { ChainFollower } from "../../../sdk/src/chain/follower.ts";
import { GrantView } from "../../../sdk/src/chain/grant-view.ts";
import { MemoryGrantViewStore } from "../../../sdk/src/chain/memory-store.ts";
import { chainConfig, chainDataId, countingProvider } from "./helpers.ts";

const { ethers, networkHelpers } = await network.getOrCreate();
const CHAIN_ID = (await ethers.provider.getNetwork()).chainId;

/** A fresh AccessGrants with `dataId` anchored to `owner`, and a follower (with `confirmations`) over it. */
async function deployed({ confirmations = 0n, pageSize = 1000n, label = "data" } = {}) {
  const [owner, grantee, other] = await ethers.getSigners();
  const accessGrants = await ethers.deployContract("AccessGrants");
  const fromBlock = BigInt((await accessGrants.deploymentTransaction()!.wait())!.blockNumber);
  const address = await accessGrants.getAddress();
  const dataId = chainDataId(`${label}:${address}`);
  await (await accessGrants.connect(owner!).anchorData(dataId, ZeroHash)).wait();
  const wrapped = countingProvider(ethers.provider);
  const store = new MemoryGrantViewStore();
  const view = new GrantView({ store });
  const config = chainConfig({ provider: wrapped.provider, accessGrants: address, fromBlock, confirmations, pageSize });
  const follower = new ChainFollower({ config, view });
  const triple = { chainId: CHAIN_ID, owner: owner!.address, grantee: grantee!.address, dataId };
  return {
    accessGrants: accessGrants.connect(owner!),
    owner: owner!,
    grantee: grantee!,
    other: other!,
    dataId,
    fromBlock,
    view,
    store,
    follower,
    config,
    wrapped,
    triple,
  };
}

async function latestTime(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

describe("ChainFollower", function () {
  it("applies a grant and a revoke only once they are `confirmations` deep", async function () {
    const { accessGrants, grantee, dataId, view, follower, triple } = await deployed({ confirmations: 2n });
    await (await accessGrants.grant(grantee.address, dataId, 0n, 0n, ZeroHash)).wait();

    await follower.poll();
    expect(view.isGranted(triple), "grant not yet confirmed").to.equal(false);
    await networkHelpers.mine(1);
    await follower.poll();
    expect(view.isGranted(triple), "1 block deep").to.equal(false);
    await networkHelpers.mine(1);
    await follower.poll();
    expect(view.isGranted(triple), "2 blocks deep").to.equal(true);

    await (await accessGrants.revoke(grantee.address, dataId)).wait();
    expect(await accessGrants.isGranted(triple.owner, triple.grantee, dataId)).to.equal(false);
    await follower.poll();
    expect(view.isGranted(triple), "revoke mined, not confirmed").to.equal(true);
    await networkHelpers.mine(1);
    await follower.poll();
    expect(view.isGranted(triple), "revoke 1 block deep").to.equal(true);
    await networkHelpers.mine(1);
    await follower.poll();
    expect(view.isGranted(triple), "revoke final: denied within one poll").to.equal(false);
  });

  it("evaluates expiry at the confirmed block's time, not the wall clock", async function () {
    const { accessGrants, grantee, dataId, view, follower, triple } = await deployed();
    const expiresAt = (await latestTime()) + 3600n;
    await (await accessGrants.grant(grantee.address, dataId, 0n, expiresAt, ZeroHash)).wait();
    await follower.poll();
    expect(view.isGranted(triple)).to.equal(true);

    const wallClockBefore = Date.now();
    await networkHelpers.time.increase(3600); // mines a block at the new time
    const { cursor } = await follower.poll();
    expect(Date.now() - wallClockBefore, "the wall clock barely moved").to.be.lessThan(60_000);
    expect(cursor!.blockTimestamp >= expiresAt).to.equal(true);
    expect(await accessGrants.isGranted(triple.owner, triple.grantee, dataId)).to.equal(false);
    expect(view.isGranted(triple), "expired at block time").to.equal(false);
    expect(view.isGranted({ ...triple, at: expiresAt - 1n }), "explicit earlier time").to.equal(true);
    expect(view.grantsOf({ chainId: triple.chainId, owner: triple.owner })).to.have.length(1);
    expect(view.grantsOf({ chainId: triple.chainId, owner: triple.owner, live: true })).to.have.length(0);
  });

  it("ends unlocked grants at a deletion request and keeps locked ones until their lock", async function () {
    const { accessGrants, grantee, other, dataId, view, follower, triple } = await deployed();
    const lockedUntil = (await latestTime()) + 1000n;
    await (await accessGrants.grant(grantee.address, dataId, lockedUntil, 0n, ZeroHash)).wait();
    await (await accessGrants.grant(other.address, dataId, 0n, 0n, ZeroHash)).wait();
    await (await accessGrants.requestDeletion(dataId)).wait();
    await follower.poll();

    const otherTriple = { ...triple, grantee: other.address };
    expect(view.isGranted(triple), "locked grant survives").to.equal(true);
    expect(view.isGranted(otherTriple), "unlocked grant ends").to.equal(false);
    expect(view.deletionEffectiveAt({ chainId: triple.chainId, dataId })).to.equal(lockedUntil);
    expect(view.deletionEffectiveAt({ chainId: triple.chainId, dataId })).to.equal(
      await accessGrants.deletionEffectiveAt(dataId),
    );
    expect(view.deletionsDue({ chainId: triple.chainId })).to.deep.equal([]);
    expect(view.granteesOf({ chainId: triple.chainId, dataId, live: true }).map((g) => g.grantee)).to.deep.equal([
      grantee.address,
    ]);

    await networkHelpers.time.increaseTo(lockedUntil);
    await follower.poll();
    expect(view.isGranted(triple), "lock over").to.equal(false);
    expect(view.deletionsDue({ chainId: triple.chainId }).map((d) => d.dataId)).to.deep.equal([dataId]);
  });

  it("gives the same view with pages of 1, 2 and 1000 blocks", async function () {
    const { accessGrants, grantee, other, dataId, fromBlock, config, triple } = await deployed();
    await (await accessGrants.grant(grantee.address, dataId, 0n, 0n, ZeroHash)).wait();
    await networkHelpers.mine(3);
    await (await accessGrants.grant(other.address, dataId, 0n, 0n, ZeroHash)).wait();
    await (await accessGrants.revoke(grantee.address, dataId)).wait();
    await networkHelpers.mine(2);
    await (await accessGrants.grant(grantee.address, dataId, 0n, 0n, ZeroHash)).wait();
    const head = BigInt(await ethers.provider.getBlockNumber());

    const snapshots = [];
    for (const pageSize of [1n, 2n, 1000n]) {
      const view = new GrantView({ store: new MemoryGrantViewStore() });
      const wrapped = countingProvider(ethers.provider);
      const result = await new ChainFollower({
        config: { ...config, provider: wrapped.provider, pageSize },
        view,
      }).poll();
      expect(result.pages).to.equal(Number((head - fromBlock) / pageSize + 1n));
      expect(wrapped.counts.getLogs).to.equal(result.pages);
      snapshots.push({
        cursor: view.cursor({ chainId: triple.chainId }),
        grantees: view.granteesOf({ chainId: triple.chainId, dataId }),
        anchor: view.anchorOf({ chainId: triple.chainId, dataId }),
        granted: [view.isGranted(triple), view.isGranted({ ...triple, grantee: other.address })],
      });
    }
    expect(snapshots[0]!.granted).to.deep.equal([true, true]);
    expect(snapshots[0]!.cursor!.blockNumber).to.equal(head);
    expect(snapshots[1]).to.deep.equal(snapshots[0]);
    expect(snapshots[2]).to.deep.equal(snapshots[0]);
  });

  it("resumes from the store's cursor without re-reading blocks", async function () {
    const { accessGrants, grantee, dataId, view, store, follower, config, wrapped, triple } = await deployed({
      pageSize: 2n,
    });
    await (await accessGrants.grant(grantee.address, dataId, 0n, 0n, ZeroHash)).wait();
    const first = await follower.poll();
    const logsAfterFirst = wrapped.counts.getLogs ?? 0;
    expect(logsAfterFirst).to.equal(first.pages);

    // A "restarted" node: a new view and follower over the same store, with a fresh counting provider.
    const restarted = countingProvider(ethers.provider);
    const resumedView = new GrantView({ store });
    const resumed = new ChainFollower({ config: { ...config, provider: restarted.provider }, view: resumedView });
    const nothingNew = await resumed.poll();
    expect(nothingNew.pages).to.equal(0);
    expect(restarted.counts.getLogs ?? 0, "no block read twice").to.equal(0);
    expect(resumedView.isGranted(triple)).to.equal(true);

    await (await accessGrants.revoke(grantee.address, dataId)).wait();
    const next = await resumed.poll();
    expect(next.pages).to.equal(1);
    expect(next.events).to.equal(1);
    expect(restarted.counts.getLogs).to.equal(1);
    expect(resumedView.isGranted(triple)).to.equal(false);
    expect(view.isGranted(triple), "same store").to.equal(false);
  });

  it("does not advance the cursor past a page whose RPC failed, and resumes from it", async function () {
    const { accessGrants, grantee, dataId, view, follower, wrapped, triple } = await deployed({ pageSize: 2n });
    await follower.poll();
    const before = view.cursor({ chainId: triple.chainId })!;
    await networkHelpers.mine(3);
    await (await accessGrants.grant(grantee.address, dataId, 0n, 0n, ZeroHash)).wait(); // block before+4

    wrapped.failOn("getLogs", 1); // the first page (before+1, before+2) succeeds, the second fails
    let caught: unknown;
    await follower.poll().catch((error: unknown) => (caught = error));
    expect(caught).to.be.instanceOf(ChainRpcError);
    expect((caught as ChainRpcError).method).to.equal("getLogs");
    expect((caught as ChainRpcError).chainId).to.equal(triple.chainId);
    expect(view.cursor({ chainId: triple.chainId })!.blockNumber, "first page only").to.equal(before.blockNumber + 2n);
    expect(view.isGranted(triple)).to.equal(false);

    wrapped.failOn(undefined);
    await follower.poll();
    expect(view.cursor({ chainId: triple.chainId })!.blockNumber).to.equal(before.blockNumber + 4n);
    expect(view.isGranted(triple)).to.equal(true);
  });

  it("wraps a failing getBlockNumber in ChainRpcError without touching the view", async function () {
    const { view, follower, wrapped, triple } = await deployed();
    wrapped.failOn("getBlockNumber");
    let caught: unknown;
    await follower.poll().catch((error: unknown) => (caught = error));
    expect(caught).to.be.instanceOf(ChainRpcError);
    expect((caught as ChainRpcError).cause).to.be.instanceOf(Error);
    expect(view.cursor({ chainId: triple.chainId })).to.equal(undefined);
  });

  it("refuses a provider that serves another chain", async function () {
    const { config, view } = await deployed();
    const follower = new ChainFollower({ config: { ...config, chainId: 10n }, view });
    let caught: unknown;
    await follower.poll().catch((error: unknown) => (caught = error));
    expect(caught).to.be.instanceOf(ChainIdMismatchError);
    expect((caught as ChainIdMismatchError).expected).to.equal(10n);
    expect((caught as ChainIdMismatchError).actual).to.equal(CHAIN_ID);
    expect(view.cursor({ chainId: 10n })).to.equal(undefined);
  });

  it("rejects unusable configs", async function () {
    const { config, view } = await deployed();
    for (const bad of [
      { pageSize: 0n },
      { confirmations: -1n },
      { fromBlock: -1n },
      { chainId: 0n },
      { accessGrants: "not an address" },
    ]) {
      expect(
        () => new ChainFollower({ config: { ...config, ...bad }, view }),
        JSON.stringify(Object.keys(bad)),
      ).to.throw(InvalidChainConfigError);
    }
  });

  it("shares one run between concurrent polls", async function () {
    const { accessGrants, grantee, dataId, follower, wrapped } = await deployed();
    await (await accessGrants.grant(grantee.address, dataId, 0n, 0n, ZeroHash)).wait();
    const [a, b] = await Promise.all([follower.poll(), follower.poll()]);
    expect(a).to.equal(b);
    expect(wrapped.counts.getBlockNumber).to.equal(1);
  });
});
