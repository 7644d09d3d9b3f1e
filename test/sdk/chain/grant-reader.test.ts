import { expect } from "chai";
import { ZeroHash } from "ethers";
import { network } from "hardhat";

import { ChainNotSyncedError, InvalidChainConfigError, UnknownChainError } from "../../../sdk/src/chain/errors.ts";
import { GrantReader } from "../../../sdk/src/chain/grant-reader.ts";
import { MemoryGrantViewStore } from "../../../sdk/src/chain/memory-store.ts";
import { chainConfig, chainDataId, countingProvider } from "./helpers.ts";

const first = await network.getOrCreate();
const SECOND_CHAIN_ID = 31338n;
const second = await network.create({ override: { chainId: Number(SECOND_CHAIN_ID) } });
const FIRST_CHAIN_ID = (await first.ethers.provider.getNetwork()).chainId;

/** Deploys AccessGrants on one chain and anchors `dataId` there to its first signer. */
async function deployOn(connection: typeof first, dataId: string) {
  const [owner, grantee] = await connection.ethers.getSigners();
  const accessGrants = await connection.ethers.deployContract("AccessGrants");
  const fromBlock = BigInt((await accessGrants.deploymentTransaction()!.wait())!.blockNumber);
  await (await accessGrants.connect(owner!).anchorData(dataId, ZeroHash)).wait();
  return { accessGrants: accessGrants.connect(owner!), owner: owner!, grantee: grantee!, fromBlock };
}

describe("GrantReader", function () {
  it("follows two chains at once and never mixes their state", async function () {
    expect(FIRST_CHAIN_ID).to.not.equal(SECOND_CHAIN_ID);
    // The same dataId on both chains, as a node could meet it: each chain's answer comes from that chain alone.
    const dataId = chainDataId("two-chains");
    const a = await deployOn(first, dataId);
    const b = await deployOn(second, dataId);
    await (await a.accessGrants.grant(a.grantee.address, dataId, 0n, 0n, ZeroHash)).wait();
    const expiresAt = BigInt(await second.networkHelpers.time.latest()) + 100n;
    await (await b.accessGrants.grant(b.grantee.address, dataId, 0n, expiresAt, ZeroHash)).wait();

    const reader = new GrantReader({
      chains: [
        chainConfig({
          chainId: FIRST_CHAIN_ID,
          provider: first.ethers.provider,
          accessGrants: await a.accessGrants.getAddress(),
          fromBlock: a.fromBlock,
        }),
        chainConfig({
          chainId: SECOND_CHAIN_ID,
          provider: second.ethers.provider,
          accessGrants: await b.accessGrants.getAddress(),
          fromBlock: b.fromBlock,
          confirmations: 1n,
        }),
      ],
    });
    expect(reader.chainIds).to.deep.equal([FIRST_CHAIN_ID, SECOND_CHAIN_ID]);
    const outcomes = await reader.pollAll();
    expect(outcomes.map((outcome) => "result" in outcome)).to.deep.equal([true, true]);

    const on = (chainId: bigint) => ({ chainId, owner: a.owner.address, grantee: a.grantee.address, dataId });
    expect(reader.isGranted(on(FIRST_CHAIN_ID))).to.equal(true);
    expect(reader.isGranted(on(SECOND_CHAIN_ID)), "second chain's grant is 0 blocks deep").to.equal(false);
    await second.networkHelpers.mine(1);
    await reader.poll({ chainId: SECOND_CHAIN_ID });
    expect(reader.isGranted(on(SECOND_CHAIN_ID))).to.equal(true);

    // Expire on the second chain only: its block time moves, the first chain's does not.
    const firstTime = reader.confirmedBlock({ chainId: FIRST_CHAIN_ID }).blockTimestamp;
    await second.networkHelpers.time.increase(1000);
    await second.networkHelpers.mine(1);
    await reader.pollAll();
    expect(reader.confirmedBlock({ chainId: SECOND_CHAIN_ID }).blockTimestamp >= expiresAt).to.equal(true);
    expect(reader.confirmedBlock({ chainId: FIRST_CHAIN_ID }).blockTimestamp).to.equal(firstTime);
    expect(reader.isGranted(on(SECOND_CHAIN_ID))).to.equal(false);
    expect(reader.isGranted(on(FIRST_CHAIN_ID))).to.equal(true);

    // Revoke and delete on the first chain only.
    await (await a.accessGrants.revoke(a.grantee.address, dataId)).wait();
    await (await a.accessGrants.requestDeletion(dataId)).wait();
    await reader.pollAll();
    expect(reader.isGranted(on(FIRST_CHAIN_ID))).to.equal(false);
    expect(typeof reader.deletionEffectiveAt({ chainId: FIRST_CHAIN_ID, dataId })).to.equal("bigint");
    expect(reader.deletionEffectiveAt({ chainId: SECOND_CHAIN_ID, dataId })).to.equal(undefined);
    expect(reader.granteesOf({ chainId: FIRST_CHAIN_ID, dataId })).to.deep.equal([]);
    expect(reader.granteesOf({ chainId: SECOND_CHAIN_ID, dataId }).map((grant) => grant.chainId)).to.deep.equal([
      SECOND_CHAIN_ID,
    ]);
    expect(reader.ownerOf({ chainId: FIRST_CHAIN_ID, dataId })).to.equal(a.owner.address);
    expect(reader.ownerOf({ chainId: SECOND_CHAIN_ID, dataId })).to.equal(b.owner.address);
    expect(reader.deletionsDue({ chainId: FIRST_CHAIN_ID }).map((record) => record.dataId)).to.deep.equal([dataId]);
    expect(reader.deletionsDue({ chainId: SECOND_CHAIN_ID })).to.deep.equal([]);
  });

  it("reports one chain's failure without stopping the others", async function () {
    const dataId = chainDataId("one-fails");
    const a = await deployOn(first, dataId);
    const b = await deployOn(second, dataId);
    const broken = countingProvider(second.ethers.provider);
    broken.failOn("getNetwork");
    const reader = new GrantReader({
      chains: [
        chainConfig({
          chainId: FIRST_CHAIN_ID,
          provider: first.ethers.provider,
          accessGrants: await a.accessGrants.getAddress(),
          fromBlock: a.fromBlock,
        }),
        chainConfig({
          chainId: SECOND_CHAIN_ID,
          provider: broken.provider,
          accessGrants: await b.accessGrants.getAddress(),
          fromBlock: b.fromBlock,
        }),
      ],
      store: new MemoryGrantViewStore(),
    });
    const [ok, failed] = await reader.pollAll();
    expect(ok).to.have.property("result");
    expect(failed).to.have.property("error");
    expect(reader.ownerOf({ chainId: FIRST_CHAIN_ID, dataId })).to.equal(a.owner.address);
    expect(() => reader.ownerOf({ chainId: SECOND_CHAIN_ID, dataId })).to.throw(ChainNotSyncedError);
  });

  it("refuses unknown chains, unsynced chains and duplicate configs", async function () {
    const dataId = chainDataId("errors");
    const a = await deployOn(first, dataId);
    const config = chainConfig({
      provider: first.ethers.provider,
      accessGrants: await a.accessGrants.getAddress(),
      fromBlock: a.fromBlock,
    });
    expect(() => new GrantReader({ chains: [config, config] })).to.throw(InvalidChainConfigError);
    const reader = new GrantReader({ chains: [config] });
    const query = { chainId: config.chainId, owner: a.owner.address, grantee: a.grantee.address, dataId };
    expect(() => reader.isGranted(query)).to.throw(ChainNotSyncedError);
    expect(() => reader.isGranted({ ...query, chainId: 5n })).to.throw(UnknownChainError);
    expect(() => reader.poll({ chainId: 5n })).to.throw(UnknownChainError);
  });
});
