import { expect } from "chai";
import fc from "fast-check";
import { ZeroHash, id } from "ethers";
import { network } from "hardhat";

import { ChainFollower } from "../../../sdk/src/chain/follower.ts";
import { GrantView } from "../../../sdk/src/chain/grant-view.ts";
import { MemoryGrantViewStore } from "../../../sdk/src/chain/memory-store.ts";
import { chainConfig, chainDataId } from "./helpers.ts";

const { ethers, networkHelpers } = await network.getOrCreate();
const CHAIN_ID = (await ethers.provider.getNetwork()).chainId;
const SCHEMA = id("idem:test:chain:schema");

const signers = await ethers.getSigners();
const OWNERS = [signers[0]!, signers[1]!];
const ISSUER = signers[2]!;
const GRANTEES = [signers[3]!, signers[4]!, signers[1]!];
const DATA = [0, 1, 2, 3];

/**
 * One step of a random history, sent to the real contract. Data `i` belongs to `OWNERS[i % 2]`; `d0`-`d2` are
 * anchored up front (`d2` as a credential by `ISSUER`), `d3` only by an `anchorCredential` step, so most steps are
 * valid. Steps that revert (revoke while locked, grant after deletion, ...) are part of the history too.
 */
type Action =
  | { kind: "anchorCredential"; data: number }
  | { kind: "setCredentialRevoked"; data: number; revoked: boolean }
  | { kind: "grant"; grantee: number; data: number; lock: number; expiry: number }
  | { kind: "revoke"; grantee: number; data: number }
  | { kind: "requestDeletion"; data: number }
  | { kind: "increaseTime"; seconds: number }
  | { kind: "toBoundary"; pick: number }
  | { kind: "mine"; blocks: number };

const grantee = fc.integer({ min: 0, max: GRANTEES.length - 1 });
const data = fc.constantFrom(...DATA);
/** 0 = none; otherwise seconds after the latest block. */
const offset = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 }));

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("anchorCredential" as const), data }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("setCredentialRevoked" as const), data, revoked: fc.boolean() }),
  },
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant("grant" as const), grantee, data, lock: offset, expiry: offset }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("revoke" as const), grantee, data }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("requestDeletion" as const), data }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("increaseTime" as const), seconds: fc.integer({ min: 1, max: 300 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("toBoundary" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("mine" as const), blocks: fc.integer({ min: 1, max: 3 }) }) },
);

describe("GrantView agrees with AccessGrants (property)", function () {
  it("isGranted, isCredentialGranted, anchors and deletion times match the contract after every step", async function () {
    this.timeout(300_000);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30, size: "max" }), async (actions) => {
        run += 1;
        const accessGrants = await ethers.deployContract("AccessGrants");
        const fromBlock = BigInt((await accessGrants.deploymentTransaction()!.wait())!.blockNumber);
        const address = await accessGrants.getAddress();
        const dataIds = DATA.map((i) => chainDataId(`property:${run}:${i}`));
        const view = new GrantView({ store: new MemoryGrantViewStore() });
        const follower = new ChainFollower({
          config: chainConfig({ provider: ethers.provider, accessGrants: address, fromBlock, pageSize: 3n }),
          view,
        });

        const ownerOf = (d: number) => OWNERS[d % OWNERS.length]!;
        await (await accessGrants.connect(ownerOf(0)).anchorData(dataIds[0]!, SCHEMA)).wait();
        await (await accessGrants.connect(ownerOf(1)).anchorData(dataIds[1]!, ZeroHash)).wait();
        await (await accessGrants.connect(ISSUER).anchorCredential(dataIds[2]!, ownerOf(2).address, SCHEMA)).wait();
        /** Every lock and expiry granted so far: `toBoundary` steps land exactly on one. */
        const boundaries: bigint[] = [];

        for (const step of [{ kind: "mine", blocks: 1 } as const, ...actions]) {
          const latest = BigInt(await networkHelpers.time.latest());
          const at = (value: number) => (value === 0 ? 0n : latest + BigInt(value));
          try {
            switch (step.kind) {
              case "anchorCredential":
                await (
                  await accessGrants
                    .connect(ISSUER)
                    .anchorCredential(dataIds[step.data]!, ownerOf(step.data).address, SCHEMA)
                ).wait();
                break;
              case "setCredentialRevoked":
                await (
                  await accessGrants.connect(ISSUER).setCredentialRevoked(dataIds[step.data]!, step.revoked)
                ).wait();
                break;
              case "grant":
                boundaries.push(at(step.lock), at(step.expiry));
                await (
                  await accessGrants
                    .connect(ownerOf(step.data))
                    .grant(
                      GRANTEES[step.grantee]!.address,
                      dataIds[step.data]!,
                      at(step.lock),
                      at(step.expiry),
                      ZeroHash,
                    )
                ).wait();
                break;
              case "revoke":
                await (
                  await accessGrants
                    .connect(ownerOf(step.data))
                    .revoke(GRANTEES[step.grantee]!.address, dataIds[step.data]!)
                ).wait();
                break;
              case "requestDeletion":
                await (await accessGrants.connect(ownerOf(step.data)).requestDeletion(dataIds[step.data]!)).wait();
                break;
              case "increaseTime":
                await networkHelpers.time.increase(step.seconds);
                break;
              case "toBoundary": {
                const ahead = boundaries.filter((time) => time > latest);
                if (ahead.length > 0) await networkHelpers.time.increaseTo(ahead[step.pick % ahead.length]!);
                break;
              }
              case "mine":
                await networkHelpers.mine(step.blocks);
                break;
            }
          } catch (error) {
            // A revert is part of a random history (re-anchor, revoke while locked, grant after deletion...).
            if (!String(error).includes("reverted")) throw error;
          }

          await follower.poll();
          const cursor = view.cursor({ chainId: CHAIN_ID })!;
          const blockTag = Number(cursor.blockNumber);
          expect(cursor.blockNumber).to.equal(BigInt(await ethers.provider.getBlockNumber()));

          const checks: Promise<void>[] = [];
          for (const [d, dataId] of dataIds.entries()) {
            checks.push(
              (async () => {
                const anchor = await accessGrants.getAnchor(dataId, { blockTag });
                const mine = view.anchorOf({ chainId: CHAIN_ID, dataId });
                const label = `data ${d}`;
                if (anchor.owner === ethers.ZeroAddress) expect(mine, label).to.equal(undefined);
                else {
                  expect(mine?.owner, label).to.equal(anchor.owner);
                  expect(mine?.issuer, label).to.equal(anchor.issuer);
                  expect(mine?.schema, label).to.equal(anchor.schema);
                  expect(mine?.issuerRevoked, label).to.equal(anchor.issuerRevoked);
                }
                const effectiveAt = await accessGrants.deletionEffectiveAt(dataId, { blockTag });
                expect(view.deletionEffectiveAt({ chainId: CHAIN_ID, dataId }) ?? 0n, label).to.equal(effectiveAt);
              })(),
            );
            for (const o of OWNERS) {
              for (const g of GRANTEES) {
                checks.push(
                  (async () => {
                    const query = { chainId: CHAIN_ID, owner: o.address, grantee: g.address, dataId };
                    const label = `${o.address} -> ${g.address} on data ${d} at block ${blockTag}`;
                    expect(view.isGranted(query), label).to.equal(
                      await accessGrants.isGranted(o.address, g.address, dataId, { blockTag }),
                    );
                    expect(
                      view.isCredentialGranted({ ...query, issuer: ISSUER.address, schema: SCHEMA }),
                      label,
                    ).to.equal(
                      await accessGrants.isCredentialGranted(o.address, g.address, dataId, ISSUER.address, SCHEMA, {
                        blockTag,
                      }),
                    );
                  })(),
                );
              }
            }
          }
          await Promise.all(checks);
        }
      }),
      { numRuns: 40 },
    );
  });
});
