/**
 * An x25519 key pair from a deterministic wallet signature.
 *
 * @module
 */
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  getBytes,
  isAddress,
  isHexString,
  Signature,
  verifyTypedData,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";
import { concatBytes, equalBytes, fromHex, isBytes, u32, u64, utf8 } from "../crypto/bytes.ts";
import { InvalidKeyError, UnsupportedSignerError } from "../errors.ts";
import { encryptionKeyTypedData } from "./encryption-key-typed-data.ts";
import { keyOriginProblem, type WalletKeyOrigin } from "./key-origin.ts";
import { EncryptionKeyPair } from "./key-pair.ts";

const WALLET_LABEL = utf8("idem/x25519/wallet/v1");

/**
 * What the derivation needs from a wallet: its address and EIP-712 signing. An ethers v6 `Signer` (a `Wallet`, a
 * `JsonRpcSigner` from a browser wallet) is one.
 *
 * @example
 * ```ts
 * const signer: TypedDataSigner = await new BrowserProvider(window.ethereum).getSigner();
 * ```
 */
export type TypedDataSigner = {
  getAddress(): Promise<string>;
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
};

/**
 * What {@link keyPairFromWalletSignature} takes.
 *
 * @example
 * ```ts
 * const parameters: KeyPairFromWalletSignatureParameters = { signer, chainId: 1n, verifyingContract };
 * ```
 */
export type KeyPairFromWalletSignatureParameters = {
  /** The wallet. Must be an EOA (see below). */
  signer: TypedDataSigner;
  /** The chain of the KeyRegistry. Wallets usually refuse typed data for a chain they are not connected to. */
  chainId: bigint;
  /** The KeyRegistry contract's address. */
  verifyingContract: string;
  /** Which key of this wallet (default 1); a new version gives a new, unrelated key. */
  keyVersion?: number;
  /**
   * The key this wallet should derive (e.g. the one registered in the KeyRegistry, or an owner slot's). If given
   * and the derived key differs, the derivation fails with `InvalidKeyError` instead of returning a key that opens
   * nothing. Pass it whenever you have it.
   */
  expectedPublicKey?: Uint8Array;
};

/**
 * Derives an x25519 key pair from the wallet's EIP-712 signature of `IdemEncryptionKey{purpose, keyVersion}` in the
 * domain `{ name: "Idem Encryption Key", version: "1", chainId, verifyingContract }` (see
 * {@link encryptionKeyTypedData}): `secret = HKDF-SHA256(ikm = r ‖ s, salt = none, info = "idem/x25519/wallet/v1" ‖
 * chainId u64 ‖ verifyingContract ‖ keyVersion u32 ‖ signer address, 32)`. The same wallet, chain, contract and
 * version always give the same key; another chain or KeyRegistry gives an unrelated one.
 *
 * **EOA only.** The key is only as stable as the signature. An EOA signs with RFC 6979 deterministic ECDSA (every
 * mainstream wallet, hardware wallets included), so it signs this message the same way each time. A smart account
 * (ERC-1271) signs however its contract likes — several owners, passkeys with random nonces, session keys — and may
 * never give the same bytes twice. So the signature must be a 65-byte, low-s secp256k1 signature that recovers to
 * the signer's own address; anything else throws `UnsupportedSignerError`. Smart-account users take a password or
 * recovery-phrase key. An EOA whose wallet adds randomness to ECDSA would pass this check and still derive a new
 * key each time: pass `expectedPublicKey` to catch that.
 *
 * Anyone who obtains this signature can derive the key, so the signature never leaves this function (nor reaches
 * an error), and the `purpose` text tells the user to sign it only in an app they trust.
 *
 * @example
 * ```ts
 * const keyPair = await keyPairFromWalletSignature({
 *   signer,
 *   chainId: 31337n,
 *   verifyingContract: keyRegistryAddress,
 *   expectedPublicKey: getBytes(await keyRegistry.encryptionKeyOf(await signer.getAddress())),
 * });
 * ```
 */
export async function keyPairFromWalletSignature({
  signer,
  chainId,
  verifyingContract,
  keyVersion = 1,
  expectedPublicKey,
}: KeyPairFromWalletSignatureParameters): Promise<EncryptionKeyPair> {
  if (typeof verifyingContract !== "string" || !isAddress(verifyingContract) || !verifyingContract.startsWith("0x")) {
    throw new InvalidKeyError("Invalid verifying contract.", { details: "a 0x-prefixed 20-byte address" });
  }
  const origin: WalletKeyOrigin = {
    kind: "wallet",
    chainId,
    verifyingContract: verifyingContract.toLowerCase() as `0x${string}`,
    keyVersion,
  };
  const problem = keyOriginProblem(origin);
  if (problem !== undefined) throw new InvalidKeyError("Invalid wallet key parameters.", { details: problem });
  if (expectedPublicKey !== undefined && !isBytes(expectedPublicKey, 32)) {
    throw new InvalidKeyError("Invalid expected public key.", { details: "an x25519 public key is 32 bytes" });
  }

  const { domain, types, message } = encryptionKeyTypedData({ chainId, verifyingContract, keyVersion });
  const address = await signer.getAddress();
  if (typeof address !== "string" || !isAddress(address) || !address.startsWith("0x")) {
    throw new UnsupportedSignerError("This wallet cannot derive an Idem encryption key.", {
      details: "the signer did not give a 0x-prefixed 20-byte address",
    });
  }
  const signature = await signer.signTypedData(domain, types, message);
  const ikm = signatureEntropy({ signature, domain, types, message, address });
  const info = concatBytes(
    WALLET_LABEL,
    u64(chainId),
    fromHex(origin.verifyingContract, 20)!,
    u32(keyVersion),
    getBytes(address),
  );
  const secretKey = hkdf(sha256, ikm, undefined, info, 32);
  let keyPair: EncryptionKeyPair;
  try {
    keyPair = EncryptionKeyPair.fromSecretKey({ secretKey, origin });
  } finally {
    ikm.fill(0);
    secretKey.fill(0);
  }
  if (expectedPublicKey !== undefined && !equalBytes(keyPair.publicKey, expectedPublicKey)) {
    keyPair.destroy();
    throw new InvalidKeyError("The wallet derived a different key than expected.", {
      details:
        "check the chain, KeyRegistry address and key version; if they are right, this wallet does not sign " +
        "deterministically and cannot hold an Idem key",
    });
  }
  return keyPair;
}

/**
 * `r ‖ s` of an EOA's canonical signature over the typed data, or `UnsupportedSignerError`. No error carries the
 * signature or anything from it (ethers' own errors quote values, so none becomes a `cause`).
 */
function signatureEntropy({
  signature,
  domain,
  types,
  message,
  address,
}: {
  signature: string;
  domain: TypedDataDomain;
  types: Record<string, TypedDataField[]>;
  message: Record<string, unknown>;
  address: string;
}): Uint8Array {
  const unsupported = (details: string) =>
    new UnsupportedSignerError("This wallet cannot derive an Idem encryption key.", { details });
  if (typeof signature !== "string" || !isHexString(signature, 65)) {
    throw unsupported("the signature is not a 65-byte ECDSA signature (is this a smart-contract wallet?)");
  }
  let parsed: Signature;
  let recovered: string;
  try {
    parsed = Signature.from(signature);
    recovered = verifyTypedData(domain, types, message, parsed);
  } catch {
    throw unsupported("the signature is not a canonical (low-s) secp256k1 signature");
  }
  if (recovered.toLowerCase() !== address.toLowerCase()) {
    throw unsupported(
      "the signature does not recover to the signer's address; smart-contract (ERC-1271) wallets may not sign " +
        "deterministically, so they cannot derive a key: use a password or recovery-phrase key",
    );
  }
  return concatBytes(getBytes(parsed.r), getBytes(parsed.s));
}
