/**
 * Reading and creating the p2p layer's secret files (libp2p private key, network pre-shared key): owner-only
 * (mode 0600 or 0400), created atomically with `wx` so two processes never both write one, and never quoted in an
 * error.
 */
import { readFile, stat, writeFile } from "node:fs/promises";

import { KeyFileError } from "./errors.ts";

/**
 * Reads a secret file, or returns `undefined` when it does not exist.
 *
 * @throws {KeyFileError} when the file is readable or writable by group or others, or cannot be read.
 * @example
 * ```ts
 * const bytes = await readSecretFile({ path, what: "libp2p key" });
 * ```
 */
export async function readSecretFile({ path, what }: { path: string; what: string }): Promise<Uint8Array | undefined> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new KeyFileError(`The ${what} file ${path} cannot be read.`, { path, cause });
  }
  if ((mode & 0o077) !== 0) {
    throw new KeyFileError(`The ${what} file ${path} is readable by others.`, {
      path,
      details: `its mode is 0${(mode & 0o777).toString(8)}; run: chmod 600 ${path}`,
    });
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (cause) {
    throw new KeyFileError(`The ${what} file ${path} cannot be read.`, { path, cause });
  }
}

/**
 * Creates a secret file with mode 0600. Refuses to overwrite an existing file.
 *
 * @throws {KeyFileError} when the file exists or cannot be written.
 * @example
 * ```ts
 * await createSecretFile({ path, what: "network key", bytes });
 * ```
 */
export async function createSecretFile({
  path,
  what,
  bytes,
}: {
  path: string;
  what: string;
  bytes: Uint8Array;
}): Promise<void> {
  try {
    await writeFile(path, bytes, { mode: 0o600, flag: "wx" });
  } catch (cause) {
    throw new KeyFileError(`The ${what} file ${path} cannot be created.`, {
      path,
      details: "it may exist already, or its directory may be missing",
      cause,
    });
  }
}
