/**
 * A new BIP-39 recovery phrase.
 *
 * @module
 */
import { entropyToMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { randomBytes, systemRandom, type RandomSource } from "../crypto/random.ts";
import { InvalidKeyError } from "../errors.ts";

/**
 * What {@link generateRecoveryPhrase} takes.
 *
 * @example
 * ```ts
 * const phrase = generateRecoveryPhrase({ words: 12 });
 * ```
 */
export type GenerateRecoveryPhraseParameters = {
  /** 24 words (256 bits, the default) or 12 words (128 bits). */
  words?: 12 | 24;
};

/**
 * A fresh English BIP-39 phrase, for the user to write down or print. It is a secret as strong as the key it
 * derives ({@link keyPairFromRecoveryPhrase}): show it once, never log it, never send it anywhere, and drop the
 * string as soon as the user confirmed it.
 *
 * @example
 * ```ts
 * const phrase = generateRecoveryPhrase();
 * const recovery = await keyPairFromRecoveryPhrase({ phrase });
 * const updated = addOwnerSlot({ envelope, keyPair: walletKey, owner: recovery });
 * ```
 */
export function generateRecoveryPhrase({ words = 24 }: GenerateRecoveryPhraseParameters = {}): string {
  return generateRecoveryPhraseWithRandom({ words, random: systemRandom });
}

/**
 * {@link generateRecoveryPhrase} with a chosen random source (16 or 32 bytes of entropy).
 *
 * @internal Test-only; not exported from the SDK's index. Use {@link generateRecoveryPhrase}.
 * @example
 * ```ts
 * const phrase = generateRecoveryPhraseWithRandom({ words: 12, random: () => new Uint8Array(16) });
 * ```
 */
export function generateRecoveryPhraseWithRandom({
  words = 24,
  random,
}: GenerateRecoveryPhraseParameters & { random: RandomSource }): string {
  if (words !== 12 && words !== 24) {
    throw new InvalidKeyError("A recovery phrase has 12 or 24 words.");
  }
  const entropy = randomBytes({ length: words === 24 ? 32 : 16, source: random });
  try {
    return entropyToMnemonic(entropy, wordlist);
  } finally {
    entropy.fill(0);
  }
}
