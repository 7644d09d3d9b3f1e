/**
 * The replicated record message: one committed write, with everything a peer needs to re-verify it WITHOUT
 * trusting the node that sends it. The envelope itself is not in the message: it is the block named by `cid`
 * (CIDv1, raw, sha2-256), fetched over bitswap, and the writer's `StoreRecord` signature covers its sha256 (the
 * CID's digest) together with the readers' hash and `writtenAt`. The readers are the slots the sender holds and,
 * in `droppedReaders`, the leaves (grantee, keccak256 of the slot) of signed readers whose slots it dropped when
 * their grants ended: the signature covers both, and the dropped keys themselves never travel again.
 *
 * Wire form: UTF-8 JSON, version `v: 1`; signatures as `0x` hex, reader slots as base64.
 *
 * ```json
 * { "v": 1, "chainId": 31337, "dataId": "0x…64 hex", "cid": "bafkrei…", "owner": "0x…", "writer": "0x…",
 *   "writtenAt": 1900000000000, "writerSignature": "0x…",
 *   "permission": { "issuer": "0x…", "expiresAt": 1900000000, "signature": "0x…" },
 *   "readers": [{ "grantee": "0x…", "slot": "base64" }], "droppedReaders": [{ "grantee": "0x…", "slotHash": "0x…" }] }
 * ```
 *
 * `owner` is informative only: a receiver checks the owner in its own view of the chain. `droppedReaders` may be
 * left out when empty.
 */
import { getBytes, hexlify, isAddress, isHexString } from "ethers";
import { CID } from "multiformats/cid";

import type { ReaderLeaf } from "../../../sdk/src/storage/write-typed-data.ts";
import type { StoredWrite } from "../records/dependencies.ts";
import type { StoredRecord } from "../store/records.ts";
import type { ReaderSlot } from "../store/reader-slots.ts";

/** The message version this node speaks. */
export const REPLICATED_RECORD_VERSION = 1;

/** Most reader slots one message may carry (a sanity bound; a PUT carries far fewer). */
export const MAX_REPLICATED_READERS = 1_000;

/**
 * One replicated write, decoded. Addresses lowercase, `dataId` lowercase `0x` + 64 hex, `writtenAt` unix ms,
 * `permission.expiresAt` unix seconds.
 *
 * @example
 * ```ts
 * const message: ReplicatedRecord = { chainId, dataId, cid, owner, writer: owner, writtenAt, writerSignature,
 *   readers: [], droppedReaders: [] };
 * ```
 */
export type ReplicatedRecord = {
  chainId: number;
  dataId: string;
  cid: string;
  owner: string;
  writer: string;
  writtenAt: number;
  writerSignature: Uint8Array;
  permission?: { issuer: string; expiresAt: number; signature: Uint8Array };
  readers: { grantee: string; slot: Uint8Array }[];
  /** Signed readers whose slots the sender dropped: grantee lowercase, `slotHash` lowercase `0x` + 64 hex. */
  droppedReaders: ReaderLeaf[];
};

/** The JSON shape of a {@link ReplicatedRecord} (see the module doc). */
type WireRecord = {
  v: number;
  chainId: number;
  dataId: string;
  cid: string;
  owner: string;
  writer: string;
  writtenAt: number;
  writerSignature: string;
  permission?: { issuer: string; expiresAt: number; signature: string };
  readers: { grantee: string; slot: string }[];
  droppedReaders?: ReaderLeaf[];
};

/**
 * Raised when bytes are not a well-formed replicated record message. Never carries the bytes.
 *
 * @example
 * ```ts
 * try { decodeReplicatedRecord(bytes); } catch (error) { if (error instanceof MalformedReplicationMessageError) drop(); }
 * ```
 */
export class MalformedReplicationMessageError extends Error {
  /** Creates the error with a short reason. */
  constructor(reason: string) {
    super(`Malformed replication message: ${reason}.`);
    this.name = "MalformedReplicationMessageError";
  }
}

/**
 * The message of a write just committed by this node's PUT path.
 *
 * @example
 * ```ts
 * const message = recordFromStoredWrite(write);
 * ```
 */
export function recordFromStoredWrite(write: StoredWrite): ReplicatedRecord {
  const { proof } = write;
  return {
    chainId: write.chainId,
    dataId: write.dataId.toLowerCase(),
    cid: write.cid,
    owner: write.owner.toLowerCase(),
    writer: proof.writer.toLowerCase(),
    writtenAt: proof.writtenAt,
    writerSignature: proof.signature,
    ...(proof.permission === undefined
      ? {}
      : { permission: { ...proof.permission, issuer: proof.permission.issuer.toLowerCase() } }),
    readers: write.readers.map(({ grantee, slot }) => ({ grantee: grantee.toLowerCase(), slot })),
    droppedReaders: (write.droppedReaders ?? []).map(({ grantee, slotHash }) => ({
      grantee: grantee.toLowerCase(),
      slotHash: slotHash.toLowerCase(),
    })),
  };
}

/**
 * The message of a stored record, its reader slots and the leaves of its dropped readers, or `undefined` for a
 * record stored without a proof (it cannot be verified by a peer, so it is not replicated).
 *
 * @example
 * ```ts
 * const message = recordFromStore(store.records.get(key)!, store.readerSlots.list(key), store.readerSlots.listDropped(key));
 * ```
 */
export function recordFromStore(
  record: StoredRecord,
  slots: readonly ReaderSlot[],
  droppedReaders: readonly ReaderLeaf[] = [],
): ReplicatedRecord | undefined {
  if (record.proof === undefined) return undefined;
  return recordFromStoredWrite({
    chainId: record.chainId,
    dataId: record.dataId,
    cid: record.cid,
    owner: record.owner,
    proof: record.proof,
    readers: slots.map(({ grantee, slot }) => ({ grantee, slot })),
    droppedReaders,
  });
}

/**
 * The message as its JSON-ready wire object.
 *
 * @example
 * ```ts
 * JSON.stringify(toWire(message));
 * ```
 */
export function toWire(message: ReplicatedRecord): WireRecord {
  return {
    v: REPLICATED_RECORD_VERSION,
    chainId: message.chainId,
    dataId: message.dataId,
    cid: message.cid,
    owner: message.owner,
    writer: message.writer,
    writtenAt: message.writtenAt,
    writerSignature: hexlify(message.writerSignature),
    ...(message.permission === undefined
      ? {}
      : {
          permission: {
            issuer: message.permission.issuer,
            expiresAt: message.permission.expiresAt,
            signature: hexlify(message.permission.signature),
          },
        }),
    readers: message.readers.map(({ grantee, slot }) => ({ grantee, slot: Buffer.from(slot).toString("base64") })),
    ...(message.droppedReaders.length === 0 ? {} : { droppedReaders: message.droppedReaders }),
  };
}

/**
 * Checks a parsed JSON value is a wire record and decodes it. Checks shape only: nothing here is trusted.
 *
 * @throws {MalformedReplicationMessageError} for anything else.
 * @example
 * ```ts
 * const message = fromWire(JSON.parse(text));
 * ```
 */
export function fromWire(value: unknown): ReplicatedRecord {
  if (!isObject(value)) throw new MalformedReplicationMessageError("not an object");
  if (value["v"] !== REPLICATED_RECORD_VERSION) throw new MalformedReplicationMessageError("unknown version");
  const chainId = value["chainId"];
  if (!Number.isSafeInteger(chainId) || (chainId as number) <= 0) {
    throw new MalformedReplicationMessageError("bad chainId");
  }
  const dataId = value["dataId"];
  if (typeof dataId !== "string" || !isHexString(dataId, 32)) throw new MalformedReplicationMessageError("bad dataId");
  const cid = value["cid"];
  if (typeof cid !== "string" || cid.length > 200) throw new MalformedReplicationMessageError("bad cid");
  try {
    CID.parse(cid);
  } catch {
    throw new MalformedReplicationMessageError("bad cid");
  }
  const owner = address(value["owner"], "owner");
  const writer = address(value["writer"], "writer");
  const writtenAt = value["writtenAt"];
  if (!Number.isSafeInteger(writtenAt) || (writtenAt as number) < 0) {
    throw new MalformedReplicationMessageError("bad writtenAt");
  }
  const writerSignature = bytes(value["writerSignature"], "writerSignature");
  let permission: ReplicatedRecord["permission"];
  const rawPermission = value["permission"];
  if (rawPermission !== undefined) {
    if (!isObject(rawPermission)) throw new MalformedReplicationMessageError("bad permission");
    const expiresAt = rawPermission["expiresAt"];
    if (!Number.isSafeInteger(expiresAt) || (expiresAt as number) < 0) {
      throw new MalformedReplicationMessageError("bad permission.expiresAt");
    }
    permission = {
      issuer: address(rawPermission["issuer"], "permission.issuer"),
      expiresAt: expiresAt as number,
      signature: bytes(rawPermission["signature"], "permission.signature"),
    };
  }
  const rawReaders = value["readers"];
  if (!Array.isArray(rawReaders) || rawReaders.length > MAX_REPLICATED_READERS) {
    throw new MalformedReplicationMessageError("bad readers");
  }
  const readers = rawReaders.map((entry: unknown) => {
    if (!isObject(entry) || typeof entry["slot"] !== "string") {
      throw new MalformedReplicationMessageError("bad reader");
    }
    return { grantee: address(entry["grantee"], "readers[].grantee"), slot: base64(entry["slot"]) };
  });
  const rawDropped = value["droppedReaders"] ?? [];
  if (!Array.isArray(rawDropped) || rawDropped.length + readers.length > MAX_REPLICATED_READERS) {
    throw new MalformedReplicationMessageError("bad droppedReaders");
  }
  const droppedReaders = rawDropped.map((entry: unknown) => {
    const slotHash = isObject(entry) ? entry["slotHash"] : undefined;
    if (!isObject(entry) || typeof slotHash !== "string" || !isHexString(slotHash, 32)) {
      throw new MalformedReplicationMessageError("bad dropped reader");
    }
    return { grantee: address(entry["grantee"], "droppedReaders[].grantee"), slotHash: slotHash.toLowerCase() };
  });
  return {
    chainId: chainId as number,
    dataId: dataId.toLowerCase(),
    cid,
    owner,
    writer,
    writtenAt: writtenAt as number,
    writerSignature,
    ...(permission === undefined ? {} : { permission }),
    readers,
    droppedReaders,
  };
}

/**
 * Encodes a message for gossipsub (UTF-8 JSON of {@link toWire}).
 *
 * @example
 * ```ts
 * await announcements.publish(encodeReplicatedRecord(message));
 * ```
 */
export function encodeReplicatedRecord(message: ReplicatedRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(toWire(message)));
}

/**
 * Decodes a message received over gossipsub.
 *
 * @throws {MalformedReplicationMessageError} when the bytes are not a well-formed message.
 * @example
 * ```ts
 * const message = decodeReplicatedRecord(announcement.data);
 * ```
 */
export function decodeReplicatedRecord(data: Uint8Array): ReplicatedRecord {
  return fromWire(parseJson(data));
}

/**
 * Parses UTF-8 JSON bytes.
 *
 * @throws {MalformedReplicationMessageError} when they are not.
 * @example
 * ```ts
 * const value = parseJson(bytes);
 * ```
 */
export function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(data)) as unknown;
  } catch {
    throw new MalformedReplicationMessageError("not UTF-8 JSON");
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function address(value: unknown, field: string): string {
  if (typeof value !== "string" || !isAddress(value) || !value.startsWith("0x")) {
    throw new MalformedReplicationMessageError(`bad ${field}`);
  }
  return value.toLowerCase();
}

function bytes(value: unknown, field: string): Uint8Array {
  if (typeof value !== "string" || !isHexString(value, true) || value.length < 4 || value.length > 2 + 2 * 4096) {
    throw new MalformedReplicationMessageError(`bad ${field}`);
  }
  return getBytes(value);
}

function base64(value: string): Uint8Array {
  if (value.length > 4096 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new MalformedReplicationMessageError("bad readers[].slot");
  }
  return new Uint8Array(Buffer.from(value, "base64"));
}
