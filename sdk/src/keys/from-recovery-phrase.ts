/**
 * An x25519 key pair from a BIP-39 recovery phrase.
 *
 * @module
 */
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { mnemonicToSeed, validateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { utf8 } from "../crypto/bytes.ts";
import { InvalidKeyError } from "../errors.ts";
import { EncryptionKeyPair } from "./key-pair.ts";

const RECOVERY_PHRASE_LABEL = utf8("idem/x25519/recovery-phrase/v1");

/**
 * Derives an x25519 key pair from an English BIP-39 phrase (12 or 24 words):
 * `secret = HKDF-SHA256(ikm = BIP-39 seed(phrase, passphrase ""), salt = none, info = "idem/x25519/recovery-phrase/v1", 32)`.
 * The label keeps this key unrelated to any wallet key the same phrase might also seed (BIP-32 paths start from the
 * same seed but never through this HKDF). Spacing and letter case are forgiven; the checksum is checked, and a bad
 * phrase throws `InvalidKeyError` without repeating any word of it.
 *
 * @example
 * ```ts
 * const recovery = await keyPairFromRecoveryPhrase({ phrase: userTypedPhrase });
 * const payload = open({ envelope, keyPair: recovery, dataId });
 * ```
 */
export async function keyPairFromRecoveryPhrase({ phrase }: { phrase: string }): Promise<EncryptionKeyPair> {
  const words = typeof phrase === "string" ? phrase.normalize("NFKD").trim().toLowerCase().split(/\s+/) : [];
  const normalized = words.join(" ");
  if ((words.length !== 12 && words.length !== 24) || !validateMnemonic(normalized, wordlist)) {
    throw new InvalidKeyError("Invalid recovery phrase.", {
      details: "expected 12 or 24 English BIP-39 words with a valid checksum; check each word and their order",
    });
  }
  const seed = await mnemonicToSeed(normalized, "");
  const secretKey = hkdf(sha256, seed, undefined, RECOVERY_PHRASE_LABEL, 32);
  try {
    return EncryptionKeyPair.fromSecretKey({ secretKey, origin: { kind: "recovery-phrase" } });
  } finally {
    seed.fill(0);
    secretKey.fill(0);
  }
}
