/**
 * The role facades (Issuer, User, Consumer) end to end against three real data nodes (SQLite + Helia each) and
 * the real AccessGrants and KeyRegistry on Hardhat's in-process chain; the nodes' GrantReader is polled after
 * each chain write through the context's `afterChainWrite`.
 */
import { expect } from "chai";
import { ZeroHash, getBytes, hexlify, id, randomBytes } from "ethers";

import { getAnchor } from "../../../sdk/src/anchors/get-anchor.ts";
import { schemaId } from "../../../sdk/src/anchors/schema-id.ts";
import { IssuerKey } from "../../../sdk/src/credentials/issuer-key.ts";
import { createStatusListCredential } from "../../../sdk/src/credentials/status-list.ts";
import type { StatusListCredential } from "../../../sdk/src/credentials/status-list.ts";
import { GrantLockedError, NotIssuerError } from "../../../sdk/src/grants/contract-errors.ts";
import { getRequest } from "../../../sdk/src/grants/get-request.ts";
import { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";
import { EncryptionKeyMismatchError, NoEncryptionKeyError } from "../../../sdk/src/registries/errors.ts";
import { Consumer } from "../../../sdk/src/roles/consumer.ts";
import { Issuer, KYC_SCHEMA_TYPE } from "../../../sdk/src/roles/issuer.ts";
import { User } from "../../../sdk/src/roles/user.ts";
import { NodeHttpError } from "../../../sdk/src/storage/errors.ts";
import { caught } from "../grants/caught.ts";
import { YEAR, rolesFixture } from "./helpers.ts";
import type { RolesFixture } from "./helpers.ts";

describe("sdk roles: Issuer, User and Consumer on three real nodes", function () {
  this.timeout(120_000);
  let f: RolesFixture;
  let issuerKey: IssuerKey;
  let issuer: Issuer;
  let user: User;
  let consumer: Consumer;
  let statusList: StatusListCredential;

  before(async function () {
    f = await rolesFixture();
    issuerKey = await IssuerKey.generate();
    issuer = new Issuer({ issuerKey, context: { ...f.shared, signer: f.stranger } });
    user = await User.connect({ ...f.shared, signer: f.owner, nodeUrls: f.nodeUrls, keyPair: f.ownerKey });
    consumer = await Consumer.connect({ ...f.shared, signer: f.grantee, nodeUrls: f.nodeUrls, keyPair: f.granteeKey });
    statusList = await createStatusListCredential({
      issuerKey,
      id: "https://kyc.example/status/1",
      statusPurpose: "revocation",
    });
  });

  after(async function () {
    await f?.close();
  });

  it("runs the four-role flow: issue, anchor, store, request, approve, relay, read, verify, locked revoke, revoke", async function () {
    // Issuer: a KYC credential for the user, its dataId anchored to the user with the issuer named.
    const { credential, dataId, anchor } = await issuer.issueAndAnchor({
      subject: f.owner.address,
      claims: { kycLevel: "enhanced", ageOver18: true, residenceCountry: "DE" },
      statusList: { credential: statusList, index: 7 },
    });
    expect(anchor.owner).to.equal(f.owner.address);
    expect(anchor.issuer).to.equal(f.stranger.address);
    expect(anchor.schema).to.equal(schemaId(KYC_SCHEMA_TYPE));
    expect(credential.credentialSubject.id).to.equal(`did:pkh:eip155:${f.shared.chainId}:${f.owner.address}`);

    // User: stores it on the three nodes (quorum 2); the issuer's anchor stands, no second anchor.
    const stored = await user.storeCredential({ credential, dataId });
    expect(stored.dataId).to.equal(dataId.toLowerCase());
    expect(stored.anchorHash).to.equal(undefined);
    expect(stored.cid).to.match(/^bafkrei/);
    expect(stored.stored).to.have.length.of.at.least(2);

    // Consumer: requests a five-year timelocked grant with a purpose.
    const lockedUntil = BigInt(await f.networkHelpers.time.latest()) + 5n * YEAR;
    const purpose = id("aml-record-keeping");
    const requested = await consumer.requestGrant({ owner: f.owner.address, dataId, lockedUntil, purpose });
    expect(requested.consumer).to.equal(f.grantee.address);
    expect(requested.purpose).to.equal(purpose);
    expect(await consumer.isGranted({ owner: f.owner.address, dataId })).to.equal(false);

    // User approves by signature (no transaction) and adds the consumer's reader slot; the consumer relays.
    const { approval, readerSlot } = await user.approveRequest({ requestId: requested.requestId, dataId });
    expect(approval.authorization.grantee).to.equal(f.grantee.address);
    expect(approval.authorization.lockedUntil).to.equal(lockedUntil);
    expect(readerSlot.stored).to.have.length.of.at.least(2);
    expect((await getRequest({ accessGrants: f.accessGrants, requestId: requested.requestId })).status).to.equal(
      "Open",
    );
    const relayed = await consumer.relayApproval(approval);
    expect(relayed.requestId).to.equal(requested.requestId);
    expect(relayed.grantee).to.equal(f.grantee.address);
    expect(relayed.lockedUntil).to.equal(lockedUntil);
    expect(await consumer.isGranted({ owner: f.owner.address, dataId })).to.equal(true);

    // Consumer reads and decrypts, then verifies: signature, trusted issuer, status ok.
    await f.poll();
    const read = await consumer.read({ dataId });
    expect(read.cid).to.equal(stored.cid);
    expect(read.json()).to.deep.equal(credential);
    const verified = await consumer.verify({
      credential: read.json(),
      trustedIssuers: [issuer.did],
      statusLists: [statusList],
      requireStatus: true,
    });
    expect(verified.errors).to.deep.equal([]);
    expect(verified.checks).to.deep.equal({ signature: true, issuerTrusted: true, validity: "valid", status: "ok" });
    expect(verified.verified).to.equal(true);
    const audit = await user.auditTrail({ dataId });
    expect(audit.entries.map((entry) => entry.reader)).to.include(f.grantee.address);

    // While locked, the user cannot revoke.
    const locked = await caught(user.revoke({ grantee: f.grantee.address, dataId }), GrantLockedError);
    expect(locked.grantId).to.equal(relayed.grantId);
    expect(locked.lockedUntil).to.equal(lockedUntil);

    // Past the lock the revoke goes through, and once the nodes have seen it the read is refused.
    await f.networkHelpers.time.increase(5n * YEAR + 86_400n);
    const revoked = await user.revoke({ grantee: f.grantee.address, dataId });
    expect(revoked.grantee).to.equal(f.grantee.address);
    await f.poll();
    expect(await consumer.isGranted({ owner: f.owner.address, dataId })).to.equal(false);
    const refused = await caught(consumer.read({ dataId }), NodeHttpError);
    expect(refused.status).to.equal(403);
    expect(refused.code).to.equal("NOT_GRANTED");
  });

  it("stores self-added bytes (anchoring them to the user), grants directly, and requests deletion", async function () {
    const payload = getBytes(randomBytes(64));
    const stored = await user.storeCredential({ bytes: payload });
    expect(stored.anchorHash).to.match(/^0x[0-9a-f]{64}$/);
    const anchor = await getAnchor({ accessGrants: f.accessGrants, dataId: stored.dataId });
    expect(anchor.owner).to.equal(f.owner.address);
    expect(anchor.issuer).to.equal(f.owner.address);
    expect(anchor.schema).to.equal(ZeroHash);

    const granted = await user.grant({ grantee: f.grantee.address, dataId: stored.dataId, purpose: id("age-check") });
    expect(granted.purpose).to.equal(id("age-check"));
    expect(granted.readerSlot.stored).to.have.length.of.at.least(2);
    expect((await consumer.read({ dataId: stored.dataId })).bytes).to.deep.equal(payload);

    const deletion = await user.requestDeletion({ dataId: stored.dataId });
    expect(deletion.dataId).to.equal(stored.dataId);
    expect(deletion.effectiveAt > 0n).to.equal(true);
  });

  it("seals reader slots at store time for the readers' registered keys", async function () {
    const stored = await user.storeCredential({
      bytes: new TextEncoder().encode("shared at once"),
      readers: [f.grantee.address],
    });
    await user.grant({ grantee: f.grantee.address, dataId: stored.dataId });
    expect(new TextDecoder().decode((await consumer.read({ dataId: stored.dataId })).bytes)).to.equal("shared at once");
  });

  it("refuses to grant to an account without a registered key, before any transaction", async function () {
    const stored = await user.storeCredential({ bytes: new TextEncoder().encode("x") });
    const before = await f.ethers.provider.getTransactionCount(f.owner.address);
    const error = await caught(
      user.grant({ grantee: f.stranger.address, dataId: stored.dataId }),
      NoEncryptionKeyError,
    );
    expect(error.shortMessage).to.be.a("string");
    expect(await f.ethers.provider.getTransactionCount(f.owner.address)).to.equal(before);
  });

  it("refuses a consumer's request when its key pair is not the one it registered", async function () {
    const impostor = new Consumer({
      context: { ...f.shared, signer: f.grantee, sessions: [] },
      keyPair: EncryptionKeyPair.generate(),
    });
    await caught(
      impostor.requestGrant({ owner: f.owner.address, dataId: hexlify(randomBytes(32)), purpose: id("x") }),
      EncryptionKeyMismatchError,
    );
  });

  it("lets the issuer revoke: the status bit (verify says revoked) and the on-chain flag (only the issuer)", async function () {
    const { credential, dataId } = await issuer.issueAndAnchor({
      subject: f.owner.address,
      claims: { kycLevel: "basic" },
      statusList: { credential: statusList, index: 8 },
    });
    const published = await issuer.revokeStatus({ credential, statusList });
    const result = await consumer.verify({ credential, trustedIssuers: [issuer.did], statusLists: [published] });
    expect(result.verified).to.equal(false);
    expect(result.checks.status).to.equal("revoked");

    const flagged = await issuer.setRevoked({ dataId });
    expect(flagged).to.include({ issuer: f.stranger.address, revoked: true });
    expect((await getAnchor({ accessGrants: f.accessGrants, dataId })).issuerRevoked).to.equal(true);
    const other = new Issuer({ issuerKey, context: { ...f.shared, signer: f.owner } });
    await caught(other.setRevoked({ dataId }), NotIssuerError);
  });
});
