/** Writes a file that holds a secret (a keystore, an issuer key): owner-only permissions, never over another file. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import { CliError } from "./errors.ts";

/**
 * Creates `path` with mode 0600; refuses to replace an existing file.
 *
 * @throws `CliError` when the file exists or cannot be written.
 * @example
 * ```ts
 * writeSecretFile("keys/user.json", keystoreJson);
 * ```
 */
export function writeSecretFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, text, { mode: 0o600, flag: "wx" });
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === "EEXIST";
    throw new CliError(exists ? `${path} exists; not replacing it.` : `Cannot write ${path}.`);
  }
}
