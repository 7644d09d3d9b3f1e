/**
 * Opens an envelope with one key pair.
 *
 * @module
 */
import nacl from "tweetnacl";
import { DecryptionFailedError } from "../errors.ts";
import type { EncryptionKeyPair } from "../keys/key-pair.ts";
import { equalBytes } from "./bytes.ts";
import type { Envelope } from "./envelope.ts";
import { payloadKey } from "./key-schedule.ts";
import { toEnvelope, unlock } from "./unlock.ts";

/**
 * What {@link open} takes.
 *
 * @example
 * ```ts
 * const parameters: OpenParameters = { envelope: bytes, keyPair, chainId: 1n, dataId };
 * ```
 */
export type OpenParameters = {
  /** The envelope, decoded or as bytes. */
  envelope: Envelope | Uint8Array;
  /** A key pair with an owner or reader slot in the envelope. */
  keyPair: EncryptionKeyPair;
  /** If given, the envelope must belong to this chain. */
  chainId?: bigint;
  /** If given, the envelope must carry this dataId. Pass it whenever you fetched the envelope by dataId. */
  dataId?: Uint8Array;
};

/**
 * Decrypts an envelope with `keyPair` (an owner's or a reader's) and returns the payload.
 *
 * Checks, in order: the envelope's structure (`InvalidEnvelopeError`, public), then the key's slot, the wrapped data
 * key, the tag of every slot, the header and ciphertext (Poly1305 under a key bound to the header), and, once the
 * header is authentic, that it names the expected `chainId` and `dataId`. Every failure after the structural check
 * is the same `DecryptionFailedError`; no plaintext is ever returned from a failed check.
 *
 * Pass the `chainId` and `dataId` you asked the node for: otherwise a node could answer with another envelope you
 * can also read.
 *
 * @example
 * ```ts
 * const payload = open({ envelope: bytesFromNode, keyPair, chainId: 1n, dataId });
 * const credential = JSON.parse(new TextDecoder().decode(payload));
 * ```
 */
export function open({ envelope, keyPair, chainId, dataId }: OpenParameters): Uint8Array {
  const checked = toEnvelope({ envelope });
  const { dataKey, headerBytes } = unlock({ envelope: checked, keyPair, role: "any" });
  const key = payloadKey({ dataKey, headerBytes });
  dataKey.fill(0);
  const payload = nacl.secretbox.open(checked.ciphertext, checked.nonce, key);
  key.fill(0);
  if (payload === null) throw new DecryptionFailedError();
  const headerMatches =
    (chainId === undefined || checked.header.chainId === chainId) &&
    (dataId === undefined || equalBytes(checked.header.dataId, dataId));
  if (!headerMatches) {
    payload.fill(0);
    throw new DecryptionFailedError();
  }
  return payload;
}
