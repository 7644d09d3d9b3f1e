/**
 * The issuer's Ed25519 signing key: a Multikey JSON file (`--issuer-key <file>` or `IDEM_ISSUER_KEY_FILE`) as
 * `idem keys generate --issuer` writes it, or the Multikey JSON itself in `IDEM_ISSUER_KEY`.
 */
import { readFileSync } from "node:fs";

import { IssuerKey } from "../../../sdk/src/index.ts";
import { CliError } from "../errors.ts";

/**
 * Loads the issuer key the option or environment names.
 *
 * @throws `CliError` when none is configured or the file is unreadable; the SDK's `InvalidKeyError` when it is not
 *   an Ed25519 Multikey with its secret half.
 * @example
 * ```ts
 * const issuerKey = await loadIssuerKey({ file: options.issuerKey, env: process.env });
 * ```
 */
export async function loadIssuerKey({
  file,
  env,
}: {
  file?: string | undefined;
  env: NodeJS.ProcessEnv;
}): Promise<IssuerKey> {
  const path = file ?? env.IDEM_ISSUER_KEY_FILE;
  let text: string | undefined = env.IDEM_ISSUER_KEY;
  if (path !== undefined && path !== "") {
    try {
      text = readFileSync(path, "utf8");
    } catch {
      throw new CliError(`No issuer key at ${path}.`, {
        hint: "create one with `idem keys generate --issuer --out <file>`",
      });
    }
  }
  if (text === undefined || text === "") {
    throw new CliError("No issuer key.", {
      hint: "pass --issuer-key <file>, or set IDEM_ISSUER_KEY_FILE or IDEM_ISSUER_KEY",
    });
  }
  let multikey: { publicKeyMultibase: string; secretKeyMultibase: string };
  try {
    multikey = JSON.parse(text) as typeof multikey;
  } catch {
    throw new CliError("The issuer key is not JSON (expected a Multikey with secretKeyMultibase).");
  }
  return IssuerKey.fromMultikey({ multikey });
}
