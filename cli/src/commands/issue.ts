/**
 * `idem issue`: the issuer signs a KYC credential (VC 2.0, `eddsa-rdfc-2022`) about a subject account, as a did:pkh
 * on the network's chain. Needs the issuer's Ed25519 key, no wallet: anchoring is `idem anchor`.
 */
import { writeFileSync } from "node:fs";

import { KYC_LEVELS, issueKycCredential, pkhDid, type KycLevel } from "../../../sdk/src/index.ts";
import type { CommandInput } from "../command-input.ts";
import { loadIssuerKey } from "../context/issuer-key.ts";
import { loadNetwork } from "../context/network.ts";
import { CliError } from "../errors.ts";
import { parseAddress } from "../parse/address.ts";
import { parseTime } from "../parse/time.ts";

/**
 * `idem issue` options.
 *
 * @example
 * ```ts
 * const options: IssueOptions = { subject: "0x…", level: "enhanced", ageOver18: true, country: "DE", out: "kyc.json" };
 * ```
 */
export type IssueOptions = {
  subject: string;
  level: string;
  ageOver18?: boolean;
  country?: string;
  validUntil?: string;
  issuerKey?: string;
  out?: string;
};

/**
 * Issues the credential and writes it to `--out` (else prints it).
 *
 * @example
 * ```ts
 * await issue({ options: { subject, level: "basic", out: "kyc.json" }, globals, env: process.env, output });
 * ```
 */
export async function issue({ options, globals, env, output }: CommandInput<IssueOptions>): Promise<void> {
  const subject = parseAddress(options.subject, "--subject");
  if (!(KYC_LEVELS as readonly string[]).includes(options.level)) {
    throw new CliError(`--level: "${options.level}" is not one of ${KYC_LEVELS.join(", ")}.`);
  }
  if (options.country !== undefined && !/^[A-Z]{2}$/.test(options.country)) {
    throw new CliError(`--country: "${options.country}" is not an ISO 3166-1 alpha-2 code (e.g. DE).`);
  }
  const validUntil =
    options.validUntil === undefined
      ? undefined
      : new Date(Number(parseTime(options.validUntil, "--valid-until")) * 1000);
  const network = loadNetwork({ network: globals.network, env });
  const issuerKey = await loadIssuerKey({ file: options.issuerKey, env });
  const credential = await issueKycCredential({
    issuerKey,
    subjectDid: pkhDid({ chainId: BigInt(network.chainId), address: subject }),
    claims: {
      kycLevel: options.level as KycLevel,
      ...(options.ageOver18 === true ? { ageOver18: true } : {}),
      ...(options.country === undefined ? {} : { residenceCountry: options.country }),
    },
    ...(validUntil === undefined ? {} : { validUntil }),
  });
  const text = `${JSON.stringify(credential, null, 2)}\n`;
  if (options.out !== undefined) writeFileSync(options.out, text);
  output.result(
    { issuer: issuerKey.did, subject, ...(options.out === undefined ? { credential } : { file: options.out }) },
    options.out === undefined ? text : `credential for ${subject} written to ${options.out}\nissuer: ${issuerKey.did}`,
  );
}
