import util from "node:util";
import { expect } from "chai";
import { IssuerKey, issuerSigner } from "../../../sdk/src/credentials/issuer-key.ts";
import { issueKycCredential } from "../../../sdk/src/credentials/issue-credential.ts";
import { verifyCredential } from "../../../sdk/src/credentials/verify-credential.ts";
import { InvalidKeyError } from "../../../sdk/src/errors.ts";
import { SUBJECT_DID } from "./fixtures.ts";

const SEED = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);

/** Every way the secret could show up in text. */
function encodingsOf(secret: Uint8Array, secretKeyMultibase: string): string[] {
  const buffer = Buffer.from(secret);
  return [
    buffer.toString("hex"),
    buffer.toString("hex").toUpperCase(),
    buffer.toString("base64"),
    buffer.toString("base64url"),
    Array.from(secret).join(","),
    Array.from(secret.subarray(0, 8)).join(", "),
    secretKeyMultibase,
    secretKeyMultibase.slice(1, 20),
  ];
}

describe("IssuerKey", function () {
  let issuerKey: IssuerKey;
  let secretKeyMultibase: string;

  before(async function () {
    issuerKey = await IssuerKey.fromSeed({ seed: SEED });
    secretKeyMultibase = String((await issuerKey.export({ includeSecretKey: true })).secretKeyMultibase);
  });

  it("is an Ed25519 did:key with a Multikey verification method", async function () {
    expect(issuerKey.did).to.match(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
    expect(issuerKey.did).to.equal(`did:key:${issuerKey.publicKeyMultibase}`);
    expect(issuerKey.verificationMethod).to.equal(`${issuerKey.did}#${issuerKey.publicKeyMultibase}`);
    expect(await issuerKey.export()).to.deep.equal({
      "@context": "https://w3id.org/security/multikey/v1",
      id: issuerKey.verificationMethod,
      type: "Multikey",
      controller: issuerKey.did,
      publicKeyMultibase: issuerKey.publicKeyMultibase,
    });
  });

  it("derives the same key from the same seed, and does not keep the caller's seed", async function () {
    const seed = Uint8Array.from(SEED);
    const again = await IssuerKey.fromSeed({ seed });
    expect(again.did).to.equal(issuerKey.did);
    expect(seed).to.deep.equal(SEED);
    expect((await IssuerKey.generate()).did).to.not.equal(issuerKey.did);
  });

  it("round-trips through export({ includeSecretKey: true }) / fromMultikey, and the import signs", async function () {
    const stored = JSON.parse(JSON.stringify(await issuerKey.export({ includeSecretKey: true })));
    expect(stored.secretKeyMultibase).to.match(/^z/);
    const imported = await IssuerKey.fromMultikey({ multikey: stored });
    expect(imported.did).to.equal(issuerKey.did);
    const credential = await issueKycCredential({
      issuerKey: imported,
      subjectDid: SUBJECT_DID,
      claims: { kycLevel: "basic" },
    });
    expect((await verifyCredential({ credential, trustedIssuers: [issuerKey.did] })).verified).to.equal(true);
  });

  it("rejects bad seeds and bad or mismatched Multikeys with InvalidKeyError", async function () {
    const other = await (await IssuerKey.generate()).export({ includeSecretKey: true });
    const attempts = [
      () => IssuerKey.fromSeed({ seed: new Uint8Array(31) }),
      () => IssuerKey.fromSeed({ seed: "00".repeat(32) as never }),
      () => IssuerKey.fromMultikey({ multikey: { publicKeyMultibase: issuerKey.publicKeyMultibase } as never }),
      () => IssuerKey.fromMultikey({ multikey: { publicKeyMultibase: "zDnae", secretKeyMultibase } }),
      () => IssuerKey.fromMultikey({ multikey: { publicKeyMultibase: "z6Mkxx", secretKeyMultibase } }),
      () =>
        IssuerKey.fromMultikey({
          multikey: { publicKeyMultibase: issuerKey.publicKeyMultibase, secretKeyMultibase: "zzz" },
        }),
      () =>
        IssuerKey.fromMultikey({
          multikey: {
            publicKeyMultibase: issuerKey.publicKeyMultibase,
            secretKeyMultibase: String(other.secretKeyMultibase),
          },
        }),
      () => IssuerKey.fromMultikey({ multikey: null as never }),
    ];
    for (const attempt of attempts) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error, attempt.toString()).to.be.instanceOf(InvalidKeyError);
      expect(String((error as Error).message)).to.not.include(secretKeyMultibase);
    }
  });

  it("never shows the secret in JSON, String, inspect, keys or the default export", async function () {
    const texts = [
      JSON.stringify(issuerKey),
      JSON.stringify({ nested: [issuerKey] }),
      String(issuerKey),
      `${issuerKey}`,
      util.inspect(issuerKey),
      util.inspect(issuerKey, { showHidden: true, depth: Infinity, customInspect: false }),
      util.format("%o %O %j", issuerKey, issuerKey, issuerKey),
      JSON.stringify(Object.entries(issuerKey)),
      JSON.stringify(await issuerKey.export()),
      JSON.stringify(Object.getOwnPropertyNames(issuerKey).map((k) => (issuerKey as never)[k])),
    ];
    for (const text of texts) {
      for (const encoding of encodingsOf(SEED, secretKeyMultibase)) {
        expect(text, "the issuer secret leaked").to.not.include(encoding);
      }
    }
    expect(String(issuerKey)).to.equal(`IssuerKey(${issuerKey.did})`);
    expect(util.inspect(issuerKey)).to.equal(`IssuerKey(${issuerKey.did})`);
    expect(Object.keys(issuerKey).sort()).to.deep.equal(["did", "publicKeyMultibase", "verificationMethod"]);
  });

  it("gives a signer that exposes no key material", function () {
    const signer = issuerSigner({ issuerKey });
    expect(Object.keys(signer).sort()).to.deep.equal(["algorithm", "id", "sign"]);
    expect(signer.id).to.equal(issuerKey.verificationMethod);
    expect(signer.algorithm).to.equal("Ed25519");
    expect(() => issuerSigner({ issuerKey: {} as never })).to.throw(InvalidKeyError);
  });

  it("destroy() zeroes the key: signing and secret export then throw", async function () {
    const key = await IssuerKey.generate();
    key.destroy();
    expect(key.destroyed).to.equal(true);
    const issued = await issueKycCredential({
      issuerKey: key,
      subjectDid: SUBJECT_DID,
      claims: { kycLevel: "basic" },
    }).catch((e: unknown) => e);
    expect(issued).to.be.instanceOf(InvalidKeyError);
    const exported = await key.export({ includeSecretKey: true }).catch((e: unknown) => e);
    expect(exported).to.be.instanceOf(InvalidKeyError);
    expect((await key.export()).publicKeyMultibase).to.equal(key.publicKeyMultibase);
  });
});
