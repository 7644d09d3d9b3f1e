import { expect } from "chai";
import { network } from "hardhat";

import { approveRequestBySig } from "../../../sdk/src/grants/approve-request-by-sig.ts";
import { burnDataNonce } from "../../../sdk/src/grants/burn-data-nonce.ts";
import { burnGrantNonce } from "../../../sdk/src/grants/burn-grant-nonce.ts";
import {
  ContractCallError,
  DeletionPendingError,
  InvalidNonceError,
  InvalidSignatureError,
  RequestDataMismatchError,
  RequestNotOpenError,
  SignatureExpiredError,
} from "../../../sdk/src/grants/contract-errors.ts";
import { declineRequest } from "../../../sdk/src/grants/decline-request.ts";
import { grantId } from "../../../sdk/src/grants/grant-id.ts";
import { requestDeletion } from "../../../sdk/src/grants/request-deletion.ts";
import { requestDeletionBySig } from "../../../sdk/src/grants/request-deletion-by-sig.ts";
import { requestGrant } from "../../../sdk/src/grants/request-grant.ts";
import { signDeletion } from "../../../sdk/src/grants/sign-deletion.ts";
import { signGrant } from "../../../sdk/src/grants/sign-grant.ts";
import { signRequestApproval } from "../../../sdk/src/grants/sign-request-approval.ts";
import { IdemError } from "../../../sdk/src/errors.ts";
import { digestOf, signDeletion as referenceSignDeletion } from "../../helpers/eip712.ts";
import { FAR_DEADLINE, PURPOSE, SIGNER_KINDS, accessGrantsFixture, loadFreshFixture } from "../../helpers/fixtures.ts";
import { latest, pinNextTimestamp } from "../../helpers/time.ts";
import { caught } from "./caught.ts";

const { ethers } = await network.getOrCreate();

describe("SDK signDeletion / requestDeletionBySig", function () {
  it("signDeletion signs what the contract tests' reference signer signs, with the anchor's nonce", async function () {
    const { accessGrants, owners, signers, domain } = await loadFreshFixture(accessGrantsFixture);
    const { dataId } = owners.EOA;

    const { authorization, signature } = await signDeletion({
      accessGrants,
      signer: signers.alice,
      dataId,
      deadline: FAR_DEADLINE,
    });

    expect(authorization).to.deep.equal({ owner: signers.alice.address, dataId, nonce: 0n, deadline: FAR_DEADLINE });
    expect(signature).to.equal(await referenceSignDeletion(signers.alice, domain, authorization));
    expect(ethers.recoverAddress(digestOf(domain, "RequestDeletion", authorization), signature)).to.equal(
      signers.alice.address,
    );
  });

  for (const kind of SIGNER_KINDS) {
    it(`a third party relays a deletion request signed by an ${kind} owner`, async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const owner = owners[kind];
      const signed = await signDeletion({
        accessGrants,
        signer: owner.signer,
        owner: owner.address,
        dataId: owner.dataId,
        deadline: FAR_DEADLINE,
      });

      const at = await pinNextTimestamp();
      const result = await requestDeletionBySig({ accessGrants: accessGrants.connect(signers.relayer), ...signed });

      expect(result).to.deep.equal({ hash: result.hash, owner: owner.address, dataId: owner.dataId, effectiveAt: at });
      expect((await ethers.provider.getTransaction(result.hash))?.from).to.equal(signers.relayer.address);
      expect((await accessGrants.getAnchor(owner.dataId)).nonce).to.equal(1n);
    });
  }

  it("throws InvalidNonceError when the signature is replayed", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const relayer = accessGrants.connect(signers.relayer);
    const signed = await signDeletion({
      accessGrants,
      signer: signers.alice,
      dataId: owners.EOA.dataId,
      deadline: FAR_DEADLINE,
    });
    await requestDeletionBySig({ accessGrants: relayer, ...signed });

    const error = await caught(requestDeletionBySig({ accessGrants: relayer, ...signed }), InvalidNonceError);

    expect([error.expected, error.given]).to.deep.equal([1n, 0n]);
  });

  it("throws InvalidNonceError when the owner burned the data nonce first", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const { dataId } = owners.EOA;
    const signed = await signDeletion({ accessGrants, signer: signers.alice, dataId, deadline: FAR_DEADLINE });
    await burnDataNonce({ accessGrants: accessGrants.connect(signers.alice), dataId });

    const error = await caught(
      requestDeletionBySig({ accessGrants: accessGrants.connect(signers.relayer), ...signed }),
      InvalidNonceError,
    );

    expect([error.expected, error.given]).to.deep.equal([1n, 0n]);
  });

  it("throws SignatureExpiredError with the deadline once it has passed", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const deadline = (await latest()) - 1n;
    const signed = await signDeletion({ accessGrants, signer: signers.alice, dataId: owners.EOA.dataId, deadline });

    const error = await caught(
      requestDeletionBySig({ accessGrants: accessGrants.connect(signers.relayer), ...signed }),
      SignatureExpiredError,
    );

    expect(error.deadline).to.equal(deadline);
  });

  it("throws InvalidSignatureError with the claimed owner when someone else signed", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const signed = await signDeletion({
      accessGrants,
      signer: signers.stranger,
      owner: signers.alice.address,
      dataId: owners.EOA.dataId,
      deadline: FAR_DEADLINE,
    });

    const error = await caught(
      requestDeletionBySig({ accessGrants: accessGrants.connect(signers.relayer), ...signed }),
      InvalidSignatureError,
    );

    expect(error.signer).to.equal(signers.alice.address);
  });

  it("throws DeletionPendingError when deletion was already requested directly", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const { dataId } = owners.EOA;
    const signed = await signDeletion({ accessGrants, signer: signers.alice, dataId, deadline: FAR_DEADLINE });
    const { effectiveAt } = await requestDeletion({ accessGrants: accessGrants.connect(signers.alice), dataId });

    const error = await caught(
      requestDeletionBySig({ accessGrants: accessGrants.connect(signers.relayer), ...signed }),
      DeletionPendingError,
    );

    expect([error.dataId, error.effectiveAt]).to.deep.equal([dataId, effectiveAt]);
  });
});

describe("SDK signRequestApproval / approveRequestBySig", function () {
  for (const kind of SIGNER_KINDS) {
    it(`the consumer relays the approval an ${kind} owner signed, on the request's terms`, async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const owner = owners[kind];
      const asConsumer = accessGrants.connect(signers.consumer);
      const lockedUntil = (await latest()) + 500n;
      const expiresAt = lockedUntil + 500n;
      const { requestId } = await requestGrant({
        accessGrants: asConsumer,
        owner: owner.address,
        dataId: owner.credentialId,
        lockedUntil,
        expiresAt,
        purpose: PURPOSE,
      });

      const signed = await signRequestApproval({
        accessGrants,
        signer: owner.signer,
        requestId,
        deadline: FAR_DEADLINE,
      });
      const result = await approveRequestBySig({ accessGrants: asConsumer, ...signed });

      expect(signed.authorization).to.deep.equal({
        owner: owner.address,
        grantee: signers.consumer.address,
        dataId: owner.credentialId,
        lockedUntil,
        expiresAt,
        purpose: PURPOSE,
        nonce: 0n,
        deadline: FAR_DEADLINE,
      });
      expect(result).to.deep.equal({
        hash: result.hash,
        requestId,
        grantId: grantId({ owner: owner.address, grantee: signers.consumer.address, dataId: owner.credentialId }),
        owner: owner.address,
        grantee: signers.consumer.address,
        dataId: owner.credentialId,
        lockedUntil,
        expiresAt,
        purpose: PURPOSE,
      });
      expect((await ethers.provider.getTransaction(result.hash))?.from).to.equal(signers.consumer.address);
      expect(await accessGrants.isGranted(owner.address, signers.consumer.address, owner.credentialId)).to.equal(true);
    });
  }

  it("signs for the dataId the owner picks when the request named none", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const asConsumer = accessGrants.connect(signers.consumer);
    const { requestId } = await requestGrant({ accessGrants: asConsumer, owner: owners.EOA.address });

    const signed = await signRequestApproval({
      accessGrants,
      signer: signers.alice,
      requestId,
      dataId: owners.EOA.dataId,
      deadline: FAR_DEADLINE,
    });
    const { dataId } = await approveRequestBySig({ accessGrants: asConsumer, ...signed });

    expect(dataId).to.equal(owners.EOA.dataId);
  });

  it("signRequestApproval throws IdemError when neither the request nor the caller names data", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const { requestId } = await requestGrant({
      accessGrants: accessGrants.connect(signers.consumer),
      owner: owners.EOA.address,
    });

    const error = await caught(
      signRequestApproval({ accessGrants, signer: signers.alice, requestId, deadline: FAR_DEADLINE }),
      IdemError,
    );

    expect(error).to.not.be.instanceOf(ContractCallError);
  });

  it("signRequestApproval throws RequestDataMismatchError before signing for other data than requested", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const { requestId } = await requestGrant({
      accessGrants: accessGrants.connect(signers.consumer),
      owner: owners.EOA.address,
      dataId: owners.EOA.dataId,
    });

    const error = await caught(
      signRequestApproval({
        accessGrants,
        signer: signers.alice,
        requestId,
        dataId: owners.EOA.credentialId,
        deadline: FAR_DEADLINE,
      }),
      RequestDataMismatchError,
    );

    expect([error.requested, error.given, error.data]).to.deep.equal([
      owners.EOA.dataId,
      owners.EOA.credentialId,
      undefined,
    ]);
  });

  it("signRequestApproval throws RequestNotOpenError before signing for a declined request", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const { requestId } = await requestGrant({
      accessGrants: accessGrants.connect(signers.consumer),
      owner: owners.EOA.address,
    });
    await declineRequest({ accessGrants: accessGrants.connect(signers.alice), requestId });

    const error = await caught(
      signRequestApproval({
        accessGrants,
        signer: signers.alice,
        requestId,
        dataId: owners.EOA.dataId,
        deadline: FAR_DEADLINE,
      }),
      RequestNotOpenError,
    );

    expect([error.requestId, error.status]).to.deep.equal([requestId, "Declined"]);
  });

  it("approveRequestBySig throws RequestDataMismatchError from the contract for a signature over other data", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const asConsumer = accessGrants.connect(signers.consumer);
    const { requestId } = await requestGrant({
      accessGrants: asConsumer,
      owner: owners.EOA.address,
      dataId: owners.EOA.dataId,
    });
    // Bypasses signRequestApproval's check: a Grant signature on the request's terms, but for other data.
    const { authorization, signature } = await signGrant({
      accessGrants,
      signer: signers.alice,
      grantee: signers.consumer.address,
      dataId: owners.EOA.credentialId,
      deadline: FAR_DEADLINE,
    });

    const error = await caught(
      approveRequestBySig({
        accessGrants: asConsumer,
        requestId,
        dataId: owners.EOA.credentialId,
        nonce: authorization.nonce,
        deadline: FAR_DEADLINE,
        signature,
      }),
      RequestDataMismatchError,
    );

    expect([error.requested, error.given]).to.deep.equal([owners.EOA.dataId, owners.EOA.credentialId]);
    expect(error.data).to.be.a("string");
  });

  it("approveRequestBySig throws InvalidSignatureError when someone other than the owner signed", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const asConsumer = accessGrants.connect(signers.consumer);
    const { requestId } = await requestGrant({
      accessGrants: asConsumer,
      owner: owners.EOA.address,
      dataId: owners.EOA.dataId,
    });
    const signed = await signRequestApproval({
      accessGrants,
      signer: signers.consumer,
      requestId,
      deadline: FAR_DEADLINE,
    });

    const error = await caught(approveRequestBySig({ accessGrants: asConsumer, ...signed }), InvalidSignatureError);

    expect(error.signer).to.equal(owners.EOA.address);
  });

  it("approveRequestBySig throws SignatureExpiredError once the deadline has passed", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const asConsumer = accessGrants.connect(signers.consumer);
    const { requestId } = await requestGrant({
      accessGrants: asConsumer,
      owner: owners.EOA.address,
      dataId: owners.EOA.dataId,
    });
    const deadline = (await latest()) - 1n;
    const signed = await signRequestApproval({ accessGrants, signer: signers.alice, requestId, deadline });

    const error = await caught(approveRequestBySig({ accessGrants: asConsumer, ...signed }), SignatureExpiredError);

    expect(error.deadline).to.equal(deadline);
  });

  it("approveRequestBySig throws InvalidNonceError when the owner burned the grant nonce first", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const asConsumer = accessGrants.connect(signers.consumer);
    const { requestId } = await requestGrant({
      accessGrants: asConsumer,
      owner: owners.EOA.address,
      dataId: owners.EOA.dataId,
    });
    const signed = await signRequestApproval({
      accessGrants,
      signer: signers.alice,
      requestId,
      deadline: FAR_DEADLINE,
    });
    await burnGrantNonce({
      accessGrants: accessGrants.connect(signers.alice),
      grantee: signers.consumer.address,
      dataId: owners.EOA.dataId,
    });

    const error = await caught(approveRequestBySig({ accessGrants: asConsumer, ...signed }), InvalidNonceError);

    expect([error.expected, error.given]).to.deep.equal([1n, 0n]);
  });

  it("approveRequestBySig throws RequestNotOpenError with status Approved when relayed twice", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const asConsumer = accessGrants.connect(signers.consumer);
    const { requestId } = await requestGrant({
      accessGrants: asConsumer,
      owner: owners.EOA.address,
      dataId: owners.EOA.dataId,
    });
    const signed = await signRequestApproval({
      accessGrants,
      signer: signers.alice,
      requestId,
      deadline: FAR_DEADLINE,
    });
    await approveRequestBySig({ accessGrants: asConsumer, ...signed });

    const error = await caught(approveRequestBySig({ accessGrants: asConsumer, ...signed }), RequestNotOpenError);

    expect(error.status).to.equal("Approved");
  });
});
