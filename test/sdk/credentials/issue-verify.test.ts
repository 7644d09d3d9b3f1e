import { expect } from "chai";
import { VC_V2_CONTEXT_URL } from "../../../sdk/src/credentials/document-loader.ts";
import { IDEM_KYC_CONTEXT_V1_URL } from "../../../sdk/src/credentials/contexts/idem-kyc-v1.ts";
import { CredentialCheckError, InvalidCredentialError } from "../../../sdk/src/credentials/errors.ts";
import { IssuerKey } from "../../../sdk/src/credentials/issuer-key.ts";
import { issueKycCredential } from "../../../sdk/src/credentials/issue-credential.ts";
import type { KycClaims, KycCredential } from "../../../sdk/src/credentials/kyc-credential.ts";
import { verifyCredential } from "../../../sdk/src/credentials/verify-credential.ts";
import { InvalidSubjectDidError } from "../../../sdk/src/credentials/errors.ts";
import { DAY_MS, SUBJECT_ADDRESS, SUBJECT_DID } from "./fixtures.ts";

const CLAIMS: KycClaims = {
  kycLevel: "enhanced",
  ageOver18: true,
  residenceCountry: "FR",
  verifiedAt: new Date("2026-01-02T03:04:05Z"),
};
const VALID_FROM = new Date("2026-01-01T00:00:00Z");
const VALID_UNTIL = new Date("2027-01-01T00:00:00Z");
const INSIDE = new Date("2026-06-01T00:00:00Z");

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe("issueKycCredential / verifyCredential", function () {
  let issuerKey: IssuerKey;
  let credential: KycCredential;

  before(async function () {
    issuerKey = await IssuerKey.generate();
    credential = await issueKycCredential({
      issuerKey,
      subjectDid: SUBJECT_DID,
      claims: CLAIMS,
      validFrom: VALID_FROM,
      validUntil: VALID_UNTIL,
      id: "urn:uuid:3f1c2a9e-6d1b-4f0a-9a53-0d6c7b0e8a11",
    });
  });

  describe("issuance", function () {
    it("writes a VC 2.0 KYC credential with the Idem context, did:key issuer and did:pkh subject", function () {
      expect(credential["@context"]).to.deep.equal([VC_V2_CONTEXT_URL, IDEM_KYC_CONTEXT_V1_URL]);
      expect(credential.type).to.deep.equal(["VerifiableCredential", "KYCCredential"]);
      expect(credential.id).to.equal("urn:uuid:3f1c2a9e-6d1b-4f0a-9a53-0d6c7b0e8a11");
      expect(credential.issuer)
        .to.equal(issuerKey.did)
        .and.match(/^did:key:z6Mk/);
      expect(credential.validFrom).to.equal("2026-01-01T00:00:00Z");
      expect(credential.validUntil).to.equal("2027-01-01T00:00:00Z");
      expect(credential.credentialSubject).to.deep.equal({
        id: `did:pkh:eip155:1:${SUBJECT_ADDRESS}`,
        kycLevel: "enhanced",
        ageOver18: true,
        residenceCountry: "FR",
        verifiedAt: "2026-01-02T03:04:05Z",
      });
      expect(credential).to.not.have.property("credentialStatus");
    });

    it("signs with a Data Integrity eddsa-rdfc-2022 proof by the issuer's verification method", function () {
      expect(credential.proof).to.include({
        type: "DataIntegrityProof",
        cryptosuite: "eddsa-rdfc-2022",
        proofPurpose: "assertionMethod",
        verificationMethod: issuerKey.verificationMethod,
      });
      expect(credential.proof.proofValue).to.match(/^z[1-9A-HJ-NP-Za-km-z]+$/);
    });

    it("defaults the id to a fresh urn:uuid and validFrom to now", async function () {
      const before = Date.now() - 1000;
      const a = await issueKycCredential({ issuerKey, subjectDid: SUBJECT_DID, claims: { kycLevel: "basic" } });
      const b = await issueKycCredential({ issuerKey, subjectDid: SUBJECT_DID, claims: { kycLevel: "basic" } });
      expect(a.id).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(a.id).to.not.equal(b.id);
      expect(Date.parse(a.validFrom)).to.be.within(before, Date.now());
      expect(a).to.not.have.property("validUntil");
    });

    it("rejects validUntil not after validFrom", async function () {
      for (const validUntil of [VALID_FROM, new Date(VALID_FROM.getTime() - 1000)]) {
        const error = await issueKycCredential({
          issuerKey,
          subjectDid: SUBJECT_DID,
          claims: CLAIMS,
          validFrom: VALID_FROM,
          validUntil,
        }).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(InvalidCredentialError);
      }
    });

    it("rejects invalid dates, claims and ids", async function () {
      const cases: Partial<Parameters<typeof issueKycCredential>[0]>[] = [
        { validFrom: new Date(Number.NaN) },
        { claims: { kycLevel: "gold" as never } },
        { claims: { kycLevel: "basic", residenceCountry: "de" } },
        { claims: { kycLevel: "basic", residenceCountry: "DEU" } },
        { claims: { kycLevel: "basic", ageOver18: "yes" as never } },
        { claims: { kycLevel: "basic", verifiedAt: new Date("nope") } },
        { id: "not a url" },
        { credentialStatus: [{ type: "StatusList2021Entry" } as never] },
      ];
      for (const overrides of cases) {
        const error = await issueKycCredential({
          issuerKey,
          subjectDid: SUBJECT_DID,
          claims: CLAIMS,
          ...overrides,
        }).catch((e: unknown) => e);
        expect(error, JSON.stringify(overrides)).to.be.instanceOf(InvalidCredentialError);
      }
    });

    it("rejects a subject that is not a canonical did:pkh", async function () {
      for (const subjectDid of [SUBJECT_DID.toLowerCase(), "did:example:123", `did:pkh:eip155:01:${SUBJECT_ADDRESS}`]) {
        const error = await issueKycCredential({ issuerKey, subjectDid, claims: CLAIMS }).catch((e: unknown) => e);
        expect(error, subjectDid).to.be.instanceOf(InvalidSubjectDidError);
      }
    });
  });

  describe("verification", function () {
    it("verifies a fresh credential: every check passes", async function () {
      const result = await verifyCredential({ credential, trustedIssuers: [issuerKey.did], now: INSIDE });
      expect(result).to.deep.equal({
        verified: true,
        checks: { signature: true, issuerTrusted: true, validity: "valid", status: "none" },
        errors: [],
      });
    });

    it("survives a JSON round trip (what storage does)", async function () {
      const stored = JSON.parse(JSON.stringify(credential)) as KycCredential;
      const result = await verifyCredential({ credential: stored, trustedIssuers: [issuerKey.did], now: INSIDE });
      expect(result.verified).to.equal(true);
    });

    it("fails the signature check when a claim is tampered with", async function () {
      const tampered = [
        (c: KycCredential) => (c.credentialSubject.kycLevel = "basic"),
        (c: KycCredential) => (c.credentialSubject.ageOver18 = false),
        (c: KycCredential) => (c.credentialSubject.residenceCountry = "US"),
        (c: KycCredential) => (c.credentialSubject.id = `did:pkh:eip155:10:${SUBJECT_ADDRESS}`),
        (c: KycCredential) => (c.validUntil = "2099-01-01T00:00:00Z"),
        (c: KycCredential) => (c.id = "urn:uuid:00000000-0000-4000-8000-000000000000"),
        // a term no bundled context defines: JSON-LD safe mode refuses it
        (c: KycCredential) => ((c.credentialSubject as Record<string, unknown>).favouriteColour = "blue"),
        (c: KycCredential) => (c.proof.proofValue = c.proof.proofValue.replace(/.$/, (x) => (x === "a" ? "b" : "a"))),
      ];
      for (const tamper of tampered) {
        const copy = clone(credential);
        tamper(copy);
        const result = await verifyCredential({ credential: copy, trustedIssuers: [issuerKey.did], now: INSIDE });
        expect(result.verified, tamper.toString()).to.equal(false);
        expect(result.checks.signature, tamper.toString()).to.equal(false);
        expect(result.errors.map((e) => e.check)).to.deep.equal(["signature"]);
        expect(result.errors[0]).to.be.instanceOf(CredentialCheckError);
      }
    });

    it("fails the signature check when the issuer is swapped for another did:key", async function () {
      const other = await IssuerKey.generate();
      const copy = clone(credential);
      copy.issuer = other.did;
      const result = await verifyCredential({ credential: copy, trustedIssuers: [other.did], now: INSIDE });
      expect(result.checks).to.include({ signature: false, issuerTrusted: true });
      expect(result.verified).to.equal(false);
    });

    it("fails a credential signed by a different key than its issuer claims", async function () {
      const other = await IssuerKey.generate();
      const forged = await issueKycCredential({ issuerKey: other, subjectDid: SUBJECT_DID, claims: CLAIMS });
      const copy = clone(forged);
      copy.issuer = issuerKey.did; // the proof still names other's key: the controller check refuses it
      const result = await verifyCredential({ credential: copy, trustedIssuers: [issuerKey.did] });
      expect(result.checks.signature).to.equal(false);
    });

    it("fails issuerTrusted for an issuer not in the allow-list (and only that)", async function () {
      const other = await IssuerKey.generate();
      for (const trustedIssuers of [[], [other.did]]) {
        const result = await verifyCredential({ credential, trustedIssuers, now: INSIDE });
        expect(result.verified).to.equal(false);
        expect(result.checks).to.deep.equal({
          signature: true,
          issuerTrusted: false,
          validity: "valid",
          status: "none",
        });
        expect(result.errors.map((e) => e.check)).to.deep.equal(["issuerTrusted"]);
      }
    });

    it("fails validity after validUntil (expired), with the signature still good", async function () {
      const result = await verifyCredential({
        credential,
        trustedIssuers: [issuerKey.did],
        now: new Date(VALID_UNTIL.getTime() + 1000),
      });
      expect(result.verified).to.equal(false);
      expect(result.checks).to.include({ signature: true, validity: "expired" });
      expect(result.errors.map((e) => e.check)).to.deep.equal(["validity"]);
    });

    it("fails validity before validFrom (not yet valid)", async function () {
      const result = await verifyCredential({
        credential,
        trustedIssuers: [issuerKey.did],
        now: new Date(VALID_FROM.getTime() - 1000),
      });
      expect(result.verified).to.equal(false);
      expect(result.checks).to.include({ signature: true, validity: "not-yet-valid" });
    });

    it("is valid exactly at both bounds, and maxClockSkewSeconds widens them", async function () {
      for (const now of [VALID_FROM, VALID_UNTIL]) {
        const result = await verifyCredential({ credential, trustedIssuers: [issuerKey.did], now });
        expect(result.checks.validity, now.toISOString()).to.equal("valid");
      }
      const late = new Date(VALID_UNTIL.getTime() + 60_000);
      const strict = await verifyCredential({ credential, trustedIssuers: [issuerKey.did], now: late });
      const lenient = await verifyCredential({
        credential,
        trustedIssuers: [issuerKey.did],
        now: late,
        maxClockSkewSeconds: 120,
      });
      expect([strict.checks.validity, lenient.checks.validity]).to.deep.equal(["expired", "valid"]);
    });

    it("fails status with requireStatus when the credential has none", async function () {
      const result = await verifyCredential({
        credential,
        trustedIssuers: [issuerKey.did],
        now: INSIDE,
        requireStatus: true,
      });
      expect(result.verified).to.equal(false);
      expect(result.checks.status).to.equal("none");
      expect(result.errors.map((e) => e.check)).to.deep.equal(["status"]);
    });

    it("reports every failing check at once, and never throws on garbage", async function () {
      const result = await verifyCredential({
        credential: { ...clone(credential), validUntil: "yesterday-ish" } as never,
        trustedIssuers: [],
        now: INSIDE,
      });
      expect(result.checks).to.deep.include({ signature: false, issuerTrusted: false, validity: "invalid" });
      for (const garbage of [{}, { issuer: 5 }, { "@context": "x", credentialStatus: [null] }]) {
        const r = await verifyCredential({ credential: garbage, trustedIssuers: [issuerKey.did] });
        expect(r.verified).to.equal(false);
        expect(r.checks.signature).to.equal(false);
      }
    });

    it("verifies within the time budget (issue ≈ 10 ms, verify ≈ 10 ms)", async function () {
      const start = performance.now();
      for (let i = 0; i < 10; i++) await verifyCredential({ credential, trustedIssuers: [issuerKey.did], now: INSIDE });
      expect((performance.now() - start) / 10).to.be.below(200);
    });
  });

  it("verifies against the real clock when no now is given", async function () {
    const validFrom = new Date(Date.now() - DAY_MS);
    const fresh = await issueKycCredential({
      issuerKey,
      subjectDid: SUBJECT_DID,
      claims: { kycLevel: "basic" },
      validFrom,
      validUntil: new Date(validFrom.getTime() + 2 * DAY_MS),
    });
    expect((await verifyCredential({ credential: fresh, trustedIssuers: [issuerKey.did] })).verified).to.equal(true);
  });
});
