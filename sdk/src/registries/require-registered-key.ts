/**
 * The key-registry checks of the grant flow: a data key is wrapped only for the key registered to the grantee's
 * address, never for a key a front-end (or anyone else) supplies.
 *
 * @module
 */
import type { KeyRegistry } from "../../../types/ethers-contracts/index.js";
import { equalBytes, toHex } from "../crypto/bytes.ts";
import { EncryptionKeyMismatchError, NoEncryptionKeyError } from "./errors.ts";
import { getEncryptionKey } from "./get-encryption-key.ts";
import { publicKeyBytes, type PublicKeyInput } from "./public-key-bytes.ts";

/** What {@link requireRegisteredKey} takes. */
export type RequireRegisteredKeyParameters = {
  /** `KeyRegistry`, connected to any provider. */
  keyRegistry: KeyRegistry;
  /** The grantee (reader) whose key to wrap for. */
  account: string;
};

/** What {@link assertRegisteredKey} takes. */
export type AssertRegisteredKeyParameters = RequireRegisteredKeyParameters & {
  /** The key offered for `account` (e.g. by a front-end): 32 bytes, or 0x hex. */
  publicKey: PublicKeyInput;
};

/**
 * The key to wrap `account`'s data keys for: the one it registered. Throws `NoEncryptionKeyError` when it has none,
 * and `InvalidKeyError` when the registered key is unsafe to encrypt to (a point of small order, which the contract
 * cannot detect).
 *
 * @example
 * ```ts
 * const readerKey = await requireRegisteredKey({ keyRegistry, account: grantee });
 * const updated = addReader({ envelope, keyPair: ownerKeyPair, readerPublicKey: readerKey });
 * await grant({ accessGrants, grantee, dataId });
 * ```
 */
export async function requireRegisteredKey({
  keyRegistry,
  account,
}: RequireRegisteredKeyParameters): Promise<Uint8Array> {
  const registered = await getEncryptionKey({ keyRegistry, account });
  if (registered === undefined) throw new NoEncryptionKeyError({ account });
  return publicKeyBytes({ publicKey: registered, what: "registered encryption key" });
}

/**
 * Checks that `publicKey` is the key `account` registered, and returns it. Throws `NoEncryptionKeyError` when
 * `account` has none, `EncryptionKeyMismatchError` when the key offered is another one, and `InvalidKeyError` for a
 * malformed offered key.
 *
 * @example
 * ```ts
 * // a dApp hands over the grantee's key; trust it only if the registry agrees:
 * const readerKey = await assertRegisteredKey({ keyRegistry, account: grantee, publicKey: offeredKey });
 * ```
 */
export async function assertRegisteredKey({
  keyRegistry,
  account,
  publicKey,
}: AssertRegisteredKeyParameters): Promise<Uint8Array> {
  const offered = publicKeyBytes({ publicKey, what: "offered encryption key" });
  const registered = await requireRegisteredKey({ keyRegistry, account });
  if (!equalBytes(offered, registered)) {
    throw new EncryptionKeyMismatchError({ account, registered: toHex(registered), offered: toHex(offered) });
  }
  return registered;
}
