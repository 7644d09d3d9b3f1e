/** Reads a JSON object from a file named by an option (a credential, a signed approval). */
import { readFileSync } from "node:fs";

import { CliError } from "./errors.ts";

/**
 * The JSON object in `path`.
 *
 * @throws `CliError` when the file is missing or does not hold a JSON object.
 * @example
 * ```ts
 * const credential = readJsonFile(options.credential, "--credential");
 * ```
 */
export function readJsonFile(path: string, option: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new CliError(`${option}: cannot read ${path}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${option}: ${path} is not JSON.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CliError(`${option}: ${path} does not hold a JSON object.`);
  }
  return value as Record<string, unknown>;
}
