/**
 * A reader removes its encryption public key.
 *
 * @module
 */
import type { KeyRegistry } from "../../../types/ethers-contracts/index.js";
import { requireEvents, sendTransaction } from "../grants/send-transaction.ts";
import { decodeRegistryError } from "./errors.ts";

/** What {@link clearEncryptionKey} takes. */
export type ClearEncryptionKeyParameters = {
  /** `KeyRegistry`, connected to the signer of the account clearing its key. */
  keyRegistry: KeyRegistry;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link clearEncryptionKey} returns, from the `EncryptionKeyCleared` event. */
export type ClearEncryptionKeyResult = { hash: string; account: string };

/**
 * Removes the caller's encryption key: from now on nothing can be wrapped for it (`requireRegisteredKey` throws
 * `NoEncryptionKeyError`) until it sets a new one. Throws `NoKeyToClearError` when the caller has none.
 *
 * @example
 * ```ts
 * // the device holding the key was lost:
 * await clearEncryptionKey({ keyRegistry: keyRegistry.connect(signer) });
 * ```
 */
export async function clearEncryptionKey({
  keyRegistry,
  confirmations = 1,
}: ClearEncryptionKeyParameters): Promise<ClearEncryptionKeyResult> {
  const sent = await sendTransaction({
    decodeError: decodeRegistryError,
    contract: keyRegistry,
    confirmations,
    send: () => keyRegistry.clearEncryptionKey(),
  });
  const [event] = requireEvents(sent, "EncryptionKeyCleared");
  return { hash: sent.hash, account: String(event.args.getValue("account")) };
}
