/**
 * The network file: everything a client needs to reach one Idem deployment (chain, contracts, storage nodes), as
 * JSON. `idem devnet` writes one for the devnet it runs; every other command reads one (`--network <file>`, else
 * `IDEM_NETWORK`, else {@link DEFAULT_NETWORK_FILE} under the working directory).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import { getAddress, isAddress } from "ethers";

import { CliError } from "../errors.ts";

/** Where `idem devnet` writes its network file and where commands look for one by default. */
export const DEFAULT_NETWORK_FILE = ".idem/devnet.json";

/**
 * One storage node of a network.
 *
 * @example
 * ```ts
 * const node: NetworkNode = { url: "http://127.0.0.1:7301", address: "0x…" };
 * ```
 */
export type NetworkNode = {
  /** The node's HTTP API, e.g. `http://127.0.0.1:7301`. */
  url: string;
  /** The node's identity address (its deletion receipts are signed by it; its NodeRegistry key). */
  address: string;
};

/**
 * One Idem deployment as a client sees it.
 *
 * @example
 * ```ts
 * const network = readNetworkFile(".idem/devnet.json");
 * console.log(network.rpcUrl, network.contracts.accessGrants, network.nodes.length);
 * ```
 */
export type IdemNetwork = {
  /** A label for messages, e.g. `devnet`. */
  name: string;
  chainId: number;
  /** JSON-RPC endpoint of the chain. */
  rpcUrl: string;
  contracts: {
    accessGrants: string;
    keyRegistry: string;
    nodeRegistry: string;
    accessManager: string;
    /** The example contract gated on a KYC grant, when the deployment has one (the devnet does). */
    kycGatedVault?: string;
  };
  nodes: NetworkNode[];
  /** The dashboard's URL, when one is served. */
  dashboardUrl?: string;
};

/**
 * Reads and checks a network file.
 *
 * @throws `CliError` naming the file and the first field that is missing or malformed.
 * @example
 * ```ts
 * const { rpcUrl, nodes } = readNetworkFile(".idem/devnet.json");
 * ```
 */
export function readNetworkFile(path: string): IdemNetwork {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new CliError(`No network file at ${path}.`, {
      hint: "start a devnet (`idem devnet`) or pass --network <file>",
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not JSON.`);
  }
  return parseNetwork(raw, path);
}

/**
 * Writes a network file atomically (temp file, then rename), creating its directory.
 *
 * @example
 * ```ts
 * writeNetworkFile(".idem/devnet.json", network);
 * ```
 */
export function writeNetworkFile(path: string, network: IdemNetwork): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(network, null, 2)}\n`);
  renameSync(temporary, path);
}

function parseNetwork(raw: unknown, path: string): IdemNetwork {
  const fail = (field: string, what: string): never => {
    throw new CliError(`${path}: ${field} ${what}.`);
  };
  const object = (value: unknown, field: string): Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : fail(field, "must be an object");
  const string = (value: unknown, field: string): string =>
    typeof value === "string" && value !== "" ? value : fail(field, "must be a non-empty string");
  const address = (value: unknown, field: string): string => {
    const text = string(value, field);
    return isAddress(text) ? getAddress(text) : fail(field, "must be an address");
  };
  const url = (value: unknown, field: string): string => {
    const text = string(value, field);
    return URL.canParse(text) ? text : fail(field, "must be a URL");
  };

  const top = object(raw, "the file");
  const chainId = top.chainId;
  if (typeof chainId !== "number" || !Number.isSafeInteger(chainId) || chainId <= 0) {
    fail("chainId", "must be a positive integer");
  }
  const contracts = object(top.contracts, "contracts");
  if (!Array.isArray(top.nodes)) fail("nodes", "must be an array");
  const nodes = (top.nodes as unknown[]).map((node, index) => {
    const entry = object(node, `nodes[${index}]`);
    return { url: url(entry.url, `nodes[${index}].url`), address: address(entry.address, `nodes[${index}].address`) };
  });
  return {
    name: string(top.name, "name"),
    chainId: chainId as number,
    rpcUrl: url(top.rpcUrl, "rpcUrl"),
    contracts: {
      accessGrants: address(contracts.accessGrants, "contracts.accessGrants"),
      keyRegistry: address(contracts.keyRegistry, "contracts.keyRegistry"),
      nodeRegistry: address(contracts.nodeRegistry, "contracts.nodeRegistry"),
      accessManager: address(contracts.accessManager, "contracts.accessManager"),
      ...(contracts.kycGatedVault === undefined
        ? {}
        : { kycGatedVault: address(contracts.kycGatedVault, "contracts.kycGatedVault") }),
    },
    nodes,
    ...(top.dashboardUrl === undefined ? {} : { dashboardUrl: url(top.dashboardUrl, "dashboardUrl") }),
  };
}
