import { expect } from "chai";
import { network } from "hardhat";

import {
  NotRequestPartyError,
  RequestDataMismatchError,
  RequestExistsError,
  RequestNotOpenError,
} from "../../../sdk/src/grants/contract-errors.ts";
import { approveRequest } from "../../../sdk/src/grants/approve-request.ts";
import { grantId } from "../../../sdk/src/grants/grant-id.ts";
import { requestGrant } from "../../../sdk/src/grants/request-grant.ts";
import { requestId } from "../../../sdk/src/grants/request-id.ts";
import { PURPOSE, ZERO_BYTES32, accessGrantsFixture, loadFreshFixture } from "../../helpers/fixtures.ts";
import { latest } from "../../helpers/time.ts";
import { caught } from "./caught.ts";

await network.getOrCreate();

async function fixture() {
  const loaded = await loadFreshFixture(accessGrantsFixture);
  const { accessGrants, signers } = loaded;
  return {
    ...loaded,
    asConsumer: accessGrants.connect(signers.consumer),
    asAlice: accessGrants.connect(signers.alice),
  };
}

describe("SDK requestGrant / approveRequest", function () {
  it("requestGrant returns the request decoded from GrantRequested", async function () {
    const { asConsumer, owners, signers } = await fixture();
    const expiresAt = (await latest()) + 1000n;

    const result = await requestGrant({
      accessGrants: asConsumer,
      owner: owners.EOA.address,
      dataId: owners.EOA.dataId,
      expiresAt,
      purpose: PURPOSE,
    });

    expect(result).to.deep.equal({
      hash: result.hash,
      requestId: requestId({
        consumer: signers.consumer.address,
        owner: owners.EOA.address,
        dataId: owners.EOA.dataId,
        expiresAt,
        purpose: PURPOSE,
      }),
      owner: owners.EOA.address,
      consumer: signers.consumer.address,
      dataId: owners.EOA.dataId,
      lockedUntil: 0n,
      expiresAt,
      purpose: PURPOSE,
    });
  });

  it("throws RequestExistsError when the same request is open", async function () {
    const { asConsumer, owners } = await fixture();
    const { requestId: open } = await requestGrant({ accessGrants: asConsumer, owner: owners.EOA.address });

    const error = await caught(
      requestGrant({ accessGrants: asConsumer, owner: owners.EOA.address }),
      RequestExistsError,
    );

    expect(error.requestId).to.equal(open);
  });

  it("approveRequest grants the consumer and returns the request and the grant", async function () {
    const { asConsumer, asAlice, owners, signers, accessGrants } = await fixture();
    const lockedUntil = (await latest()) + 500n;
    const { requestId: id } = await requestGrant({
      accessGrants: asConsumer,
      owner: owners.EOA.address,
      lockedUntil,
      purpose: PURPOSE,
    });

    const result = await approveRequest({ accessGrants: asAlice, requestId: id, dataId: owners.EOA.credentialId });

    expect(result).to.deep.equal({
      hash: result.hash,
      requestId: id,
      grantId: grantId({
        owner: owners.EOA.address,
        grantee: signers.consumer.address,
        dataId: owners.EOA.credentialId,
      }),
      owner: owners.EOA.address,
      grantee: signers.consumer.address,
      dataId: owners.EOA.credentialId,
      lockedUntil,
      expiresAt: 0n,
      purpose: PURPOSE,
    });
    expect(
      await accessGrants.isGranted(owners.EOA.address, signers.consumer.address, owners.EOA.credentialId),
    ).to.equal(true);
  });

  it("throws RequestNotOpenError with status Approved when approved twice", async function () {
    const { asConsumer, asAlice, owners } = await fixture();
    const { requestId: id } = await requestGrant({ accessGrants: asConsumer, owner: owners.EOA.address });
    await approveRequest({ accessGrants: asAlice, requestId: id, dataId: owners.EOA.dataId });

    const error = await caught(
      approveRequest({ accessGrants: asAlice, requestId: id, dataId: owners.EOA.dataId }),
      RequestNotOpenError,
    );

    expect([error.requestId, error.status]).to.deep.equal([id, "Approved"]);
  });

  it("throws RequestNotOpenError with status None for an unknown request", async function () {
    const { asAlice, owners } = await fixture();

    const error = await caught(
      approveRequest({ accessGrants: asAlice, requestId: PURPOSE, dataId: owners.EOA.dataId }),
      RequestNotOpenError,
    );

    expect(error.status).to.equal("None");
  });

  it("throws NotRequestPartyError when someone other than the owner approves", async function () {
    const { asConsumer, accessGrants, owners, signers } = await fixture();
    const { requestId: id } = await requestGrant({ accessGrants: asConsumer, owner: owners.EOA.address });

    const error = await caught(
      approveRequest({
        accessGrants: accessGrants.connect(signers.stranger),
        requestId: id,
        dataId: owners.EOA.dataId,
      }),
      NotRequestPartyError,
    );

    expect([error.requestId, error.account]).to.deep.equal([id, signers.stranger.address]);
  });

  it("throws RequestDataMismatchError when the approval names other data", async function () {
    const { asConsumer, asAlice, owners } = await fixture();
    const { requestId: id } = await requestGrant({
      accessGrants: asConsumer,
      owner: owners.EOA.address,
      dataId: owners.EOA.dataId,
    });

    const error = await caught(
      approveRequest({ accessGrants: asAlice, requestId: id, dataId: owners.EOA.credentialId }),
      RequestDataMismatchError,
    );

    expect([error.requested, error.given]).to.deep.equal([owners.EOA.dataId, owners.EOA.credentialId]);
    expect(error.requested).to.not.equal(ZERO_BYTES32);
  });
});
