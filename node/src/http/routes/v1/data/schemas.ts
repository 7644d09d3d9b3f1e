/**
 * Schemas of the `/v1/data` and `/v1/audit` routes. Binary values (envelopes, reader slots) travel as standard
 * base64 with padding; chain ids in paths and queries as decimal strings; dataIds as `0x` + 64 hex.
 */
import { Type } from "typebox";

import { COMMON_ERRORS, ErrorResponse } from "../../../schemas/error.ts";

import { MAX_BLOCK_BYTES } from "../../../../blocks/block-store.ts";
import { MAX_READER_SLOTS, READER_SLOT_BYTES } from "../../../../../../sdk/src/crypto/envelope.ts";

/** Standard base64 (RFC 4648 §4), padded. */
const BASE64_PATTERN = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$";

/** Length of the base64 text of `bytes` bytes. */
const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4;

const Base64 = (options: { minLength: number; maxLength: number; description: string }) =>
  Type.String({ pattern: BASE64_PATTERN, contentEncoding: "base64", ...options });

const ChainIdString = Type.String({
  pattern: "^[1-9][0-9]{0,15}$",
  description: "EIP-155 chain id, in decimal",
});
const DataId = Type.String({ pattern: "^0x[0-9a-fA-F]{64}$", description: "32-byte dataId, 0x-prefixed hex" });
const Address = Type.String({
  pattern: "^0x[0-9a-fA-F]{40}$",
  description: "Address, checksummed (EIP-55) or lowercase",
});
const Timestamp = Type.String({ format: "date-time", description: "ISO 8601, UTC" });
const Cid = Type.String({ description: "CIDv1, raw codec, sha2-256 (bafkrei…)" });

const ReaderSlotBase64 = Base64({
  minLength: base64Length(READER_SLOT_BYTES),
  maxLength: base64Length(READER_SLOT_BYTES),
  description: `One ${READER_SLOT_BYTES}-byte reader slot (the data key wrapped for the grantee's registered key)`,
});

/**
 * One grantee's wrapped key.
 *
 * @example
 * ```ts
 * { grantee: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", slot: "q83v…==" }
 * ```
 */
export const ReaderEntry = Type.Object({ grantee: Address, slot: ReaderSlotBase64 }, { additionalProperties: false });

/**
 * Path of the routes on one record.
 *
 * @example
 * ```ts
 * { chainId: "31337", dataId: "0x…" }
 * ```
 */
export const DataParams = Type.Object({ chainId: ChainIdString, dataId: DataId }, { additionalProperties: false });

/**
 * Path of the routes on one grantee's slot.
 *
 * @example
 * ```ts
 * { chainId: "31337", dataId: "0x…", grantee: "0x7099…" }
 * ```
 */
export const ReaderParams = Type.Object(
  { chainId: ChainIdString, dataId: DataId, grantee: Address },
  { additionalProperties: false },
);

/** A signature, `0x` hex: 65 bytes for an EOA, anything up to 2 KiB for an ERC-1271 account. */
const Signature = Type.String({
  pattern: "^0x(?:[0-9a-fA-F]{2})+$",
  maxLength: 2 + 2 * 2048,
  description: "EIP-712 signature, 0x hex (65 bytes for an EOA; an ERC-1271 account's own format)",
});

/**
 * The writer's proof of a `PUT`: its EIP-712 `StoreRecord` signature (see `sdk/src/storage/write-typed-data.ts`).
 *
 * @example
 * ```ts
 * { writtenAt: 1900000000000, signature: "0x…" }
 * ```
 */
export const WriterProof = Type.Object(
  {
    writtenAt: Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: "When the writer signed, unix milliseconds; must be newer than the stored write's",
    }),
    signature: Signature,
  },
  { additionalProperties: false },
);

/**
 * The owner's EIP-712 `WritePermission` for an issuer's `PUT` (the dataId is the path's).
 *
 * @example
 * ```ts
 * { issuer: "0x3C44…", expiresAt: 1900000000, signature: "0x…" }
 * ```
 */
export const WritePermissionProof = Type.Object(
  {
    issuer: Address,
    expiresAt: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "Unix seconds" }),
    signature: Signature,
  },
  { additionalProperties: false },
);

/**
 * Body of `PUT /v1/data/:chainId/:dataId`: the envelope with no reader slots, the readers' slots apart, the
 * writer's signature, and the owner's permission when the caller is an issuer. (`writer` may be left out by the
 * owner only, for clients that predate signed writes: such a write is stored without a proof.)
 *
 * @example
 * ```ts
 * { envelope: "SURFTQ…", readers: [{ grantee: "0x7099…", slot: "q83v…==" }], writer: { writtenAt: 1900000000000, signature: "0x…" } }
 * ```
 */
export const PutDataBody = Type.Object(
  {
    envelope: Base64({
      minLength: 4,
      maxLength: base64Length(MAX_BLOCK_BYTES),
      description: `The encoded envelope (at most ${MAX_BLOCK_BYTES} bytes), with zero reader slots`,
    }),
    readers: Type.Optional(Type.Array(ReaderEntry, { maxItems: MAX_READER_SLOTS, description: "One per grantee" })),
    writer: WriterProof,
    permission: Type.Optional(WritePermissionProof),
  },
  { additionalProperties: false },
);

/**
 * `201` body of `PUT /v1/data/:chainId/:dataId`.
 *
 * @example
 * ```ts
 * { cid: "bafkrei…", replicas: 2 }
 * ```
 */
export const PutDataResponse = Type.Object(
  {
    cid: Cid,
    replicas: Type.Integer({
      minimum: 1,
      description: "How many nodes hold the write durably when answered, this one included.",
    }),
  },
  { additionalProperties: false },
);

/**
 * `200` body of `GET /v1/data/:chainId/:dataId`: every slot for the owner, the caller's own for a grantee.
 *
 * @example
 * ```ts
 * { cid: "bafkrei…", envelope: "SURFTQ…", readers: [{ grantee: "0x7099…", slot: "q83v…==" }] }
 * ```
 */
export const GetDataResponse = Type.Object(
  {
    cid: Cid,
    envelope: Type.String({ contentEncoding: "base64", description: "The stored envelope (no reader slots)" }),
    readers: Type.Array(ReaderEntry),
  },
  { additionalProperties: false },
);

/**
 * One reader as a signature commits to it: the grantee and keccak256 of its slot's bytes.
 *
 * @example
 * ```ts
 * { grantee: "0x7099…", slotHash: "0x…64 hex" }
 * ```
 */
export const ReaderLeafEntry = Type.Object(
  {
    grantee: Address,
    slotHash: Type.String({ pattern: "^0x[0-9a-fA-F]{64}$", description: "keccak256 of the slot's bytes" }),
  },
  { additionalProperties: false },
);

const OtherReaders = Type.Array(ReaderLeafEntry, {
  maxItems: MAX_READER_SLOTS,
  description: "Every other reader the owner keeps; readers not listed lose their slots",
});

/**
 * The answers of the two reader-change routes (`PUT` and `DELETE …/readers/:grantee`): 204 once committed.
 *
 * @example
 * ```ts
 * app.put(url, { schema: { params: ReaderParams, body: PutReaderBody, response: ReaderChangeResponses } }, handler);
 * ```
 */
export const ReaderChangeResponses = {
  204: Type.Null(),
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  503: ErrorResponse,
  ...COMMON_ERRORS,
};

/**
 * Body of `PUT /v1/data/:chainId/:dataId/readers/:grantee`: the grantee's slot, the other readers the owner keeps,
 * and the owner's `StoreRecord` signature over the record's envelope and all of them (a newer `writtenAt`).
 *
 * @example
 * ```ts
 * { slot: "q83v…==", readers: [{ grantee: "0x3C44…", slotHash: "0x…" }], writer: { writtenAt: 1900000000000, signature: "0x…" } }
 * ```
 */
export const PutReaderBody = Type.Object(
  { slot: ReaderSlotBase64, readers: OtherReaders, writer: WriterProof },
  { additionalProperties: false },
);

/**
 * Body of `DELETE /v1/data/:chainId/:dataId/readers/:grantee`: the readers that remain and the owner's
 * `StoreRecord` signature over the record's envelope and them (a newer `writtenAt`).
 *
 * @example
 * ```ts
 * { readers: [], writer: { writtenAt: 1900000000000, signature: "0x…" } }
 * ```
 */
export const DeleteReaderBody = Type.Object(
  { readers: OtherReaders, writer: WriterProof },
  { additionalProperties: false },
);

/**
 * Query of `GET /v1/data`.
 *
 * @example
 * ```ts
 * { chainId: "31337" }
 * ```
 */
export const ListDataQuery = Type.Object({ chainId: ChainIdString }, { additionalProperties: false });

/**
 * `200` body of `GET /v1/data`: the caller's records on the chain, oldest first.
 *
 * @example
 * ```ts
 * [{ chainId: 31337, dataId: "0x…", cid: "bafkrei…", size: 311, updatedAt: "2030-01-01T00:00:00.000Z" }]
 * ```
 */
export const ListDataResponse = Type.Array(
  Type.Object(
    { chainId: Type.Integer(), dataId: DataId, cid: Cid, size: Type.Integer({ minimum: 0 }), updatedAt: Timestamp },
    { additionalProperties: false },
  ),
);

/**
 * Query of `GET /v1/audit`.
 *
 * @example
 * ```ts
 * { chainId: "31337", dataId: "0x…", limit: 100 }
 * ```
 */
export const AuditQuery = Type.Object(
  {
    chainId: ChainIdString,
    dataId: Type.Optional(DataId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

/**
 * `200` body of `GET /v1/audit`: reads of the caller's data by grantees, newest first.
 *
 * @example
 * ```ts
 * [{ chainId: 31337, dataId: "0x…", reader: "0x7099…", nodeId: "0x…", blockNumber: 42, readAt: "2030-01-01T00:00:00.000Z" }]
 * ```
 */
export const AuditResponse = Type.Array(
  Type.Object(
    {
      chainId: Type.Integer(),
      dataId: DataId,
      reader: Address,
      nodeId: Type.String({ description: "The node that served the read (its identity address)" }),
      blockNumber: Type.Integer({ minimum: 0, description: "Confirmed block the grant was evaluated at" }),
      readAt: Timestamp,
    },
    { additionalProperties: false },
  ),
);
