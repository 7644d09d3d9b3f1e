/**
 * Reads the node's configuration at boot: the JSON file, then `IDEM_NODE_*` environment overrides, then
 * validation. Relative paths in the file are resolved against the file's directory.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

import { ConfigError } from "../errors.ts";
import { applyEnvOverrides } from "./env.ts";
import type { NodeConfig } from "./schema.ts";
import { validateConfig } from "./validate-config.ts";

/**
 * Loads, overrides and validates the configuration.
 *
 * @param path - The JSON configuration file.
 * @param env - The environment (`process.env` in production; a plain object in tests).
 * @throws {ConfigError} when the file cannot be read or parsed, or any field is invalid (each one named).
 * @example
 * ```ts
 * const config = loadConfig({ path: "node.json", env: process.env });
 * console.log(config.http.port);
 * ```
 */
export function loadConfig({
  path,
  env = {},
}: {
  path: string;
  env?: Readonly<Record<string, string | undefined>>;
}): NodeConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new ConfigError({ issues: [`(file) ${path}: cannot be read`], cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError({ issues: [`(file) ${path}: is not valid JSON`], cause });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError({ issues: [`(file) ${path}: must hold a JSON object`] });
  }
  const sources = applyEnvOverrides({ raw: raw as Record<string, unknown>, env });
  const config = validateConfig({ raw, sources });
  const base = dirname(resolve(path));
  return {
    ...config,
    identityKeyFile: resolve(base, config.identityKeyFile),
    dataDir: resolve(base, config.dataDir),
    p2p: {
      ...config.p2p,
      peerKeyFile: resolve(base, config.p2p.peerKeyFile),
      networkKeyFile: resolve(base, config.p2p.networkKeyFile),
    },
  };
}

/**
 * The SIWE domain (RFC 3986 authority, `host[:port]`) and origin of the node, from its public URL.
 *
 * @example
 * ```ts
 * siweBinding("https://node1.idem.example"); // { domain: "node1.idem.example", origin: "https://node1.idem.example", scheme: "https" }
 * ```
 */
export function siweBinding(publicUrl: string): { domain: string; origin: string; scheme: string } {
  const url = new URL(publicUrl);
  return { domain: url.host, origin: url.origin, scheme: url.protocol.slice(0, -1) };
}
