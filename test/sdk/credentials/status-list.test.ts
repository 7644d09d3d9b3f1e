import { expect } from "chai";
import { decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { StatusListError } from "../../../sdk/src/credentials/errors.ts";
import { IssuerKey } from "../../../sdk/src/credentials/issuer-key.ts";
import type { KycCredential } from "../../../sdk/src/credentials/kyc-credential.ts";
import { reinstateCredential } from "../../../sdk/src/credentials/reinstate-credential.ts";
import { revokeCredential } from "../../../sdk/src/credentials/revoke-credential.ts";
import { statusListEntry } from "../../../sdk/src/credentials/status-list-entry.ts";
import {
  STATUS_LIST_MIN_LENGTH,
  createStatusListCredential,
  type StatusListCredential,
} from "../../../sdk/src/credentials/status-list.ts";
import { suspendCredential } from "../../../sdk/src/credentials/suspend-credential.ts";
import { verifyCredential } from "../../../sdk/src/credentials/verify-credential.ts";
import { issuerFixture, REVOCATION_LIST_URL, SUSPENSION_LIST_URL, type IssuerFixture } from "./fixtures.ts";

async function bitAt(list: StatusListCredential, index: number): Promise<boolean> {
  return (await decodeList({ encodedList: list.credentialSubject.encodedList })).getStatus(index);
}

describe("Bitstring Status List", function () {
  let fixture: IssuerFixture;
  let credential: KycCredential;

  before(async function () {
    fixture = await issuerFixture();
    credential = await fixture.issueWithStatus(4_242);
  });

  function verify(lists: StatusListCredential[], target: KycCredential = credential) {
    return verifyCredential({
      credential: target,
      trustedIssuers: [fixture.issuerKey.did],
      statusListCredentials: lists,
    });
  }

  describe("createStatusListCredential", function () {
    it("creates a signed, empty BitstringStatusListCredential of the minimum length", async function () {
      const list = fixture.revocationList;
      expect(list.type).to.deep.equal(["VerifiableCredential", "BitstringStatusListCredential"]);
      expect(list.issuer).to.equal(fixture.issuerKey.did);
      expect(list.credentialSubject).to.include({
        id: `${REVOCATION_LIST_URL}#list`,
        type: "BitstringStatusList",
        statusPurpose: "revocation",
      });
      expect(list.proof.cryptosuite).to.equal("eddsa-rdfc-2022");
      const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
      expect(bits.length).to.equal(STATUS_LIST_MIN_LENGTH);
      expect(await bitAt(list, 4_242)).to.equal(false);
      const self = await verifyCredential({ credential: list, trustedIssuers: [fixture.issuerKey.did] });
      expect(self.verified).to.equal(true);
    });

    it("rejects bad ids, purposes and lengths", async function () {
      const { issuerKey } = fixture;
      const cases = [
        { id: "ftp://x/list", statusPurpose: "revocation" },
        { id: `${REVOCATION_LIST_URL}#frag`, statusPurpose: "revocation" },
        { id: REVOCATION_LIST_URL, statusPurpose: "message" },
        { id: REVOCATION_LIST_URL, statusPurpose: "revocation", length: 8 },
        { id: REVOCATION_LIST_URL, statusPurpose: "revocation", length: STATUS_LIST_MIN_LENGTH + 1 },
        { id: REVOCATION_LIST_URL, statusPurpose: "revocation", length: 2 ** 25 },
      ];
      for (const parameters of cases) {
        const error = await createStatusListCredential({ issuerKey, ...(parameters as object) } as never).catch(
          (e) => e,
        );
        expect(error, JSON.stringify(parameters)).to.be.instanceOf(StatusListError);
      }
    });
  });

  describe("statusListEntry", function () {
    it("points at the list and index, with the list's purpose", async function () {
      expect(credential.credentialStatus).to.deep.equal([
        {
          id: `${REVOCATION_LIST_URL}#4242`,
          type: "BitstringStatusListEntry",
          statusPurpose: "revocation",
          statusListIndex: "4242",
          statusListCredential: REVOCATION_LIST_URL,
        },
        {
          id: `${SUSPENSION_LIST_URL}#4242`,
          type: "BitstringStatusListEntry",
          statusPurpose: "suspension",
          statusListIndex: "4242",
          statusListCredential: SUSPENSION_LIST_URL,
        },
      ]);
    });

    it("rejects an index outside the list", async function () {
      for (const index of [-1, STATUS_LIST_MIN_LENGTH, 1.5, Number.NaN]) {
        const error = await statusListEntry({ statusListCredential: fixture.revocationList, index }).catch((e) => e);
        expect(error, String(index)).to.be.instanceOf(StatusListError);
      }
      const last = await statusListEntry({
        statusListCredential: fixture.revocationList,
        index: STATUS_LIST_MIN_LENGTH - 1,
      });
      expect(last.statusListIndex).to.equal(String(STATUS_LIST_MIN_LENGTH - 1));
    });
  });

  describe("verification with status", function () {
    it("is ok while both bits are clear", async function () {
      const result = await verify([fixture.revocationList, fixture.suspensionList]);
      expect(result.verified).to.equal(true);
      expect(result.checks.status).to.equal("ok");
    });

    it("revoke: the status becomes revoked and verified false, signature still good", async function () {
      const revoked = await revokeCredential({
        issuerKey: fixture.issuerKey,
        statusListCredential: fixture.revocationList,
        credential,
      });
      expect(await bitAt(revoked, 4_242)).to.equal(true);
      expect(await bitAt(fixture.revocationList, 4_242), "the old version is unchanged").to.equal(false);
      const result = await verify([revoked, fixture.suspensionList]);
      expect(result.verified).to.equal(false);
      expect(result.checks).to.deep.equal({
        signature: true,
        issuerTrusted: true,
        validity: "valid",
        status: "revoked",
      });
      expect(result.errors.map((e) => e.shortMessage)).to.deep.equal(["Credential revoked."]);
      // another credential in the same list is unaffected
      const neighbour = await fixture.issueWithStatus(4_243);
      expect((await verify([revoked, fixture.suspensionList], neighbour)).checks.status).to.equal("ok");
    });

    it("suspend then reinstate: suspended, then ok again", async function () {
      const { issuerKey } = fixture;
      const suspended = await suspendCredential({
        issuerKey,
        statusListCredential: fixture.suspensionList,
        credential,
      });
      const during = await verify([fixture.revocationList, suspended]);
      expect(during.verified).to.equal(false);
      expect(during.checks.status).to.equal("suspended");
      const reinstated = await reinstateCredential({ issuerKey, statusListCredential: suspended, credential });
      expect(await bitAt(reinstated, 4_242)).to.equal(false);
      const after = await verify([fixture.revocationList, reinstated]);
      expect(after.verified).to.equal(true);
      expect(after.checks.status).to.equal("ok");
    });

    it("revoked wins over suspended", async function () {
      const { issuerKey } = fixture;
      const revoked = await revokeCredential({ issuerKey, statusListCredential: fixture.revocationList, credential });
      const suspended = await suspendCredential({
        issuerKey,
        statusListCredential: fixture.suspensionList,
        credential,
      });
      expect((await verify([revoked, suspended])).checks.status).to.equal("revoked");
    });

    it("takes lists from the getStatusListCredential callback too", async function () {
      const asked: string[] = [];
      const result = await verifyCredential({
        credential,
        trustedIssuers: [fixture.issuerKey.did],
        getStatusListCredential: async (url) => {
          asked.push(url);
          return url === REVOCATION_LIST_URL ? fixture.revocationList : fixture.suspensionList;
        },
      });
      expect(result.checks.status).to.equal("ok");
      expect(asked.sort()).to.deep.equal([REVOCATION_LIST_URL, SUSPENSION_LIST_URL]);
    });

    it("is unknown (verified false) when a list is missing or the callback throws", async function () {
      const missing = await verify([fixture.revocationList]);
      expect(missing.checks.status).to.equal("unknown");
      expect(missing.verified).to.equal(false);
      const throwing = await verifyCredential({
        credential,
        trustedIssuers: [fixture.issuerKey.did],
        getStatusListCredential: () => {
          throw new Error("offline");
        },
      });
      expect(throwing.checks.status).to.equal("unknown");
    });

    it("is unknown when a list's bits were changed without re-signing", async function () {
      const revoked = await revokeCredential({
        issuerKey: fixture.issuerKey,
        statusListCredential: fixture.revocationList,
        credential,
      });
      // an attacker serves the old signature over new bits (here: an unrevoked list with a revoked proof)
      const forged = { ...fixture.revocationList, proof: revoked.proof };
      const result = await verify([forged, fixture.suspensionList]);
      expect(result.checks.status).to.equal("unknown");
      expect(result.verified).to.equal(false);
    });

    it("is unknown when the list comes from another issuer", async function () {
      const other = await IssuerKey.generate();
      const foreign = await createStatusListCredential({
        issuerKey: other,
        id: REVOCATION_LIST_URL,
        statusPurpose: "revocation",
        validFrom: new Date(Date.now() - 60_000),
      });
      const result = await verify([foreign, fixture.suspensionList]);
      expect(result.checks.status).to.equal("unknown");
    });

    it("is unknown when the list version has expired", async function () {
      const stale = await createStatusListCredential({
        issuerKey: fixture.issuerKey,
        id: REVOCATION_LIST_URL,
        statusPurpose: "revocation",
        validFrom: new Date(Date.now() - 120_000),
        validUntil: new Date(Date.now() - 60_000),
      });
      expect((await verify([stale, fixture.suspensionList])).checks.status).to.equal("unknown");
    });
  });

  describe("issuer-side errors", function () {
    it("refuses to reinstate a revocation (revocation is permanent)", async function () {
      const error = await reinstateCredential({
        issuerKey: fixture.issuerKey,
        statusListCredential: fixture.revocationList,
        credential,
      }).catch((e) => e);
      expect(error).to.be.instanceOf(StatusListError);
      expect(error.shortMessage).to.equal("Revocation is permanent.");
    });

    it("refuses the wrong list, a credential with no entry, and another issuer's key", async function () {
      const { issuerKey } = fixture;
      const other = await IssuerKey.generate();
      const noStatus = { ...credential, credentialStatus: undefined };
      const cases = [
        () => revokeCredential({ issuerKey, statusListCredential: fixture.suspensionList, credential }),
        () => suspendCredential({ issuerKey, statusListCredential: fixture.revocationList, credential }),
        () => revokeCredential({ issuerKey, statusListCredential: fixture.revocationList, credential: noStatus }),
        () => revokeCredential({ issuerKey: other, statusListCredential: fixture.revocationList, credential }),
      ];
      for (const attempt of cases) {
        const error = await attempt().catch((e) => e);
        expect(error, attempt.toString()).to.be.instanceOf(StatusListError);
      }
    });
  });
});
