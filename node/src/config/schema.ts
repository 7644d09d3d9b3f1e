/**
 * The node's configuration file, as a TypeBox schema (plain JSON Schema, validated with ajv at boot).
 *
 * The file holds no secret: the identity key is named by its path only. Unknown keys are rejected at every level,
 * so a typo (`"hots"`) fails at boot instead of silently falling back to a default.
 */
import { Type } from "typebox";
import type { Static } from "typebox";

/** A 20-byte address in hex (checksum checked after schema validation). */
const Address = Type.String({ pattern: "^0x[0-9a-fA-F]{40}$", description: "20-byte address, 0x-prefixed hex" });

/** A chain id (EIP-155), positive and within JavaScript's safe integers. */
const ChainId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/**
 * One chain the node follows: where to reach it, which contracts to read, how deep a block must be to count.
 *
 * @example
 * ```ts
 * const chain: ChainConfig = {
 *   chainId: 31337, rpcUrl: "http://127.0.0.1:8545", accessGrants: "0x…", keyRegistry: "0x…",
 *   confirmations: 2, pollIntervalMs: 2000, fromBlock: 0,
 * };
 * ```
 */
export const ChainConfigSchema = Type.Object(
  {
    chainId: ChainId,
    rpcUrl: Type.String({ format: "uri", pattern: "^(https?|wss?)://", description: "JSON-RPC endpoint" }),
    accessGrants: Address,
    keyRegistry: Address,
    confirmations: Type.Integer({ minimum: 0, maximum: 1000, default: 2 }),
    pollIntervalMs: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 2000 }),
    fromBlock: Type.Integer({ minimum: 0, default: 0, description: "First block to index (the deployment block)" }),
  },
  { additionalProperties: false },
);

/**
 * The node's whole configuration, after defaults are filled in.
 *
 * @example
 * ```ts
 * const config: NodeConfig = loadConfig({ path: "node.json", env: process.env });
 * ```
 */
export const NodeConfigSchema = Type.Object(
  {
    identityKeyFile: Type.String({
      minLength: 1,
      description: "Path to the node's secp256k1 key (hex), mode 0600; relative to the config file",
    }),
    dataDir: Type.String({ minLength: 1, description: "Directory of the metadata store; relative to the config file" }),
    logLevel: Type.Union(
      [
        Type.Literal("fatal"),
        Type.Literal("error"),
        Type.Literal("warn"),
        Type.Literal("info"),
        Type.Literal("debug"),
        Type.Literal("trace"),
        Type.Literal("silent"),
      ],
      { default: "info" },
    ),
    http: Type.Object(
      {
        host: Type.String({ minLength: 1, default: "127.0.0.1" }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 7300 }),
        publicUrl: Type.String({
          format: "uri",
          pattern: "^https?://[^/]+/?$",
          description: "Origin clients reach the node at; its host is the SIWE domain",
        }),
        bodyLimit: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, default: 1024 * 1024 }),
        rateLimit: Type.Object(
          {
            max: Type.Integer({ minimum: 1, default: 300, description: "Requests per window per client address" }),
            timeWindowMs: Type.Integer({ minimum: 1000, default: 60_000 }),
          },
          { additionalProperties: false, default: {} },
        ),
        requestTimeoutMs: Type.Integer({ minimum: 1000, default: 30_000 }),
        headersTimeoutMs: Type.Integer({ minimum: 1000, default: 10_000 }),
        keepAliveTimeoutMs: Type.Integer({ minimum: 100, default: 5000 }),
        connectionsCheckingIntervalMs: Type.Integer({ minimum: 100, default: 1000 }),
      },
      { additionalProperties: false },
    ),
    auth: Type.Object(
      {
        sessionTtlSeconds: Type.Integer({ minimum: 60, maximum: 86_400, default: 3600 }),
        nonceTtlSeconds: Type.Integer({ minimum: 30, maximum: 3600, default: 300 }),
        clockSkewSeconds: Type.Integer({ minimum: 0, maximum: 600, default: 60 }),
      },
      { additionalProperties: false, default: {} },
    ),
    chains: Type.Array(ChainConfigSchema, { minItems: 1 }),
    registryChain: Type.Object(
      { chainId: ChainId, nodeRegistry: Address },
      { additionalProperties: false, description: "The chain holding NodeRegistry; one of `chains`" },
    ),
  },
  { additionalProperties: false },
);

/** One followed chain's configuration. */
export type ChainConfig = Static<typeof ChainConfigSchema>;

/** The node's configuration, validated and with defaults filled in; paths are absolute. */
export type NodeConfig = Static<typeof NodeConfigSchema>;
