/**
 * Validation of a raw configuration object: the JSON Schema (ajv, all errors, defaults filled in), then the rules a
 * schema cannot say (address checksums, unique chain ids, the registry chain among the followed chains).
 */
import { Ajv } from "ajv";
import type { ErrorObject } from "ajv";
import * as ajvFormats from "ajv-formats";
import type { FormatsPlugin } from "ajv-formats";
import { multiaddr } from "@multiformats/multiaddr";
import { getAddress } from "ethers";

import { ConfigError } from "../errors.ts";
import { NodeConfigSchema } from "./schema.ts";
import type { NodeConfig } from "./schema.ts";

// ajv-formats is CommonJS: under Node's ESM loader its function is the default export's `default`, or the default.
const formatsModule = ajvFormats as unknown as { default: FormatsPlugin | { default: FormatsPlugin } };
const addFormats: FormatsPlugin =
  "default" in formatsModule.default ? formatsModule.default.default : (formatsModule.default as FormatsPlugin);

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true });
addFormats(ajv);
const validateSchema = ajv.compile<NodeConfig>(NodeConfigSchema);

/**
 * Validates `raw` (mutated: defaults are filled in) and returns it as a `NodeConfig`.
 *
 * @param sources - Which environment variable set which field (`"http.port" → "IDEM_NODE_HTTP_PORT"`), so an issue
 * can say where the bad value came from.
 * @throws {ConfigError} naming every bad field, e.g. `http.port (from IDEM_NODE_HTTP_PORT): must be <= 65535`.
 * @example
 * ```ts
 * const config = validateConfig({ raw: JSON.parse(text) });
 * ```
 */
export function validateConfig({
  raw,
  sources = new Map(),
}: {
  raw: unknown;
  sources?: ReadonlyMap<string, string>;
}): NodeConfig {
  if (!validateSchema(raw)) {
    throw new ConfigError({ issues: (validateSchema.errors ?? []).map((error) => describe(error, sources)) });
  }
  const config = raw;
  const issues: string[] = [];
  const from = (field: string): string => {
    const source = sources.get(field);
    return source === undefined ? "" : ` (from ${source})`;
  };
  const checkAddress = (field: string, value: string): void => {
    try {
      getAddress(value);
    } catch {
      issues.push(`${field}: invalid EIP-55 checksum (use all lowercase or the checksummed form)`);
    }
  };
  const seen = new Set<number>();
  config.chains.forEach((chain, index) => {
    if (seen.has(chain.chainId)) issues.push(`chains.${index}.chainId: duplicate chain id ${chain.chainId}`);
    seen.add(chain.chainId);
    checkAddress(`chains.${index}.accessGrants`, chain.accessGrants);
    checkAddress(`chains.${index}.keyRegistry`, chain.keyRegistry);
  });
  checkAddress("registryChain.nodeRegistry", config.registryChain.nodeRegistry);
  if (!seen.has(config.registryChain.chainId)) {
    issues.push(`registryChain.chainId: chain ${config.registryChain.chainId} is not one of \`chains\``);
  }
  config.p2p.listen.forEach((address, index) => {
    if (!isMultiaddr(address)) issues.push(`p2p.listen.${index}${from("p2p.listen")}: not a multiaddr`);
  });
  config.p2p.peers.forEach((address, index) => {
    if (!isMultiaddr(address)) issues.push(`p2p.peers.${index}${from("p2p.peers")}: not a multiaddr`);
    else if (!/\/p2p\/[^/]+$/.test(address)) {
      issues.push(`p2p.peers.${index}${from("p2p.peers")}: must end in /p2p/<peerId>`);
    }
  });
  if (issues.length > 0) throw new ConfigError({ issues });
  return config;
}

/** Whether `text` parses as a multiaddr. */
function isMultiaddr(text: string): boolean {
  try {
    multiaddr(text);
    return true;
  } catch {
    return false;
  }
}

/** One ajv error as `field (from SOURCE): problem`. */
function describe(error: ErrorObject, sources: ReadonlyMap<string, string>): string {
  const base = error.instancePath.split("/").slice(1).join(".");
  let field = base;
  let problem = error.message ?? "is invalid";
  if (error.keyword === "additionalProperties") {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    field = base === "" ? key : `${base}.${key}`;
    problem = "unknown key";
  } else if (error.keyword === "required") {
    const key = String((error.params as { missingProperty: string }).missingProperty);
    field = base === "" ? key : `${base}.${key}`;
    problem = "is required";
  } else if (error.keyword === "anyOf") {
    problem = "must be one of fatal, error, warn, info, debug, trace, silent";
  }
  const source = sources.get(field);
  return `${field === "" ? "(root)" : field}${source === undefined ? "" : ` (from ${source})`}: ${problem}`;
}
