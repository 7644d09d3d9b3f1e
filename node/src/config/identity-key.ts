/**
 * The node's identity key: a secp256k1 private key in a file of its own (hex, `0x`-prefixed), readable by the
 * node's user alone. It signs deletion receipts (and later derives the libp2p identity). The configuration names
 * only the file; the key never appears in config, argv or logs.
 */
import { randomBytes } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";

import { SigningKey, computeAddress, hexlify } from "ethers";

import { IdentityKeyError } from "../errors.ts";

/**
 * A loaded identity key and the address it controls.
 *
 * @example
 * ```ts
 * const { address, signingKey } = await loadIdentityKey({ path });
 * ```
 */
export type IdentityKey = {
  /** Checksummed address of the key. */
  readonly address: string;
  /** The key itself; keep it out of logs. */
  readonly signingKey: SigningKey;
};

/**
 * Loads the key, refusing a file that group or others may read or write (anything but 0600 or 0400).
 *
 * @throws {IdentityKeyError} when the file is missing, too open, or not a valid key.
 * @example
 * ```ts
 * const key = await loadIdentityKey({ path: config.identityKeyFile });
 * ```
 */
export async function loadIdentityKey({ path }: { path: string }): Promise<IdentityKey> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (cause) {
    throw new IdentityKeyError(`The identity key file ${path} cannot be read.`, { cause });
  }
  if ((mode & 0o077) !== 0) {
    throw new IdentityKeyError(`The identity key file ${path} is readable by others.`, {
      details: `its mode is 0${(mode & 0o777).toString(8)}; run: chmod 600 ${path}`,
    });
  }
  const text = (await readFile(path, "utf8")).trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) {
    throw new IdentityKeyError(`The identity key file ${path} does not hold a key.`, {
      details: "expected 32 bytes as 0x-prefixed hex",
    });
  }
  try {
    const signingKey = new SigningKey(text);
    // Deriving the public key is what checks the scalar is in [1, n).
    return { address: computeAddress(signingKey.publicKey), signingKey };
  } catch {
    // No cause: the library's error could quote the key.
    throw new IdentityKeyError(`The identity key file ${path} does not hold a valid secp256k1 key.`);
  }
}

/**
 * Creates a fresh identity key file with mode 0600. Refuses to overwrite an existing file.
 *
 * @throws {IdentityKeyError} when the file exists or cannot be written.
 * @example
 * ```ts
 * await createIdentityKey({ path: "./data/node.key" });
 * ```
 */
export async function createIdentityKey({ path }: { path: string }): Promise<IdentityKey> {
  const signingKey = new SigningKey(hexlify(randomBytes(32)));
  try {
    await writeFile(path, `${signingKey.privateKey}\n`, { mode: 0o600, flag: "wx" });
  } catch (cause) {
    throw new IdentityKeyError(`The identity key file ${path} cannot be created.`, {
      details: "it may exist already",
      cause,
    });
  }
  return { address: computeAddress(signingKey.publicKey), signingKey };
}
