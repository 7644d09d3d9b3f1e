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
 * The node's private libp2p network: its keys (created with mode 0600 on first start when missing), where it
 * listens, which peers it dials at start (the static `peers`, then the active nodes of NodeRegistry, read again every
 * `registryRefreshMs`), and whether only registered peers are answered on the sync protocol. Paths are relative to
 * the config file.
 *
 * @example
 * ```ts
 * const p2p: P2pConfig = {
 *   peerKeyFile: "peer.key", networkKeyFile: "network.key",
 *   listen: ["/ip4/0.0.0.0/tcp/4001"], peers: ["/ip4/10.0.0.2/tcp/4001/p2p/12D3KooW…"],
 *   registryRefreshMs: 60_000, requireRegisteredPeers: true,
 * };
 * ```
 */
export const P2pConfigSchema = Type.Object(
  {
    peerKeyFile: Type.String({
      minLength: 1,
      default: "peer.key",
      description: "The node's libp2p Ed25519 key (its peer id), created if missing; relative to the config file",
    }),
    networkKeyFile: Type.String({
      minLength: 1,
      default: "network.key",
      description: "The consortium's pre-shared network key (pnet), created if missing; relative to the config file",
    }),
    listen: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      default: ["/ip4/127.0.0.1/tcp/0"],
      description: "libp2p listen multiaddrs",
    }),
    peers: Type.Array(Type.String({ minLength: 1 }), {
      default: [],
      description: "Peer multiaddrs (ending in /p2p/<peerId>) dialed at start; a failed dial is logged, not fatal",
    }),
    registryRefreshMs: Type.Integer({
      minimum: 1000,
      maximum: 86_400_000,
      default: 60_000,
      description: "How often the active nodes are read again from NodeRegistry (and new ones dialed)",
    }),
    requireRegisteredPeers: Type.Boolean({
      default: true,
      description: "Answer the sync protocol only for peers registered and Active in NodeRegistry",
    }),
  },
  { additionalProperties: false, default: {} },
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
    p2p: P2pConfigSchema,
    chains: Type.Array(ChainConfigSchema, { minItems: 1 }),
    registryChain: Type.Object(
      { chainId: ChainId, nodeRegistry: Address },
      { additionalProperties: false, description: "The chain holding NodeRegistry; one of `chains`" },
    ),
  },
  { additionalProperties: false },
);

/** The node's libp2p configuration. */
export type P2pConfig = Static<typeof P2pConfigSchema>;

/** One followed chain's configuration. */
export type ChainConfig = Static<typeof ChainConfigSchema>;

/** The node's configuration, validated and with defaults filled in; paths are absolute. */
export type NodeConfig = Static<typeof NodeConfigSchema>;
