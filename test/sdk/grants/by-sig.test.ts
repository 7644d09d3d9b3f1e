import { expect } from "chai";
import { network } from "hardhat";

import {
  InvalidNonceError,
  InvalidSignatureError,
  SignatureExpiredError,
} from "../../../sdk/src/grants/contract-errors.ts";
import { grant } from "../../../sdk/src/grants/grant.ts";
import { grantBySig } from "../../../sdk/src/grants/grant-by-sig.ts";
import { grantId } from "../../../sdk/src/grants/grant-id.ts";
import { revokeBySig } from "../../../sdk/src/grants/revoke-by-sig.ts";
import { signGrant } from "../../../sdk/src/grants/sign-grant.ts";
import { signRevoke } from "../../../sdk/src/grants/sign-revoke.ts";
import { digestOf, signGrant as referenceSignGrant } from "../../helpers/eip712.ts";
import { FAR_DEADLINE, PURPOSE, SIGNER_KINDS, accessGrantsFixture, loadFreshFixture } from "../../helpers/fixtures.ts";
import { latest } from "../../helpers/time.ts";
import { caught } from "./caught.ts";

const { ethers } = await network.getOrCreate();

describe("SDK signGrant / grantBySig / signRevoke / revokeBySig", function () {
  it("signGrant signs what the contract tests' reference signer signs, with the current nonce", async function () {
    const { accessGrants, owners, signers, domain } = await loadFreshFixture(accessGrantsFixture);
    const { dataId } = owners.EOA;

    const { authorization, signature } = await signGrant({
      accessGrants,
      signer: signers.alice,
      grantee: signers.bob.address,
      dataId,
      purpose: PURPOSE,
      deadline: FAR_DEADLINE,
    });

    expect(authorization).to.deep.equal({
      owner: signers.alice.address,
      grantee: signers.bob.address,
      dataId,
      lockedUntil: 0n,
      expiresAt: 0n,
      purpose: PURPOSE,
      nonce: 0n,
      deadline: FAR_DEADLINE,
    });
    expect(signature).to.equal(await referenceSignGrant(signers.alice, domain, authorization));
    expect(ethers.recoverAddress(digestOf(domain, "Grant", authorization), signature)).to.equal(signers.alice.address);
  });

  for (const kind of SIGNER_KINDS) {
    it(`a third party relays a grant signed by an ${kind} owner`, async function () {
      const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
      const owner = owners[kind];
      const expiresAt = (await latest()) + 1000n;

      const signed = await signGrant({
        accessGrants,
        signer: owner.signer,
        owner: owner.address,
        grantee: signers.bob.address,
        dataId: owner.dataId,
        expiresAt,
        purpose: PURPOSE,
        deadline: FAR_DEADLINE,
      });
      const result = await grantBySig({ accessGrants: accessGrants.connect(signers.relayer), ...signed });

      expect(result).to.deep.equal({
        hash: result.hash,
        grantId: grantId({ owner: owner.address, grantee: signers.bob.address, dataId: owner.dataId }),
        owner: owner.address,
        grantee: signers.bob.address,
        dataId: owner.dataId,
        lockedUntil: 0n,
        expiresAt,
        purpose: PURPOSE,
      });
      const tx = await ethers.provider.getTransaction(result.hash);
      expect(tx?.from).to.equal(signers.relayer.address);
      expect(await accessGrants.isGranted(owner.address, signers.bob.address, owner.dataId)).to.equal(true);
    });
  }

  it("throws InvalidNonceError with expected and given when the signature is replayed", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const relayer = accessGrants.connect(signers.relayer);
    const signed = await signGrant({
      accessGrants,
      signer: signers.alice,
      grantee: signers.bob.address,
      dataId: owners.EOA.dataId,
      deadline: FAR_DEADLINE,
    });
    await grantBySig({ accessGrants: relayer, ...signed });

    const error = await caught(grantBySig({ accessGrants: relayer, ...signed }), InvalidNonceError);

    expect([error.expected, error.given]).to.deep.equal([1n, 0n]);
  });

  it("reads the advanced nonce for the next signature", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const relayer = accessGrants.connect(signers.relayer);
    const terms = { accessGrants, signer: signers.alice, grantee: signers.bob.address, dataId: owners.EOA.dataId };
    await grantBySig({ accessGrants: relayer, ...(await signGrant({ ...terms, deadline: FAR_DEADLINE })) });

    const second = await signGrant({ ...terms, deadline: FAR_DEADLINE, purpose: PURPOSE });
    await grantBySig({ accessGrants: relayer, ...second });

    expect(second.authorization.nonce).to.equal(1n);
  });

  it("throws SignatureExpiredError with the deadline once it has passed", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const deadline = (await latest()) - 1n;
    const signed = await signGrant({
      accessGrants,
      signer: signers.alice,
      grantee: signers.bob.address,
      dataId: owners.EOA.dataId,
      deadline,
    });

    const error = await caught(
      grantBySig({ accessGrants: accessGrants.connect(signers.relayer), ...signed }),
      SignatureExpiredError,
    );

    expect(error.deadline).to.equal(deadline);
  });

  it("throws InvalidSignatureError with the claimed signer when someone else signed", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const signed = await signGrant({
      accessGrants,
      signer: signers.stranger,
      owner: signers.alice.address,
      grantee: signers.bob.address,
      dataId: owners.EOA.dataId,
      deadline: FAR_DEADLINE,
    });

    const error = await caught(
      grantBySig({ accessGrants: accessGrants.connect(signers.relayer), ...signed }),
      InvalidSignatureError,
    );

    expect(error.signer).to.equal(signers.alice.address);
  });

  it("a signature for another chain id is refused", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const signed = await signGrant({
      accessGrants,
      signer: signers.alice,
      grantee: signers.bob.address,
      dataId: owners.EOA.dataId,
      deadline: FAR_DEADLINE,
      chainId: 1n,
    });

    await caught(grantBySig({ accessGrants: accessGrants.connect(signers.relayer), ...signed }), InvalidSignatureError);
  });

  it("a third party relays a signed revoke, and the revoke signature cannot be replayed", async function () {
    const { accessGrants, owners, signers } = await loadFreshFixture(accessGrantsFixture);
    const { dataId } = owners.EOA;
    const relayer = accessGrants.connect(signers.relayer);
    await grant({ accessGrants: accessGrants.connect(signers.alice), grantee: signers.bob.address, dataId });

    const signed = await signRevoke({
      accessGrants,
      signer: signers.alice,
      grantee: signers.bob.address,
      dataId,
      deadline: FAR_DEADLINE,
    });
    const result = await revokeBySig({ accessGrants: relayer, ...signed });

    expect(result).to.deep.equal({
      hash: result.hash,
      grantId: grantId({ owner: signers.alice.address, grantee: signers.bob.address, dataId }),
      owner: signers.alice.address,
      grantee: signers.bob.address,
      dataId,
    });
    expect(await accessGrants.isGranted(signers.alice.address, signers.bob.address, dataId)).to.equal(false);
    const error = await caught(revokeBySig({ accessGrants: relayer, ...signed }), InvalidNonceError);
    expect(error.given).to.equal(signed.authorization.nonce);
  });
});
