/**
 * SDK errors for the registries: `KeyRegistry` reverts, the checks that keep data keys wrapped only for a
 * grantee's registered key, and {@link decodeRegistryError}, which maps a registry revert to its class.
 *
 * Public keys are public: messages may name them (hex), never a secret key.
 *
 * @module
 */
import type { Interface } from "ethers";
import { IdemError } from "../errors.ts";
import { ContractCallError, decodeContractError } from "../grants/contract-errors.ts";

/** Common options of the mapped revert classes. */
type Raw = { data?: string | undefined; cause?: unknown };

/**
 * `KeyRegistryZeroKey`: `account` tried to register the all-zero key, which marks "no key". `setEncryptionKey`
 * refuses such a key before sending (`InvalidKeyError`), so this comes only from a raw contract call.
 *
 * @example
 * ```ts
 * if (error instanceof ZeroEncryptionKeyError) console.error(`${error.account} sent the zero key`);
 * ```
 */
export class ZeroEncryptionKeyError extends ContractCallError {
  override name = "ZeroEncryptionKeyError";
  readonly account: string;

  constructor({ account, data, cause }: { account: string } & Raw) {
    super("The zero key cannot be registered.", { errorName: "KeyRegistryZeroKey", args: [account], data, cause });
    this.account = account;
  }
}

/**
 * `KeyRegistryNoKey`: `account` tried to clear its encryption key but has none registered.
 *
 * @example
 * ```ts
 * if (error instanceof NoKeyToClearError) console.log(`${error.account} had no key; nothing to do`);
 * ```
 */
export class NoKeyToClearError extends ContractCallError {
  override name = "NoKeyToClearError";
  readonly account: string;

  constructor({ account, data, cause }: { account: string } & Raw) {
    super("There is no encryption key to clear.", { errorName: "KeyRegistryNoKey", args: [account], data, cause });
    this.account = account;
  }
}

/**
 * `account` has no encryption key in the key registry, so nothing may be wrapped for it. Ask the grantee to
 * register one (`setEncryptionKey`) before granting.
 *
 * @example
 * ```ts
 * try {
 *   await requireRegisteredKey({ keyRegistry, account: grantee });
 * } catch (error) {
 *   if (error instanceof NoEncryptionKeyError) notify(error.account, "register your Idem encryption key first");
 * }
 * ```
 */
export class NoEncryptionKeyError extends IdemError {
  override name = "NoEncryptionKeyError";
  /** The account without a registered key. */
  readonly account: string;

  constructor({ account }: { account: string }) {
    super("The account has no registered encryption key.", {
      details: `${account} has not registered an x25519 encryption key in the KeyRegistry; nothing is wrapped for it`,
    });
    this.account = account;
  }
}

/**
 * The public key offered for `account` (e.g. by a front-end) is not the one `account` registered. Data keys are
 * wrapped only for the registered key, so this key is refused.
 *
 * @example
 * ```ts
 * try {
 *   await assertRegisteredKey({ keyRegistry, account: grantee, publicKey: offered });
 * } catch (error) {
 *   if (error instanceof EncryptionKeyMismatchError) console.error(`registered key is ${error.registered}`);
 * }
 * ```
 */
export class EncryptionKeyMismatchError extends IdemError {
  override name = "EncryptionKeyMismatchError";
  /** The account whose key was checked. */
  readonly account: string;
  /** The key `account` registered, as 0x hex. */
  readonly registered: string;
  /** The key offered instead, as 0x hex. */
  readonly offered: string;

  constructor({ account, registered, offered }: { account: string; registered: string; offered: string }) {
    super("The public key is not the one the account registered.", {
      details: `${account} registered ${registered}; refusing to wrap for ${offered}`,
    });
    this.account = account;
    this.registered = registered;
    this.offered = offered;
  }
}

/**
 * Maps an error thrown by a `KeyRegistry` or `NodeRegistry` call to an SDK error: `KeyRegistryZeroKey` →
 * {@link ZeroEncryptionKeyError}, `KeyRegistryNoKey` → {@link NoKeyToClearError}; any other revert decoded against
 * `contractInterface` becomes a `ContractCallError` with its name and arguments, as `decodeContractError` does.
 * Non-reverts and `IdemError`s are returned unchanged.
 *
 * @example
 * ```ts
 * try {
 *   await keyRegistry.clearEncryptionKey();
 * } catch (error) {
 *   throw decodeRegistryError(error, keyRegistry.interface);
 * }
 * ```
 */
export function decodeRegistryError(error: unknown, contractInterface: Interface): Error {
  const decoded = decodeContractError(error, contractInterface);
  if (decoded.constructor !== ContractCallError) return decoded;
  const { errorName, args, data, cause } = decoded as ContractCallError;
  switch (errorName) {
    case "KeyRegistryZeroKey":
      return new ZeroEncryptionKeyError({ account: String(args[0]), data, cause });
    case "KeyRegistryNoKey":
      return new NoKeyToClearError({ account: String(args[0]), data, cause });
    default:
      return decoded;
  }
}
