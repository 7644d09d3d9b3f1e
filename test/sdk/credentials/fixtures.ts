/**
 * Shared fixtures of the credentials tests: one issuer key and its two status lists per suite, a subject DID, and
 * a credential issued with status entries. Built once per `before`, not per test, to keep the suite fast.
 */
import { IssuerKey } from "../../../sdk/src/credentials/issuer-key.ts";
import { issueKycCredential } from "../../../sdk/src/credentials/issue-credential.ts";
import type { KycCredential } from "../../../sdk/src/credentials/kyc-credential.ts";
import { statusListEntry } from "../../../sdk/src/credentials/status-list-entry.ts";
import { createStatusListCredential, type StatusListCredential } from "../../../sdk/src/credentials/status-list.ts";
import { pkhDid } from "../../../sdk/src/credentials/subject-did.ts";

export const SUBJECT_ADDRESS = "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B";
export const SUBJECT_DID = pkhDid({ chainId: 1n, address: SUBJECT_ADDRESS });
export const REVOCATION_LIST_URL = "https://issuer.idem.test/status/revocation/1";
export const SUSPENSION_LIST_URL = "https://issuer.idem.test/status/suspension/1";
export const DAY_MS = 86_400_000;

export type IssuerFixture = {
  issuerKey: IssuerKey;
  revocationList: StatusListCredential;
  suspensionList: StatusListCredential;
  /** Issues a credential valid from a day ago for a year, with revocation and suspension entries at `index`. */
  issueWithStatus: (index: number) => Promise<KycCredential>;
};

export async function issuerFixture(): Promise<IssuerFixture> {
  const issuerKey = await IssuerKey.generate();
  const validFrom = new Date(Date.now() - DAY_MS);
  const revocationList = await createStatusListCredential({
    issuerKey,
    id: REVOCATION_LIST_URL,
    statusPurpose: "revocation",
    validFrom,
  });
  const suspensionList = await createStatusListCredential({
    issuerKey,
    id: SUSPENSION_LIST_URL,
    statusPurpose: "suspension",
    validFrom,
  });
  const issueWithStatus = async (index: number) =>
    issueKycCredential({
      issuerKey,
      subjectDid: SUBJECT_DID,
      claims: { kycLevel: "standard", ageOver18: true, residenceCountry: "DE", verifiedAt: validFrom },
      validFrom,
      validUntil: new Date(validFrom.getTime() + 365 * DAY_MS),
      credentialStatus: [
        await statusListEntry({ statusListCredential: revocationList, index }),
        await statusListEntry({ statusListCredential: suspensionList, index }),
      ],
    });
  return { issuerKey, revocationList, suspensionList, issueWithStatus };
}
