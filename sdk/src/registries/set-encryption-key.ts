/**
 * A reader registers its own x25519 encryption public key.
 *
 * @module
 */
import type { KeyRegistry } from "../../../types/ethers-contracts/index.js";
import { publicKeyBytes, publicKeyHex, type PublicKeyInput } from "./public-key-bytes.ts";
import { requireEvents, sendTransaction } from "../grants/send-transaction.ts";
import { decodeRegistryError } from "./errors.ts";

/** What {@link setEncryptionKey} takes. */
export type SetEncryptionKeyParameters = {
  /** `KeyRegistry`, connected to the signer of the account registering its key. */
  keyRegistry: KeyRegistry;
  /** The account's x25519 public key (e.g. `keyPair.publicKey`): 32 bytes, or 0x hex. */
  publicKey: PublicKeyInput;
  /** Confirmations to wait for (default 1). */
  confirmations?: number;
};

/** What {@link setEncryptionKey} returns, from the `EncryptionKeySet` event. */
export type SetEncryptionKeyResult = {
  hash: string;
  /** The account the key is now registered to (the caller). */
  account: string;
  /** The key registered, 32 bytes. */
  publicKey: Uint8Array;
};

/**
 * Registers `publicKey` as the caller's encryption key, replacing any earlier one (rotation). Owners then wrap
 * data keys for the caller only with this key. A key that is not 32 bytes, or is a point of small order (the zero
 * key among them), throws `InvalidKeyError` before anything is sent.
 *
 * @example
 * ```ts
 * const keyPair = await keyPairFromWalletSignature({ signer, chainId, verifyingContract });
 * const { account } = await setEncryptionKey({ keyRegistry: keyRegistry.connect(signer), publicKey: keyPair.publicKey });
 * ```
 */
export async function setEncryptionKey({
  keyRegistry,
  publicKey,
  confirmations = 1,
}: SetEncryptionKeyParameters): Promise<SetEncryptionKeyResult> {
  const key = publicKeyHex(publicKeyBytes({ publicKey }));
  const sent = await sendTransaction({
    decodeError: decodeRegistryError,
    contract: keyRegistry,
    confirmations,
    send: () => keyRegistry.setEncryptionKey(key),
  });
  const [event] = requireEvents(sent, "EncryptionKeySet");
  return {
    hash: sent.hash,
    account: String(event.args.getValue("account")),
    publicKey: publicKeyBytes({ publicKey: String(event.args.getValue("publicKey")) }),
  };
}
