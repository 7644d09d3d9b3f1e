import { expect } from "chai";
import { network } from "hardhat";

import { burnDataNonce } from "../../../sdk/src/grants/burn-data-nonce.ts";
import { burnGrantNonce } from "../../../sdk/src/grants/burn-grant-nonce.ts";
import { cancelRequest } from "../../../sdk/src/grants/cancel-request.ts";
import {
  ContractCallError,
  GrantLockedError,
  GrantNotFoundError,
  InvalidNonceError,
  NotDataOwnerError,
  NotRequestPartyError,
  RequestNotOpenError,
  UnknownDataError,
} from "../../../sdk/src/grants/contract-errors.ts";
import { declineRequest } from "../../../sdk/src/grants/decline-request.ts";
import { deletionEffectiveAt } from "../../../sdk/src/grants/deletion-effective-at.ts";
import { getRequest } from "../../../sdk/src/grants/get-request.ts";
import { grant } from "../../../sdk/src/grants/grant.ts";
import { grantBySig } from "../../../sdk/src/grants/grant-by-sig.ts";
import { grantId } from "../../../sdk/src/grants/grant-id.ts";
import { isCredentialGranted } from "../../../sdk/src/grants/is-credential-granted.ts";
import { requestDeletion } from "../../../sdk/src/grants/request-deletion.ts";
import { requestGrant } from "../../../sdk/src/grants/request-grant.ts";
import { approveRequest } from "../../../sdk/src/grants/approve-request.ts";
import { revokeBatch } from "../../../sdk/src/grants/revoke-batch.ts";
import { signGrant } from "../../../sdk/src/grants/sign-grant.ts";
import { IdemError } from "../../../sdk/src/errors.ts";
import {
  FAR_DEADLINE,
  KYC_SCHEMA,
  NOTE_SCHEMA,
  PURPOSE,
  ZERO_ADDRESS,
  ZERO_BYTES32,
  accessGrantsFixture,
  loadFreshFixture,
} from "../../helpers/fixtures.ts";
import { latest, pinNextTimestamp } from "../../helpers/time.ts";
import { caught } from "./caught.ts";

await network.getOrCreate();

async function fixture() {
  const loaded = await loadFreshFixture(accessGrantsFixture);
  const { accessGrants, signers } = loaded;
  return {
    ...loaded,
    asAlice: accessGrants.connect(signers.alice),
    asConsumer: accessGrants.connect(signers.consumer),
  };
}

describe("SDK revokeBatch", function () {
  it("revokes every entry and returns one decoded Revoked event per entry, in order", async function () {
    const { accessGrants, asAlice, owners, signers } = await fixture();
    const { address: owner, dataId, credentialId } = owners.EOA;
    await grant({ accessGrants: asAlice, grantee: signers.bob.address, dataId });
    await grant({ accessGrants: asAlice, grantee: signers.carol.address, dataId: credentialId });

    const result = await revokeBatch({
      accessGrants: asAlice,
      revokes: [
        { grantee: signers.bob.address, dataId },
        { grantee: signers.carol.address, dataId: credentialId },
      ],
    });

    expect(result).to.deep.equal({
      hash: result.hash,
      revokes: [
        {
          grantId: grantId({ owner, grantee: signers.bob.address, dataId }),
          owner,
          grantee: signers.bob.address,
          dataId,
        },
        {
          grantId: grantId({ owner, grantee: signers.carol.address, dataId: credentialId }),
          owner,
          grantee: signers.carol.address,
          dataId: credentialId,
        },
      ],
    });
    expect(await accessGrants.isGranted(owner, signers.bob.address, dataId)).to.equal(false);
    expect(await accessGrants.isGranted(owner, signers.carol.address, credentialId)).to.equal(false);
  });

  it("throws IdemError before sending when the batch is empty", async function () {
    const { asAlice } = await fixture();

    const error = await caught(revokeBatch({ accessGrants: asAlice, revokes: [] }), IdemError);

    expect(error).to.not.be.instanceOf(ContractCallError);
    expect(error.shortMessage).to.equal("A batch must hold at least one revoke.");
  });

  it("throws GrantLockedError for a locked entry and revokes none of the batch", async function () {
    const { accessGrants, asAlice, owners, signers } = await fixture();
    const { address: owner, dataId, credentialId } = owners.EOA;
    const lockedUntil = (await latest()) + 1000n;
    await grant({ accessGrants: asAlice, grantee: signers.bob.address, dataId });
    await grant({ accessGrants: asAlice, grantee: signers.carol.address, dataId: credentialId, lockedUntil });

    const error = await caught(
      revokeBatch({
        accessGrants: asAlice,
        revokes: [
          { grantee: signers.bob.address, dataId },
          { grantee: signers.carol.address, dataId: credentialId },
        ],
      }),
      GrantLockedError,
    );

    expect([error.grantId, error.lockedUntil]).to.deep.equal([
      grantId({ owner, grantee: signers.carol.address, dataId: credentialId }),
      lockedUntil,
    ]);
    expect(await accessGrants.isGranted(owner, signers.bob.address, dataId)).to.equal(true);
  });

  it("throws GrantNotFoundError for an entry with no live grant", async function () {
    const { asAlice, owners, signers } = await fixture();

    const error = await caught(
      revokeBatch({ accessGrants: asAlice, revokes: [{ grantee: signers.bob.address, dataId: owners.EOA.dataId }] }),
      GrantNotFoundError,
    );

    expect(error.grantId).to.equal(
      grantId({ owner: owners.EOA.address, grantee: signers.bob.address, dataId: owners.EOA.dataId }),
    );
  });
});

describe("SDK burnGrantNonce / burnDataNonce", function () {
  it("burnGrantNonce returns the new nonce from GrantNonceBurned and voids an unrelayed grant signature", async function () {
    const { accessGrants, asAlice, owners, signers } = await fixture();
    const { address: owner, dataId } = owners.EOA;
    const signed = await signGrant({
      accessGrants,
      signer: signers.alice,
      grantee: signers.bob.address,
      dataId,
      deadline: FAR_DEADLINE,
    });

    const result = await burnGrantNonce({ accessGrants: asAlice, grantee: signers.bob.address, dataId });

    expect(result).to.deep.equal({
      hash: result.hash,
      grantId: grantId({ owner, grantee: signers.bob.address, dataId }),
      owner,
      grantee: signers.bob.address,
      dataId,
      nonce: 1n,
    });
    const error = await caught(
      grantBySig({ accessGrants: accessGrants.connect(signers.relayer), ...signed }),
      InvalidNonceError,
    );
    expect([error.expected, error.given]).to.deep.equal([1n, 0n]);
  });

  it("burnDataNonce returns the new nonce from DataNonceBurned and advances the anchor's nonce", async function () {
    const { accessGrants, asAlice, owners } = await fixture();
    const { address: owner, dataId } = owners.EOA;

    const first = await burnDataNonce({ accessGrants: asAlice, dataId });
    const second = await burnDataNonce({ accessGrants: asAlice, dataId });

    expect(first).to.deep.equal({ hash: first.hash, owner, dataId, nonce: 1n });
    expect(second.nonce).to.equal(2n);
    expect((await accessGrants.getAnchor(dataId)).nonce).to.equal(2n);
  });

  it("burnDataNonce throws NotDataOwnerError on another owner's data", async function () {
    const { asAlice, carolDataId, signers } = await fixture();

    const error = await caught(burnDataNonce({ accessGrants: asAlice, dataId: carolDataId }), NotDataOwnerError);

    expect([error.dataId, error.owner, error.account]).to.deep.equal([
      carolDataId,
      signers.carol.address,
      signers.alice.address,
    ]);
  });

  it("burnDataNonce throws UnknownDataError on data never anchored", async function () {
    const { asAlice, unanchoredId } = await fixture();

    const error = await caught(burnDataNonce({ accessGrants: asAlice, dataId: unanchoredId }), UnknownDataError);

    expect(error.dataId).to.equal(unanchoredId);
  });
});

describe("SDK getRequest / cancelRequest / declineRequest", function () {
  it("getRequest returns an open request's terms with its status by name", async function () {
    const { asConsumer, accessGrants, owners, signers } = await fixture();
    const lockedUntil = (await latest()) + 500n;
    const expiresAt = lockedUntil + 500n;
    const { requestId } = await requestGrant({
      accessGrants: asConsumer,
      owner: owners.EOA.address,
      dataId: owners.EOA.credentialId,
      lockedUntil,
      expiresAt,
      purpose: PURPOSE,
    });

    expect(await getRequest({ accessGrants, requestId })).to.deep.equal({
      requestId,
      status: "Open",
      consumer: signers.consumer.address,
      owner: owners.EOA.address,
      dataId: owners.EOA.credentialId,
      lockedUntil,
      expiresAt,
      purpose: PURPOSE,
    });
  });

  it("getRequest returns status None and zero fields for an unknown request", async function () {
    const { accessGrants } = await fixture();

    expect(await getRequest({ accessGrants, requestId: PURPOSE })).to.deep.equal({
      requestId: PURPOSE,
      status: "None",
      consumer: ZERO_ADDRESS,
      owner: ZERO_ADDRESS,
      dataId: ZERO_BYTES32,
      lockedUntil: 0n,
      expiresAt: 0n,
      purpose: ZERO_BYTES32,
    });
  });

  it("cancelRequest returns the request id from GrantRequestCancelled and the request reads Cancelled", async function () {
    const { asConsumer, accessGrants, owners } = await fixture();
    const { requestId } = await requestGrant({ accessGrants: asConsumer, owner: owners.EOA.address });

    const result = await cancelRequest({ accessGrants: asConsumer, requestId });

    expect(result).to.deep.equal({ hash: result.hash, requestId });
    expect((await getRequest({ accessGrants, requestId })).status).to.equal("Cancelled");
  });

  it("cancelRequest throws RequestNotOpenError with status Cancelled when cancelled twice", async function () {
    const { asConsumer, owners } = await fixture();
    const { requestId } = await requestGrant({ accessGrants: asConsumer, owner: owners.EOA.address });
    await cancelRequest({ accessGrants: asConsumer, requestId });

    const error = await caught(cancelRequest({ accessGrants: asConsumer, requestId }), RequestNotOpenError);

    expect([error.requestId, error.status]).to.deep.equal([requestId, "Cancelled"]);
  });

  it("cancelRequest throws NotRequestPartyError when the owner, not the consumer, cancels", async function () {
    const { asConsumer, asAlice, owners, signers } = await fixture();
    const { requestId } = await requestGrant({ accessGrants: asConsumer, owner: owners.EOA.address });

    const error = await caught(cancelRequest({ accessGrants: asAlice, requestId }), NotRequestPartyError);

    expect([error.requestId, error.account]).to.deep.equal([requestId, signers.alice.address]);
  });

  it("declineRequest returns the request id from GrantRequestDeclined; approving it then fails", async function () {
    const { asConsumer, asAlice, accessGrants, owners } = await fixture();
    const { requestId } = await requestGrant({ accessGrants: asConsumer, owner: owners.EOA.address });

    const result = await declineRequest({ accessGrants: asAlice, requestId });

    expect(result).to.deep.equal({ hash: result.hash, requestId });
    expect((await getRequest({ accessGrants, requestId })).status).to.equal("Declined");
    const error = await caught(
      approveRequest({ accessGrants: asAlice, requestId, dataId: owners.EOA.dataId }),
      RequestNotOpenError,
    );
    expect(error.status).to.equal("Declined");
  });

  it("declineRequest throws NotRequestPartyError when the consumer, not the owner, declines", async function () {
    const { asConsumer, owners, signers } = await fixture();
    const { requestId } = await requestGrant({ accessGrants: asConsumer, owner: owners.EOA.address });

    const error = await caught(declineRequest({ accessGrants: asConsumer, requestId }), NotRequestPartyError);

    expect([error.requestId, error.account]).to.deep.equal([requestId, signers.consumer.address]);
  });

  it("declineRequest throws RequestNotOpenError with status None for an unknown request", async function () {
    const { asAlice } = await fixture();

    const error = await caught(declineRequest({ accessGrants: asAlice, requestId: PURPOSE }), RequestNotOpenError);

    expect(error.status).to.equal("None");
  });
});

describe("SDK isCredentialGranted / deletionEffectiveAt", function () {
  it("isCredentialGranted is true only for a live grant of an unrevoked credential of that issuer and schema", async function () {
    const { accessGrants, asAlice, owners, signers } = await fixture();
    const { address: owner, credentialId, dataId } = owners.EOA;
    const query = { accessGrants, owner, grantee: signers.bob.address, issuer: signers.issuer.address };
    expect(await isCredentialGranted({ ...query, dataId: credentialId, schema: KYC_SCHEMA })).to.equal(false);

    await grant({ accessGrants: asAlice, grantee: signers.bob.address, dataId: credentialId });
    await grant({ accessGrants: asAlice, grantee: signers.bob.address, dataId });

    expect(await isCredentialGranted({ ...query, dataId: credentialId, schema: KYC_SCHEMA })).to.equal(true);
    expect(await isCredentialGranted({ ...query, dataId: credentialId, schema: NOTE_SCHEMA })).to.equal(false);
    expect(
      await isCredentialGranted({ ...query, dataId: credentialId, schema: KYC_SCHEMA, issuer: signers.carol.address }),
    ).to.equal(false);
    expect(await isCredentialGranted({ ...query, dataId, schema: NOTE_SCHEMA })).to.equal(false);

    await accessGrants.connect(signers.issuer).setCredentialRevoked(credentialId, true);
    expect(await isCredentialGranted({ ...query, dataId: credentialId, schema: KYC_SCHEMA })).to.equal(false);
  });

  it("deletionEffectiveAt is 0 before a request and the request time after it", async function () {
    const { accessGrants, asAlice, owners } = await fixture();
    const { dataId } = owners.EOA;
    expect(await deletionEffectiveAt({ accessGrants, dataId })).to.equal(0n);

    const at = await pinNextTimestamp();
    const { effectiveAt } = await requestDeletion({ accessGrants: asAlice, dataId });

    expect(effectiveAt).to.equal(at);
    expect(await deletionEffectiveAt({ accessGrants, dataId })).to.equal(at);
  });

  it("deletionEffectiveAt is the latest lock on the data when that comes later", async function () {
    const { accessGrants, asAlice, owners, signers } = await fixture();
    const { dataId } = owners.EOA;
    const lockedUntil = (await latest()) + 1000n;
    await grant({ accessGrants: asAlice, grantee: signers.bob.address, dataId, lockedUntil });

    await requestDeletion({ accessGrants: asAlice, dataId });

    expect(await deletionEffectiveAt({ accessGrants, dataId })).to.equal(lockedUntil);
  });
});
