/**
 * Keys never come from the command line: argv is visible to every process on the machine and lands in shell
 * history. This guard runs before parsing and refuses a key-looking argument, so a key passed by mistake is never
 * used (and the user learns where keys go).
 */
import { CliError } from "./errors.ts";
import { KEY_SOURCES_HINT } from "./key-sources.ts";

/** Options whose value is a 32-byte id, the one place a 64-hex-digit argument is expected. */
const BYTES32_OPTIONS = new Set(["--data-id", "--request-id"]);

/** Option names that would carry a secret. */
const SECRET_OPTION =
  /^--(private-?key|privkey|pk|key|secret|secret-?key|password|passphrase|mnemonic|seed|seed-?phrase)(=|$)/i;

const HEX_32 = /^(0x)?[0-9a-f]{64}$/i;

/** Twelve or more lowercase words in one argument: a BIP-39 recovery phrase. */
const PHRASE = /^([a-z]+\s+){11,}[a-z]+$/;

/**
 * Throws `CliError` when an argument names a secret option, looks like a private key (64 hex digits anywhere but
 * after `--data-id` / `--request-id`), or looks like a recovery phrase.
 *
 * @example
 * ```ts
 * refuseKeysInArgv(process.argv.slice(2)); // throws for ["grant", "--private-key", "0x…"]
 * ```
 */
export function refuseKeysInArgv(argv: readonly string[]): void {
  argv.forEach((argument, index) => {
    if (SECRET_OPTION.test(argument)) {
      throw new CliError(`${argument.split("=")[0]}: keys and passwords are never read from the command line.`, {
        hint: KEY_SOURCES_HINT,
      });
    }
    const value =
      argument.includes("=") && argument.startsWith("--") ? argument.slice(argument.indexOf("=") + 1) : argument;
    const option = argument.includes("=") ? argument.split("=")[0]! : argv[index - 1];
    if (HEX_32.test(value) && !BYTES32_OPTIONS.has(option ?? "")) {
      throw new CliError("An argument looks like a private key; keys are never read from the command line.", {
        hint: KEY_SOURCES_HINT,
      });
    }
    if (PHRASE.test(value.trim())) {
      throw new CliError("An argument looks like a recovery phrase; secrets are never read from the command line.");
    }
  });
}
