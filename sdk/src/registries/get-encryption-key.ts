/**
 * Look up the encryption public key an account registered.
 *
 * @module
 */
import { ZeroHash } from "ethers";
import type { KeyRegistry } from "../../../types/ethers-contracts/index.js";
import { fromHex } from "../crypto/bytes.ts";
import { X25519_KEY_BYTES } from "../crypto/public-key.ts";
import { decodeRegistryError } from "./errors.ts";

/** What {@link getEncryptionKey} takes. */
export type GetEncryptionKeyParameters = {
  /** `KeyRegistry`, connected to any provider. */
  keyRegistry: KeyRegistry;
  account: string;
};

/**
 * The 32-byte x25519 public key `account` registered, as stored, or `undefined` when it has none. To get a key to
 * wrap a data key for, use `requireRegisteredKey`, which also refuses keys unsafe to encrypt to.
 *
 * @example
 * ```ts
 * const publicKey = await getEncryptionKey({ keyRegistry, account: grantee });
 * if (publicKey === undefined) console.log("the grantee has not registered a key yet");
 * ```
 */
export async function getEncryptionKey({
  keyRegistry,
  account,
}: GetEncryptionKeyParameters): Promise<Uint8Array | undefined> {
  let stored;
  try {
    stored = await keyRegistry.encryptionKeyOf(account);
  } catch (error) {
    throw decodeRegistryError(error, keyRegistry.interface);
  }
  if (stored === ZeroHash) return undefined;
  return fromHex(stored, X25519_KEY_BYTES);
}
