/**
 * `idem read`: the owner or a grantee fetches a dataId from the nodes and decrypts it with the wallet's derived
 * key. The plaintext goes to `--out`, else to stdout (it is what was asked for). With `--trusted-issuer` the
 * credential is verified as well (signature, issuer, validity), and a credential that fails is an error.
 */
import { writeFileSync } from "node:fs";

import type { VerifyCredentialResult } from "../../../sdk/src/index.ts";
import type { CommandInput } from "../command-input.ts";
import { connectConsumer } from "../context/roles.ts";
import { withSession } from "../context/session.ts";
import { CliError } from "../errors.ts";
import { parseBytes32 } from "../parse/bytes32.ts";

/**
 * `idem read` options.
 *
 * @example
 * ```ts
 * const options: ReadOptions = { dataId: "0x…", out: "kyc.json", trustedIssuer: ["did:key:z6Mk…"] };
 * ```
 */
export type ReadOptions = { dataId: string; out?: string; trustedIssuer?: string[] };

/**
 * Reads, decrypts and optionally verifies.
 *
 * @example
 * ```ts
 * await read({ options: { dataId, out: "kyc.json" }, globals, env: process.env, output });
 * ```
 */
export async function read({ options, globals, env, output }: CommandInput<ReadOptions>): Promise<void> {
  const dataId = parseBytes32(options.dataId, "--data-id");
  await withSession({ globals, env }, async (session) => {
    const reader = await connectConsumer({ session, output });
    output.progress(`reading ${dataId}…`);
    const { bytes, cid, nodeUrl } = await reader.read({ dataId });
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    const credential = parseObject(text);
    let verification: VerifyCredentialResult | undefined;
    if (options.trustedIssuer !== undefined) {
      if (credential === undefined) throw new CliError(`${dataId} is not a JSON credential; nothing to verify.`);
      verification = await reader.verify({ credential, trustedIssuers: options.trustedIssuer });
      if (!verification.verified) throw new CliError(`The credential does not verify: ${failed(verification)}.`);
      output.progress("verified: signature, trusted issuer, validity, status");
    }
    if (options.out !== undefined) writeFileSync(options.out, bytes);
    const content =
      options.out !== undefined
        ? {}
        : credential !== undefined
          ? { credential }
          : { base64: Buffer.from(bytes).toString("base64") };
    const summary = {
      dataId,
      cid,
      nodeUrl,
      bytes: bytes.length,
      ...(verification === undefined ? {} : { checks: verification.checks }),
    };
    if (output.json)
      output.result({ ...summary, ...(options.out === undefined ? content : { file: options.out }) }, "");
    else if (options.out !== undefined)
      output.result(summary, `wrote ${bytes.length} bytes of ${dataId} to ${options.out}`);
    else process.stdout.write(bytes);
  });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function failed({ checks }: VerifyCredentialResult): string {
  return [
    ...(checks.signature ? [] : ["bad signature"]),
    ...(checks.issuerTrusted ? [] : ["issuer not trusted"]),
    ...(checks.validity === "valid" ? [] : [`validity ${checks.validity}`]),
    ...(checks.status === "ok" || checks.status === "none" ? [] : [`status ${checks.status}`]),
  ].join(", ");
}
