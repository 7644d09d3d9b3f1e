/**
 * The private network's pre-shared key (libp2p pnet, format `/key/swarm/psk/1.0.0/`): 95 bytes, the same on every
 * Idem node of one network, in a file readable by the node's user alone. A peer without it cannot complete a
 * connection.
 */
import { generateKey } from "@libp2p/pnet";

import { KeyFileError } from "./errors.ts";
import { createSecretFile, readSecretFile } from "./secret-file.ts";

const WHAT = "network key";
/** Length of a pnet v1 key file: the 31-byte header and 64 hex digits. */
export const NETWORK_KEY_LENGTH = 95;
const HEADER = "/key/swarm/psk/1.0.0/\n/base16/\n";

/**
 * Generates a fresh pre-shared network key (95 bytes), in memory only.
 *
 * @example
 * ```ts
 * const psk = generateNetworkKey();
 * ```
 */
export function generateNetworkKey(): Uint8Array {
  const psk = new Uint8Array(NETWORK_KEY_LENGTH);
  generateKey(psk);
  return psk;
}

/**
 * Loads the pre-shared network key from `path`, or generates one there (mode 0600) when the file does not exist.
 * Only the first node of a network should generate; the others are given a copy of that file.
 *
 * @throws {KeyFileError} when the file is readable by group or others, cannot be read or created, or is not a pnet
 *   v1 key.
 * @example
 * ```ts
 * const psk = await loadOrCreateNetworkKey({ path: join(dataDir, "swarm.key") });
 * ```
 */
export async function loadOrCreateNetworkKey({ path }: { path: string }): Promise<Uint8Array> {
  const existing = await readSecretFile({ path, what: WHAT });
  if (existing !== undefined) {
    if (!isNetworkKey(existing)) {
      throw new KeyFileError(`The ${WHAT} file ${path} does not hold a pnet key.`, {
        path,
        details: `expected ${NETWORK_KEY_LENGTH} bytes: "/key/swarm/psk/1.0.0/", "/base16/" and 64 hex digits`,
      });
    }
    return existing;
  }
  const psk = generateNetworkKey();
  await createSecretFile({ path, what: WHAT, bytes: psk });
  return psk;
}

/**
 * Whether `bytes` is a well-formed pnet v1 key (header and 64 hex digits, no trailing bytes).
 *
 * @example
 * ```ts
 * isNetworkKey(generateNetworkKey()); // true
 * ```
 */
export function isNetworkKey(bytes: Uint8Array): boolean {
  if (bytes.length !== NETWORK_KEY_LENGTH) return false;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return text.startsWith(HEADER) && /^[0-9a-f]{64}$/i.test(text.slice(HEADER.length));
}
