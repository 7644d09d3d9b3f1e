/**
 * The node's libp2p identity: an Ed25519 private key persisted as its protobuf encoding in a file readable by the
 * node's user alone, so the peer id (what NodeRegistry lists) survives restarts.
 */
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import type { Ed25519PrivateKey } from "@libp2p/interface";

import { KeyFileError } from "./errors.ts";
import { createSecretFile, readSecretFile } from "./secret-file.ts";

const WHAT = "libp2p key";

/**
 * Loads the node's Ed25519 libp2p key from `path`, or creates one there (mode 0600) when the file does not exist.
 *
 * @throws {KeyFileError} when the file is readable by group or others, cannot be read or created, or does not hold
 *   an Ed25519 key.
 * @example
 * ```ts
 * const privateKey = await loadOrCreatePeerKey({ path: join(dataDir, "libp2p.key") });
 * const network = await startNetwork({ dataDir, privateKey, psk });
 * ```
 */
export async function loadOrCreatePeerKey({ path }: { path: string }): Promise<Ed25519PrivateKey> {
  const existing = await readSecretFile({ path, what: WHAT });
  if (existing !== undefined) return decode(path, existing);
  const privateKey = await generateKeyPair("Ed25519");
  await createSecretFile({ path, what: WHAT, bytes: privateKeyToProtobuf(privateKey) });
  return privateKey;
}

function decode(path: string, bytes: Uint8Array): Ed25519PrivateKey {
  let key;
  try {
    key = privateKeyFromProtobuf(bytes);
  } catch {
    // No cause: the decoder's message could quote key bytes.
    throw new KeyFileError(`The ${WHAT} file ${path} does not hold a libp2p private key.`, { path });
  }
  if (key.type !== "Ed25519") {
    throw new KeyFileError(`The ${WHAT} file ${path} does not hold an Ed25519 key.`, {
      path,
      details: `found a ${key.type} key`,
    });
  }
  return key;
}
