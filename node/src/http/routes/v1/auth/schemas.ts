/**
 * Schemas of the `/v1/auth` routes (Sign-In with Ethereum and sessions).
 */
import { Type } from "typebox";

const Address = Type.String({ pattern: "^0x[0-9a-fA-F]{40}$", description: "EIP-55 checksummed address" });
const Timestamp = Type.String({ format: "date-time", description: "ISO 8601, UTC" });

/**
 * `201` body of `POST /v1/auth/nonce`: the nonce and everything a client needs to build the EIP-4361 message.
 *
 * @example
 * ```ts
 * { nonce: "9f…", issuedAt: "…", expiresAt: "…", domain: "node1.idem.example", uri: "https://node1.idem.example", chainIds: [1] }
 * ```
 */
export const NonceResponse = Type.Object(
  {
    nonce: Type.String({ pattern: "^[0-9a-f]{32}$" }),
    issuedAt: Timestamp,
    expiresAt: Timestamp,
    domain: Type.String({ description: "The domain the message must name" }),
    uri: Type.String({ description: "The URI (origin) the message must name" }),
    chainIds: Type.Array(Type.Integer(), { description: "Chain ids the message may name" }),
  },
  { additionalProperties: false },
);

/**
 * Body of `POST /v1/auth/session`: the EIP-4361 message, exactly as signed, and the signature (65-byte ECDSA for
 * an EOA; any length for an ERC-1271 account).
 *
 * @example
 * ```ts
 * { message: "node1.idem.example wants you to sign in with your Ethereum account:\n0x…", signature: "0x…" }
 * ```
 */
export const SignInBody = Type.Object(
  {
    message: Type.String({ minLength: 1, maxLength: 4096 }),
    signature: Type.String({ pattern: "^0x([0-9a-fA-F]{2})+$", maxLength: 2 + 2 * 4096 }),
  },
  { additionalProperties: false },
);

/**
 * `201` body of `POST /v1/auth/session`. `token` is shown once; send it as `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * { token: "q2Xf…", address: "0xf39F…", chainId: 31337, expiresAt: "2030-01-01T01:00:00.000Z" }
 * ```
 */
export const SessionCreated = Type.Object(
  {
    token: Type.String({ pattern: "^[A-Za-z0-9_-]{43}$" }),
    address: Address,
    chainId: Type.Integer(),
    expiresAt: Timestamp,
  },
  { additionalProperties: false },
);

/**
 * `200` body of `GET /v1/auth/session`: who the caller is.
 *
 * @example
 * ```ts
 * { address: "0xf39F…", chainId: 31337, expiresAt: "2030-01-01T01:00:00.000Z" }
 * ```
 */
export const SessionInfo = Type.Object(
  { address: Address, chainId: Type.Integer(), expiresAt: Timestamp },
  { additionalProperties: false },
);
