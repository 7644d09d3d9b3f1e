import { expect } from "chai";
import { network } from "hardhat";

import { getGrant } from "../../../sdk/src/grants/get-grant.ts";
import { grant } from "../../../sdk/src/grants/grant.ts";
import { grantId } from "../../../sdk/src/grants/grant-id.ts";
import { isGranted } from "../../../sdk/src/grants/is-granted.ts";
import { revoke } from "../../../sdk/src/grants/revoke.ts";
import { accessGrantsFixture, loadFreshFixture } from "../../helpers/fixtures.ts";
import { increaseTo, latest } from "../../helpers/time.ts";

await network.getOrCreate();

describe("SDK isGranted / getGrant", function () {
  it("reads no grant before granting", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const triple = { owner: owners.EOA.address, grantee: signers.bob.address, dataId: owners.EOA.dataId };

    expect(await isGranted({ accessGrants, ...triple })).to.equal(false);
    expect(await getGrant({ accessGrants, ...triple })).to.deep.equal({
      grantId: grantId(triple),
      ...triple,
      exists: false,
      grantedAt: 0n,
      lockedUntil: 0n,
      expiresAt: 0n,
      nonce: 0n,
    });
  });

  it("reads a live grant as typed bigints, then its expiry", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const triple = { owner: owners.EOA.address, grantee: signers.bob.address, dataId: owners.EOA.dataId };
    const lockedUntil = (await latest()) + 100n;
    const expiresAt = (await latest()) + 1000n;
    const { hash } = await grant({
      accessGrants: accessGrants.connect(signers.alice),
      grantee: triple.grantee,
      dataId: triple.dataId,
      lockedUntil,
      expiresAt,
    });
    const block = await (await accessGrants.runner!.provider!.getTransactionReceipt(hash))!.getBlock();

    expect(await isGranted({ accessGrants, ...triple })).to.equal(true);
    const record = await getGrant({ accessGrants, ...triple });
    expect(record).to.deep.equal({
      grantId: grantId(triple),
      ...triple,
      exists: true,
      grantedAt: BigInt(block.timestamp),
      lockedUntil,
      expiresAt,
      nonce: 0n,
    });

    await increaseTo(expiresAt);
    expect(await isGranted({ accessGrants, ...triple })).to.equal(false);
    expect((await getGrant({ accessGrants, ...triple })).exists).to.equal(true);
  });

  it("reads a revoked grant as gone, with its nonce kept", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const alice = accessGrants.connect(signers.alice);
    const triple = { owner: owners.EOA.address, grantee: signers.bob.address, dataId: owners.EOA.dataId };
    await grant({ accessGrants: alice, grantee: triple.grantee, dataId: triple.dataId });
    await revoke({ accessGrants: alice, grantee: triple.grantee, dataId: triple.dataId });

    expect(await isGranted({ accessGrants, ...triple })).to.equal(false);
    const record = await getGrant({ accessGrants, ...triple });
    expect(record.exists).to.equal(false);
    expect(typeof record.nonce).to.equal("bigint");
  });
});
