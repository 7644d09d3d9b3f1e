/**
 * Environment overrides of the configuration file: a fixed table of `IDEM_NODE_*` variables, each naming one field.
 * An `IDEM_NODE_*` variable not in the table is an error (a typo must not be ignored).
 */
import { ConfigError } from "../errors.ts";

/** How one environment variable maps onto the configuration. */
type EnvOverride = {
  /** Path of the field, e.g. `["http", "port"]`. */
  readonly path: readonly string[];
  /**
   * `integer` values are parsed as base-10 integers; `string` values are taken as they are; `list` values are
   * split on commas (blanks dropped).
   */
  readonly kind: "string" | "integer" | "list";
};

/**
 * Every environment variable the node reads, and the field it overrides. Chains are structured and come from the
 * file only.
 *
 * @example
 * ```ts
 * Object.keys(ENV_OVERRIDES); // ["IDEM_NODE_IDENTITY_KEY_FILE", …]
 * ```
 */
export const ENV_OVERRIDES: Readonly<Record<string, EnvOverride>> = {
  IDEM_NODE_IDENTITY_KEY_FILE: { path: ["identityKeyFile"], kind: "string" },
  IDEM_NODE_DATA_DIR: { path: ["dataDir"], kind: "string" },
  IDEM_NODE_LOG_LEVEL: { path: ["logLevel"], kind: "string" },
  IDEM_NODE_HTTP_HOST: { path: ["http", "host"], kind: "string" },
  IDEM_NODE_HTTP_PORT: { path: ["http", "port"], kind: "integer" },
  IDEM_NODE_PUBLIC_URL: { path: ["http", "publicUrl"], kind: "string" },
  IDEM_NODE_BODY_LIMIT: { path: ["http", "bodyLimit"], kind: "integer" },
  IDEM_NODE_RATE_LIMIT_MAX: { path: ["http", "rateLimit", "max"], kind: "integer" },
  IDEM_NODE_RATE_LIMIT_WINDOW_MS: { path: ["http", "rateLimit", "timeWindowMs"], kind: "integer" },
  IDEM_NODE_SESSION_TTL_SECONDS: { path: ["auth", "sessionTtlSeconds"], kind: "integer" },
  IDEM_NODE_P2P_PEER_KEY_FILE: { path: ["p2p", "peerKeyFile"], kind: "string" },
  IDEM_NODE_P2P_NETWORK_KEY_FILE: { path: ["p2p", "networkKeyFile"], kind: "string" },
  IDEM_NODE_P2P_LISTEN: { path: ["p2p", "listen"], kind: "list" },
  IDEM_NODE_P2P_PEERS: { path: ["p2p", "peers"], kind: "list" },
  IDEM_NODE_P2P_REGISTRY_REFRESH_MS: { path: ["p2p", "registryRefreshMs"], kind: "integer" },
};

const PREFIX = "IDEM_NODE_";

/**
 * Applies the `IDEM_NODE_*` variables of `env` to a parsed configuration object, in place, and returns which field
 * each variable set (so a validation error can name the variable).
 *
 * @throws {ConfigError} for an unknown `IDEM_NODE_*` variable or an integer variable that is not an integer.
 * @example
 * ```ts
 * const sources = applyEnvOverrides({ raw, env: { IDEM_NODE_HTTP_PORT: "8080" } });
 * sources.get("http.port"); // "IDEM_NODE_HTTP_PORT"
 * ```
 */
export function applyEnvOverrides({
  raw,
  env,
}: {
  raw: Record<string, unknown>;
  env: Readonly<Record<string, string | undefined>>;
}): Map<string, string> {
  const issues: string[] = [];
  const sources = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || value === undefined) continue;
    const override = ENV_OVERRIDES[name];
    if (override === undefined) {
      issues.push(`${name}: unknown environment variable (known: ${Object.keys(ENV_OVERRIDES).join(", ")})`);
      continue;
    }
    let parsed: string | number | string[] = value;
    if (override.kind === "integer") {
      if (!/^\d+$/.test(value.trim())) {
        issues.push(`${override.path.join(".")} (from ${name}): must be an integer`);
        continue;
      }
      parsed = Number(value.trim());
    } else if (override.kind === "list") {
      parsed = value
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
    }
    setPath(raw, override.path, parsed);
    sources.set(override.path.join("."), name);
  }
  if (issues.length > 0) throw new ConfigError({ issues });
  return sources;
}

/** Sets `value` at `path` in `target`, creating plain objects on the way; a non-object on the way is replaced. */
function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cursor = target;
  for (const key of path.slice(0, -1)) {
    const next = cursor[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) cursor[key] = {};
    cursor = cursor[key] as Record<string, unknown>;
  }
  cursor[path[path.length - 1] as string] = value;
}
