import { expect } from "chai";
import { ZeroHash, id } from "ethers";
import { network } from "hardhat";

import { grantId } from "../../../sdk/src/grants/grant-id.ts";
import { requestId } from "../../../sdk/src/grants/request-id.ts";
import { requestGrant } from "../../../sdk/src/grants/request-grant.ts";
import { PURPOSE, accessGrantsFixture, dataIdFor, loadFreshFixture } from "../../helpers/fixtures.ts";
import { latest } from "../../helpers/time.ts";

const { ethers } = await network.getOrCreate();

describe("SDK grantId / requestId", function () {
  it("grantId equals the contract's grantId() for every owner kind", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    for (const owner of Object.values(owners)) {
      const triple = { owner: owner.address, grantee: signers.bob.address, dataId: owner.dataId };
      expect(grantId(triple)).to.equal(await accessGrants.grantId(triple.owner, triple.grantee, triple.dataId));
    }
  });

  it("grantId tells owner, grantee and dataId apart", async function () {
    const [a, b] = await ethers.getSigners();
    const dataId = dataIdFor("x");
    expect(grantId({ owner: a!.address, grantee: b!.address, dataId })).to.not.equal(
      grantId({ owner: b!.address, grantee: a!.address, dataId }),
    );
  });

  it("requestId equals what requestGrant returns and emits", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const consumerContract = accessGrants.connect(signers.consumer);
    const terms = {
      owner: owners.EOA.address,
      dataId: owners.EOA.dataId,
      lockedUntil: (await latest()) + 100n,
      expiresAt: (await latest()) + 1000n,
      purpose: PURPOSE,
    };
    const expected = requestId({ consumer: signers.consumer.address, ...terms });

    const returned = await consumerContract.requestGrant.staticCall(
      terms.owner,
      terms.dataId,
      terms.lockedUntil,
      terms.expiresAt,
      terms.purpose,
    );
    const emitted = await requestGrant({ accessGrants: consumerContract, ...terms });

    expect(returned).to.equal(expected);
    expect(emitted.requestId).to.equal(expected);
  });

  it("requestId defaults match requestGrant's (any data, no lock, no expiry, no purpose)", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const { requestId: emitted } = await requestGrant({
      accessGrants: accessGrants.connect(signers.consumer),
      owner: owners.EOA.address,
    });
    expect(emitted).to.equal(requestId({ consumer: signers.consumer.address, owner: owners.EOA.address }));
    expect(emitted).to.equal(
      requestId({
        consumer: signers.consumer.address,
        owner: owners.EOA.address,
        dataId: ZeroHash,
        lockedUntil: 0n,
        expiresAt: 0n,
        purpose: ZeroHash,
      }),
    );
    expect(emitted).to.not.equal(
      requestId({ consumer: signers.consumer.address, owner: owners.EOA.address, purpose: id("other") }),
    );
  });
});
