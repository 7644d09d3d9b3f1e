/**
 * The README's three role examples, run as written (inside each block; the README's `import` lines are the
 * imports below, from `idem/sdk`). Each example gets, from the setup around it, what the README's intro names:
 * `idem` (contracts, chain id, node URLs), the wallets, and the values another role produced.
 */
import { expect } from "chai";
import { id } from "ethers";

import {
  Consumer,
  createStatusListCredential,
  EncryptionKeyPair,
  generateRecoveryPhrase,
  getAnchor,
  Issuer,
  IssuerKey,
  keyPairFromRecoveryPhrase,
  User,
} from "idem/sdk";
import type { SignedRequestApproval, StatusListCredential } from "idem/sdk";
import { rolesFixture } from "./helpers.ts";
import type { RolesFixture } from "./helpers.ts";

describe("README: role facade examples", function () {
  this.timeout(120_000);
  let f: RolesFixture;
  let idem: RolesFixture["shared"] & { nodeUrls: string[] };
  let setupIssuer: Issuer;
  let setupStatusList: StatusListCredential;

  before(async function () {
    f = await rolesFixture();
    idem = { ...f.shared, nodeUrls: f.nodeUrls };
    const issuerKey = await IssuerKey.generate();
    setupIssuer = new Issuer({ issuerKey, context: { ...f.shared, signer: f.stranger } });
    setupStatusList = await createStatusListCredential({
      issuerKey,
      id: "https://kyc.example/status/setup",
      statusPurpose: "revocation",
    });
  });

  after(async function () {
    await f?.close();
  });

  it("Issuer: issues, anchors, revokes (status list and on-chain flag)", async function () {
    const issuerWallet = f.stranger;
    const userAddress = f.owner.address;
    {
      // The README's lines, unchanged.
      const issuerKey = await IssuerKey.generate(); // keep it in your KMS: IssuerKey.fromMultikey(...)
      const issuer = new Issuer({ issuerKey, context: { ...idem, signer: issuerWallet } });
      const statusList = await createStatusListCredential({
        issuerKey,
        id: "https://kyc.example/status/1",
        statusPurpose: "revocation",
      });
      // Issue a KYC credential for the user and anchor a fresh dataId to them, naming you as issuer.
      const { credential, dataId } = await issuer.issueAndAnchor({
        subject: userAddress,
        claims: { kycLevel: "enhanced", ageOver18: true, residenceCountry: "DE" },
        statusList: { credential: statusList, index: 42 },
      });
      // Hand { credential, dataId } to the user to store, or store it yourself: issuer.write({ permission, ... }).
      // To revoke later: publish the re-signed list, and flag the anchor on-chain.
      const published = await issuer.revokeStatus({ credential, statusList });
      await issuer.setRevoked({ dataId });

      const anchor = await getAnchor({ accessGrants: f.accessGrants, dataId });
      expect(anchor).to.include({ owner: userAddress, issuer: issuerWallet.address, issuerRevoked: true });
      const consumer = new Consumer({
        context: { ...f.shared, signer: f.grantee, sessions: [] },
        keyPair: f.granteeKey,
      });
      const before = await consumer.verify({ credential, trustedIssuers: [issuer.did], statusLists: [statusList] });
      expect(before.verified).to.equal(true);
      const after = await consumer.verify({ credential, trustedIssuers: [issuer.did], statusLists: [published] });
      expect(after.checks.status).to.equal("revoked");
    }
  });

  it("User: stores, grants, approves a request, reads the audit trail, revokes", async function () {
    const userWallet = f.owner;
    const dappAddress = f.grantee.address; // its key is registered
    const exchangeWallet = (await f.ethers.getSigners())[3]!;
    const exchangeKey = EncryptionKeyPair.generate();
    const exchange = await Consumer.connect({ ...idem, signer: exchangeWallet, keyPair: exchangeKey });
    await exchange.registerKey();
    const phrase = generateRecoveryPhrase();
    const { credential, dataId } = await setupIssuer.issueAndAnchor({
      subject: userWallet.address,
      claims: { kycLevel: "basic" },
    });
    const { requestId } = await exchange.requestGrant({ owner: userWallet.address, dataId, purpose: id("kyc") });
    let sent: SignedRequestApproval | undefined;
    const sendToTheExchange = (approval: SignedRequestApproval): void => void (sent = approval);
    {
      // The README's lines, unchanged.
      const keyPair = await keyPairFromRecoveryPhrase({ phrase }); // or keyPairFromWalletSignature / FromPassword
      const user = await User.connect({ ...idem, signer: userWallet, keyPair });
      // Store the credential your KYC provider handed over, under its anchored dataId
      // (for your own data, pass `bytes` and leave out dataId: a fresh one is anchored to you).
      const { cid } = await user.storeCredential({ credential, dataId });
      // Share it with a dApp: an on-chain grant, and a reader slot for the dApp's registered key.
      await user.grant({ grantee: dappAddress, dataId, purpose: id("age-check") });
      // Approve an exchange's pending request by signature; the exchange relays it and pays the gas.
      const { approval } = await user.approveRequest({ requestId });
      sendToTheExchange(approval);
      // See who read your credential, then take the dApp's access back.
      const { entries } = await user.auditTrail({ dataId });
      await user.revoke({ grantee: dappAddress, dataId });

      expect(cid).to.match(/^bafkrei/);
      expect(entries).to.be.an("array");
    }
    await exchange.relayApproval(sent!);
    expect((await exchange.read({ dataId })).json()).to.deep.equal(credential);
    const dapp = new Consumer({
      context: { ...f.shared, signer: f.grantee, sessions: await f.sessionsOf(f.grantee) },
      keyPair: f.granteeKey,
    });
    expect(await dapp.isGranted({ owner: userWallet.address, dataId })).to.equal(false);
  });

  it("Consumer: registers its key, requests a timelocked grant, relays the approval, reads and verifies", async function () {
    const exchangeWallet = (await f.ethers.getSigners())[4]!;
    const userAddress = f.owner.address;
    const issuerDid = setupIssuer.did;
    const statusList = setupStatusList;
    const issued = await setupIssuer.issueAndAnchor({
      subject: userAddress,
      claims: { kycLevel: "enhanced", ageOver18: true },
      statusList: { credential: statusList, index: 3 },
    });
    const dataId = issued.dataId;
    const owner = await User.connect({ ...idem, signer: f.owner, keyPair: f.ownerKey });
    await owner.storeCredential({ credential: issued.credential, dataId });
    const askTheUser = async (requestId: string): Promise<SignedRequestApproval> =>
      (await owner.approveRequest({ requestId, dataId })).approval;
    {
      // The README's lines, unchanged.
      const keyPair = EncryptionKeyPair.generate(); // persist it: EncryptionKeyPair.fromSecretKey(...)
      const consumer = await Consumer.connect({ ...idem, signer: exchangeWallet, keyPair });
      await consumer.registerKey(); // once: owners wrap data keys only for your registered key
      // Ask for a grant locked for 5 years (AML record keeping), with a purpose.
      const lockedUntil = BigInt(Math.floor(Date.now() / 1000)) + 5n * 365n * 86_400n;
      const purpose = id("aml-record-keeping");
      const { requestId } = await consumer.requestGrant({ owner: userAddress, dataId, lockedUntil, purpose });
      // The user approves by signature (User.approveRequest); you relay it and pay the gas.
      await consumer.relayApproval(await askTheUser(requestId));
      // Read, decrypt and verify the credential.
      const credential = (await consumer.read({ dataId })).json();
      const { verified, checks } = await consumer.verify({
        credential,
        trustedIssuers: [issuerDid],
        statusLists: [statusList],
      });

      expect(credential).to.deep.equal(issued.credential);
      expect(verified).to.equal(true);
      expect(checks).to.deep.equal({ signature: true, issuerTrusted: true, validity: "valid", status: "ok" });
    }
  });
});
