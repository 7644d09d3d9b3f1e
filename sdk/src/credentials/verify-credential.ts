/**
 * Verifies a credential and says why it passes or fails: the signature, whether the issuer is one the caller
 * trusts, the validity period, and the revocation / suspension status, each checked on its own. The library's
 * `verified` flag alone does not cover status, so status is checked here explicitly, against status list
 * credentials the caller supplies (never fetched).
 *
 * @module
 */
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { documentLoader as defaultDocumentLoader, type DocumentLoader } from "./document-loader.ts";
import { CredentialCheckError } from "./errors.ts";
import type { StatusListCredential } from "./status-list.ts";

/**
 * The outcome of the validity check: `valid` when `validFrom ≤ now ≤ validUntil` (each bound only if present).
 *
 * @example
 * ```ts
 * if (result.checks.validity === "expired") console.log("ask the issuer for a new credential");
 * ```
 */
export type ValidityCheck = "valid" | "expired" | "not-yet-valid" | "invalid";

/**
 * The outcome of the status check. `ok`: every revocation and suspension bit is clear. `revoked` / `suspended`: a
 * bit is set (revoked wins). `unknown`: a list was missing, not signed by the issuer, not valid at `now`, or
 * malformed. `none`: the credential has no status entry (passes unless `requireStatus`).
 *
 * @example
 * ```ts
 * if (result.checks.status === "suspended") console.log("temporarily not valid");
 * ```
 */
export type StatusCheck = "ok" | "revoked" | "suspended" | "unknown" | "none";

/**
 * The structured verification result. `verified` is `true` only if every check passes; `errors` has one
 * {@link CredentialCheckError} per failed check.
 *
 * @example
 * ```ts
 * const { verified, checks, errors } = await verifyCredential({ credential, trustedIssuers });
 * ```
 */
export type VerifyCredentialResult = {
  verified: boolean;
  checks: {
    /** The Data Integrity `eddsa-rdfc-2022` proof verifies against the issuer's did:key. */
    signature: boolean;
    /** The issuer is in `trustedIssuers`. */
    issuerTrusted: boolean;
    validity: ValidityCheck;
    status: StatusCheck;
  };
  errors: CredentialCheckError[];
};

/**
 * Parameters of {@link verifyCredential}.
 *
 * @example
 * ```ts
 * const parameters: VerifyCredentialParameters = { credential, trustedIssuers: [issuerKey.did] };
 * ```
 */
export type VerifyCredentialParameters = {
  /** The credential to check (untrusted input). */
  credential: Record<string, unknown>;
  /** The issuer DIDs this verifier accepts. */
  trustedIssuers: readonly string[];
  /** The time to check validity at; defaults to now. */
  now?: Date;
  /** Seconds of clock skew tolerated at each validity bound; 0 by default. */
  maxClockSkewSeconds?: number;
  /** Returns the status list credential at a URL, if the verifier holds it. Never a network fetch by the SDK. */
  getStatusListCredential?: (
    url: string,
  ) => StatusListCredential | undefined | Promise<StatusListCredential | undefined>;
  /** Status list credentials held by the verifier, looked up by `id` before `getStatusListCredential`. */
  statusListCredentials?: readonly StatusListCredential[];
  /** Fail credentials that have no status entry (status `none`). `false` by default. */
  requireStatus?: boolean;
  /** A JSON-LD document loader; defaults to the offline loader. */
  documentLoader?: DocumentLoader;
};

/**
 * Verifies a credential. Never throws for a bad credential: the result says what failed.
 *
 * @example
 * ```ts
 * const result = await verifyCredential({
 *   credential,
 *   trustedIssuers: ["did:key:z6Mk…"],
 *   statusListCredentials: [revocationList, suspensionList],
 * });
 * if (!result.verified) console.error(result.checks, result.errors.map((error) => error.shortMessage));
 * ```
 */
export async function verifyCredential({
  credential,
  trustedIssuers,
  now = new Date(),
  maxClockSkewSeconds = 0,
  getStatusListCredential = () => undefined,
  statusListCredentials = [],
  requireStatus = false,
  documentLoader = defaultDocumentLoader,
}: VerifyCredentialParameters): Promise<VerifyCredentialResult> {
  const errors: CredentialCheckError[] = [];
  const issuer = issuerId(credential);
  const validity = checkValidity({ credential, now, maxClockSkewSeconds, errors });
  const signature = await checkSignature({ credential, now, documentLoader, errors });
  const issuerTrusted = issuer !== undefined && trustedIssuers.includes(issuer);
  if (!issuerTrusted) {
    errors.push(
      new CredentialCheckError({
        check: "issuerTrusted",
        shortMessage: "Issuer not trusted.",
        details: issuer === undefined ? "the credential names no issuer" : `${issuer} is not in trustedIssuers`,
      }),
    );
  }
  const lists = new Map(statusListCredentials.map((list) => [list.id, list]));
  const status = await checkStatus({
    credential,
    issuer,
    now,
    maxClockSkewSeconds,
    getList: async (url) => lists.get(url) ?? (await getStatusListCredential(url)),
    documentLoader,
    errors,
  });
  if (status === "none" && requireStatus) {
    errors.push(new CredentialCheckError({ check: "status", shortMessage: "Credential has no status entry." }));
  }
  const statusPassed = status === "ok" || (status === "none" && !requireStatus);
  return {
    verified: signature && issuerTrusted && validity === "valid" && statusPassed,
    checks: { signature, issuerTrusted, validity, status },
    errors,
  };
}

function issuerId(credential: Record<string, unknown>): string | undefined {
  const issuer = credential?.issuer;
  if (typeof issuer === "string") return issuer;
  if (typeof issuer === "object" && issuer !== null && typeof (issuer as { id?: unknown }).id === "string") {
    return (issuer as { id: string }).id;
  }
  return undefined;
}

function validityBounds(credential: Record<string, unknown>): { from?: number; until?: number } | undefined {
  const bounds: { from?: number; until?: number } = {};
  for (const [key, name] of [
    ["from", "validFrom"],
    ["until", "validUntil"],
  ] as const) {
    const value = credential?.[name];
    if (value === undefined) continue;
    const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(time)) return undefined;
    bounds[key] = time;
  }
  return bounds;
}

function checkValidity({
  credential,
  now,
  maxClockSkewSeconds,
  errors,
}: {
  credential: Record<string, unknown>;
  now: Date;
  maxClockSkewSeconds: number;
  errors: CredentialCheckError[];
}): ValidityCheck {
  const bounds = validityBounds(credential);
  const time = now.getTime();
  const skew = maxClockSkewSeconds * 1000;
  let validity: ValidityCheck = "valid";
  if (bounds === undefined || Number.isNaN(time)) validity = "invalid";
  else if (bounds.from !== undefined && time + skew < bounds.from) validity = "not-yet-valid";
  else if (bounds.until !== undefined && time - skew > bounds.until) validity = "expired";
  if (validity !== "valid") {
    const details = {
      invalid: "validFrom or validUntil is not a date, or now is not a valid Date",
      "not-yet-valid": `now (${now.toISOString()}) is before validFrom`,
      expired: `now (${Number.isNaN(time) ? "?" : now.toISOString()}) is after validUntil`,
    }[validity];
    errors.push(new CredentialCheckError({ check: "validity", shortMessage: "Credential not valid now.", details }));
  }
  return validity;
}

async function checkSignature({
  credential,
  now,
  documentLoader,
  errors,
}: {
  credential: Record<string, unknown>;
  now: Date;
  documentLoader: DocumentLoader;
  errors: CredentialCheckError[];
}): Promise<boolean> {
  // The library also checks dates; validity is reported on its own, so it is given a time inside the period.
  const bounds = validityBounds(credential) ?? {};
  let at = Number.isNaN(now.getTime()) ? Date.now() : now.getTime();
  if (bounds.from !== undefined) at = Math.max(at, bounds.from);
  if (bounds.until !== undefined) at = Math.min(at, bounds.until);
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader,
    now: new Date(at),
    // The library counts a time equal to a bound as outside unless within the skew; `at` is inside or on a bound.
    maxClockSkew: 1,
    // Status is checked separately below, against lists the caller supplies.
    checkStatus: async () => ({ verified: true }),
  });
  if (!result.verified) {
    errors.push(
      new CredentialCheckError({
        check: "signature",
        shortMessage: "Signature not verified.",
        details: describe(result.error),
        cause: result.error,
      }),
    );
  }
  return result.verified;
}

type Entry = { type?: unknown; statusPurpose?: unknown; statusListIndex?: unknown; statusListCredential?: unknown };

async function checkStatus({
  credential,
  issuer,
  now,
  maxClockSkewSeconds,
  getList,
  documentLoader,
  errors,
}: {
  credential: Record<string, unknown>;
  issuer: string | undefined;
  now: Date;
  maxClockSkewSeconds: number;
  getList: (url: string) => Promise<StatusListCredential | undefined>;
  documentLoader: DocumentLoader;
  errors: CredentialCheckError[];
}): Promise<StatusCheck> {
  const raw = credential?.credentialStatus;
  if (raw === undefined) return "none";
  const entries = ([raw].flat() as Entry[]).filter(
    (entry) => entry?.statusPurpose === "revocation" || entry?.statusPurpose === "suspension",
  );
  const fail = (details: string, cause?: unknown): "unknown" => {
    errors.push(
      new CredentialCheckError({ check: "status", shortMessage: "Credential status unknown.", details, cause }),
    );
    return "unknown";
  };
  if (entries.length === 0) return fail("credentialStatus has no revocation or suspension entry");
  const set: Partial<Record<"revocation" | "suspension", boolean>> = {};
  let unknown = false;
  for (const entry of entries) {
    const bit = await readBit({ entry, issuer, now, maxClockSkewSeconds, getList, documentLoader });
    if (typeof bit === "string") {
      fail(bit);
      unknown = true;
    } else if (bit) set[entry.statusPurpose as "revocation" | "suspension"] = true;
  }
  if (set.revocation) {
    errors.push(new CredentialCheckError({ check: "status", shortMessage: "Credential revoked." }));
    return "revoked";
  }
  if (set.suspension) {
    errors.push(new CredentialCheckError({ check: "status", shortMessage: "Credential suspended." }));
    return "suspended";
  }
  return unknown ? "unknown" : "ok";
}

/** The entry's bit, or a string saying why it cannot be known. */
async function readBit({
  entry,
  issuer,
  now,
  maxClockSkewSeconds,
  getList,
  documentLoader,
}: {
  entry: Entry;
  issuer: string | undefined;
  now: Date;
  maxClockSkewSeconds: number;
  getList: (url: string) => Promise<StatusListCredential | undefined>;
  documentLoader: DocumentLoader;
}): Promise<boolean | string> {
  if (entry.type !== "BitstringStatusListEntry" || typeof entry.statusListCredential !== "string") {
    return "a status entry is not a BitstringStatusListEntry";
  }
  const index = typeof entry.statusListIndex === "string" ? entry.statusListIndex : "";
  if (!/^(0|[1-9][0-9]{0,9})$/.test(index)) return "statusListIndex is not a non-negative integer";
  let list: StatusListCredential | undefined;
  try {
    list = await getList(entry.statusListCredential);
  } catch (error) {
    return `getStatusListCredential failed: ${describe(error)}`;
  }
  if (list === undefined) return `no status list credential for ${entry.statusListCredential}`;
  if (list.id !== entry.statusListCredential) return "the status list credential has another id";
  if (issuer === undefined || list.issuer !== issuer) return "the status list is not from the credential's issuer";
  if (
    !Array.isArray(list.type) ||
    !list.type.includes("BitstringStatusListCredential") ||
    list.credentialSubject?.type !== "BitstringStatusList"
  ) {
    return "not a BitstringStatusListCredential";
  }
  if (list.credentialSubject.statusPurpose !== entry.statusPurpose) return "the status list has another purpose";
  const verified = await vc.verifyCredential({
    credential: list,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader,
    now,
    maxClockSkew: maxClockSkewSeconds,
  });
  if (!verified.verified) return `the status list credential does not verify: ${describe(verified.error)}`;
  try {
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
    if (Number(index) >= bits.length) return "statusListIndex is outside the list";
    return bits.getStatus(Number(index));
  } catch (error) {
    return `the status list does not decode: ${describe(error)}`;
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describe).join("; ");
  if (error instanceof Error) {
    const inner = (error as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.length > 0) return inner.map(describe).join("; ");
    return error.message;
  }
  return "unknown error";
}
