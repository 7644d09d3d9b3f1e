/**
 * The EIP-712 message a wallet signs to derive its Idem encryption key. One module, so the SDK, the dashboard and
 * any wallet integration show and sign the same thing.
 *
 * @module
 */
import type { TypedDataDomain, TypedDataField } from "ethers";

/**
 * EIP-712 domain name of the encryption-key message.
 *
 * @example
 * ```ts
 * encryptionKeyTypedData({ chainId, verifyingContract }).domain.name === ENCRYPTION_KEY_DOMAIN_NAME; // true
 * ```
 */
export const ENCRYPTION_KEY_DOMAIN_NAME = "Idem Encryption Key";

/**
 * EIP-712 domain version of the encryption-key message.
 *
 * @example
 * ```ts
 * encryptionKeyTypedData({ chainId, verifyingContract }).domain.version === ENCRYPTION_KEY_DOMAIN_VERSION; // true
 * ```
 */
export const ENCRYPTION_KEY_DOMAIN_VERSION = "1";

/**
 * The fixed `purpose` the wallet shows. It is part of what is signed, so it can never change without changing every
 * derived key.
 *
 * @example
 * ```ts
 * showToUser(ENCRYPTION_KEY_PURPOSE); // what the wallet will display
 * ```
 */
export const ENCRYPTION_KEY_PURPOSE =
  "Derive my Idem encryption key. Sign this only in an app you trust: this signature decrypts my Idem data.";

/**
 * The EIP-712 type: `IdemEncryptionKey(string purpose,uint32 keyVersion)`.
 *
 * @example
 * ```ts
 * TypedDataEncoder.from(ENCRYPTION_KEY_TYPES).encodeType("IdemEncryptionKey");
 * ```
 */
export const ENCRYPTION_KEY_TYPES = {
  IdemEncryptionKey: [
    { name: "purpose", type: "string" },
    { name: "keyVersion", type: "uint32" },
  ],
} as const satisfies Record<string, readonly TypedDataField[]>;

/**
 * The typed data to sign, as `signer.signTypedData(domain, types, message)` takes it.
 *
 * @example
 * ```ts
 * const { domain, types, message } = encryptionKeyTypedData({ chainId: 1n, verifyingContract: keyRegistry });
 * const signature = await signer.signTypedData(domain, types, message);
 * ```
 */
export type EncryptionKeyTypedData = {
  domain: TypedDataDomain & { chainId: bigint; verifyingContract: string };
  types: { IdemEncryptionKey: TypedDataField[] };
  primaryType: "IdemEncryptionKey";
  message: { purpose: string; keyVersion: number };
};

/**
 * The EIP-712 message `IdemEncryptionKey{purpose, keyVersion}` in the domain
 * `{ name: "Idem Encryption Key", version: "1", chainId, verifyingContract }` — the verifying contract is the
 * KeyRegistry the key is registered in, so a signature for one chain or deployment derives nothing on another.
 * `keyVersion` (default 1) lets a user rotate to a new key from the same wallet.
 *
 * @example
 * ```ts
 * const typedData = encryptionKeyTypedData({ chainId: 31337n, verifyingContract: keyRegistryAddress, keyVersion: 1 });
 * ```
 */
export function encryptionKeyTypedData({
  chainId,
  verifyingContract,
  keyVersion = 1,
}: {
  chainId: bigint;
  verifyingContract: string;
  keyVersion?: number;
}): EncryptionKeyTypedData {
  return {
    domain: {
      name: ENCRYPTION_KEY_DOMAIN_NAME,
      version: ENCRYPTION_KEY_DOMAIN_VERSION,
      chainId,
      verifyingContract,
    },
    types: { IdemEncryptionKey: ENCRYPTION_KEY_TYPES.IdemEncryptionKey.map((field) => ({ ...field })) },
    primaryType: "IdemEncryptionKey",
    message: { purpose: ENCRYPTION_KEY_PURPOSE, keyVersion },
  };
}
