import net from "node:net";
import { expect } from "chai";
import {
  BUNDLED_CONTEXTS,
  VC_V2_CONTEXT_URL,
  createDocumentLoader,
  documentLoader,
} from "../../../sdk/src/credentials/document-loader.ts";
import { IDEM_KYC_CONTEXT_V1, IDEM_KYC_CONTEXT_V1_URL } from "../../../sdk/src/credentials/contexts/idem-kyc-v1.ts";
import { DocumentNotBundledError, InvalidCredentialError } from "../../../sdk/src/credentials/errors.ts";
import { IssuerKey } from "../../../sdk/src/credentials/issuer-key.ts";
import { issueKycCredential } from "../../../sdk/src/credentials/issue-credential.ts";
import { revokeCredential } from "../../../sdk/src/credentials/revoke-credential.ts";
import { verifyCredential } from "../../../sdk/src/credentials/verify-credential.ts";
import { issuerFixture, SUBJECT_DID } from "./fixtures.ts";

const EXPECTED_CONTEXTS = [
  "https://www.w3.org/ns/credentials/v2",
  "https://w3id.org/security/data-integrity/v2",
  "https://w3id.org/security/multikey/v1",
  "https://www.w3.org/ns/credentials/status/v1",
  "https://idem.dev/contexts/kyc/v1",
];

/** Walks an error's `cause` chain (jsonld wraps loader errors). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 10; e = (e as { cause?: unknown }).cause) {
    chain.push(e);
    const details = (e as { details?: { cause?: unknown } }).details;
    if (details && typeof details === "object" && details.cause) chain.push(details.cause);
  }
  return chain;
}

describe("offline document loader", function () {
  it("serves exactly the bundled contexts", async function () {
    expect([...BUNDLED_CONTEXTS.keys()].sort()).to.deep.equal([...EXPECTED_CONTEXTS].sort());
    for (const url of EXPECTED_CONTEXTS) {
      const loaded = await documentLoader(url);
      expect(loaded.documentUrl).to.equal(url);
      expect(loaded.contextUrl).to.equal(null);
      expect(loaded.document).to.have.property("@context");
    }
    expect((await documentLoader(IDEM_KYC_CONTEXT_V1_URL)).document).to.equal(IDEM_KYC_CONTEXT_V1);
  });

  it("defines every Idem KYC term, protected, and the context is frozen", function () {
    const context = IDEM_KYC_CONTEXT_V1["@context"] as Record<string, unknown>;
    expect(context["@protected"]).to.equal(true);
    for (const term of ["KYCCredential", "kycLevel", "ageOver18", "residenceCountry", "verifiedAt"]) {
      expect(context, term).to.have.property(term);
    }
    expect(Object.isFrozen(IDEM_KYC_CONTEXT_V1)).to.equal(true);
    expect(Object.isFrozen(context)).to.equal(true);
  });

  it("resolves an Ed25519 did:key and its verification method locally", async function () {
    const key = await IssuerKey.generate();
    const { document } = await documentLoader(key.did);
    expect(document.id).to.equal(key.did);
    expect(document.assertionMethod).to.deep.equal([key.verificationMethod]);
    const method = (await documentLoader(key.verificationMethod)).document;
    expect(method).to.include({ id: key.verificationMethod, type: "Multikey", controller: key.did });
  });

  it("rejects unknown URLs and bad did:keys with DocumentNotBundledError", async function () {
    const urls = [
      "https://example.com/contexts/other/v1",
      "https://www.w3.org/2018/credentials/v1",
      "https://www.w3.org/ns/did/v1",
      "https://idem.dev/contexts/kyc/v2",
      "did:web:issuer.example",
      "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169", // P-256: not an issuer key type we accept
      "did:key:z6MkNOTBASE58!!",
      "",
    ];
    for (const url of urls) {
      const error = await documentLoader(url).catch((e: unknown) => e);
      expect(error, url).to.be.instanceOf(DocumentNotBundledError);
      expect((error as DocumentNotBundledError).url).to.equal(url);
    }
  });

  it("serves extra documents by exact URL but never lets them override a bundled context", async function () {
    const loader = createDocumentLoader({
      documents: new Map([
        ["https://issuer.idem.test/list", { id: "x" }],
        [VC_V2_CONTEXT_URL, { "@context": { evil: "https://evil.example/" } }],
      ]),
    });
    expect((await loader("https://issuer.idem.test/list")).document).to.deep.equal({ id: "x" });
    expect((await loader(VC_V2_CONTEXT_URL)).document).to.equal(BUNDLED_CONTEXTS.get(VC_V2_CONTEXT_URL));
  });

  describe("with the network stubbed out", function () {
    const originalFetch = globalThis.fetch;
    const originalConnect = net.Socket.prototype.connect;
    let fetchCalls = 0;
    let connectCalls = 0;

    before(function () {
      globalThis.fetch = (async () => {
        fetchCalls++;
        throw new Error("network access in an offline test");
      }) as typeof fetch;
      net.Socket.prototype.connect = function () {
        connectCalls++;
        throw new Error("network access in an offline test");
      } as never;
    });

    after(function () {
      globalThis.fetch = originalFetch;
      net.Socket.prototype.connect = originalConnect;
    });

    it("the stubs do catch network use (control)", async function () {
      await fetch("https://example.com/").catch(() => undefined);
      expect(() => net.connect(443, "example.com")).to.throw();
      expect([fetchCalls, connectCalls]).to.deep.equal([1, 1]);
      fetchCalls = 0;
      connectCalls = 0;
    });

    it("issues, verifies, revokes and re-verifies with no network call", async function () {
      const fixture = await issuerFixture();
      const credential = await fixture.issueWithStatus(17);
      const lists = [fixture.revocationList, fixture.suspensionList];
      const ok = await verifyCredential({
        credential,
        trustedIssuers: [fixture.issuerKey.did],
        statusListCredentials: lists,
      });
      expect(ok.verified).to.equal(true);
      const revoked = await revokeCredential({
        issuerKey: fixture.issuerKey,
        statusListCredential: fixture.revocationList,
        credential,
      });
      const after = await verifyCredential({
        credential,
        trustedIssuers: [fixture.issuerKey.did],
        statusListCredentials: [revoked, fixture.suspensionList],
      });
      expect(after.checks.status).to.equal("revoked");
      expect([fetchCalls, connectCalls]).to.deep.equal([0, 0]);
    });

    it("rejects a credential with an unknown context offline: issuing throws, verifying fails", async function () {
      const issuerKey = await IssuerKey.generate();
      const credential = await issueKycCredential({
        issuerKey,
        subjectDid: SUBJECT_DID,
        claims: { kycLevel: "basic" },
      });
      const withUnknown = {
        ...structuredClone(credential),
        "@context": [...credential["@context"], "https://example.com/contexts/tracking/v1"],
      };
      const result = await verifyCredential({ credential: withUnknown, trustedIssuers: [issuerKey.did] });
      expect(result.verified).to.equal(false);
      expect(result.checks.signature).to.equal(false);
      expect(result.errors[0]?.details).to.include("https://example.com/contexts/tracking/v1");

      const unknownLoader = createDocumentLoader();
      const issued = await issueKycCredential({
        issuerKey,
        subjectDid: SUBJECT_DID,
        claims: { kycLevel: "basic" },
        documentLoader: async (url) =>
          unknownLoader(url === IDEM_KYC_CONTEXT_V1_URL ? "https://example.com/contexts/unknown/v1" : url),
      }).catch((e: unknown) => e);
      expect(issued).to.be.instanceOf(InvalidCredentialError);
      expect(causes(issued).some((e) => e instanceof DocumentNotBundledError)).to.equal(true);
      expect([fetchCalls, connectCalls]).to.deep.equal([0, 0]);
    });

    it("fails a credential whose issuer is a did:web (cannot be resolved offline)", async function () {
      const issuerKey = await IssuerKey.generate();
      const credential = await issueKycCredential({
        issuerKey,
        subjectDid: SUBJECT_DID,
        claims: { kycLevel: "basic" },
      });
      const webIssued = structuredClone(credential) as Record<string, unknown> & { proof: Record<string, unknown> };
      webIssued.issuer = "did:web:issuer.example";
      webIssued.proof.verificationMethod = "did:web:issuer.example#key-1";
      const result = await verifyCredential({ credential: webIssued, trustedIssuers: ["did:web:issuer.example"] });
      expect(result.checks.signature).to.equal(false);
      expect([fetchCalls, connectCalls]).to.deep.equal([0, 0]);
    });
  });
});
