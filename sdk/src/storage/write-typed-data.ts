/**
 * The EIP-712 messages of a storage write, in one module: the domain, the type strings and tables, the message
 * shapes, and pure helpers to build and hash them. The SDK signs with them and the node verifies with them (the
 * module uses ethers' hashing only; no key or envelope crypto), so both sides hash the same bytes.
 *
 * - `StoreRecord` is signed by the WRITER (the owner, or an issuer holding the owner's permission) over what the
 *   node stores: the envelope (its sha2-256, the CID's digest) and the readers (see {@link readersHashOfLeaves}:
 *   each reader is committed to as its grantee and the keccak256 of its slot, so a node may drop a slot and keep
 *   the leaf). The OWNER signs a new `StoreRecord` for each reader added or removed after the write (same
 *   envelope hash, the new reader set, a newer `writtenAt`).
 *   `writtenAt` (unix milliseconds) orders writes: a node refuses one not newer than the record it holds. The
 *   signature is the replication proof: a peer re-verifies it without trusting the node that relays the write.
 * - `WritePermission` is signed by the dataId's OWNER: `issuer` may write `dataId` until `expiresAt` (unix
 *   seconds).
 *
 * The domain has no `verifyingContract`: no contract checks these messages, and the chain id already binds them,
 * because a dataId is anchored (and owned) on exactly one chain.
 *
 * @example
 * ```ts
 * import { WRITE_TYPES, storageDomain, storeRecordMessage } from "./write-typed-data.ts";
 * const message = storeRecordMessage({ dataId, envelope: bytes, readers, writtenAt: BigInt(Date.now()) });
 * const signature = await signer.signTypedData(storageDomain({ chainId: 1n }), { StoreRecord: [...WRITE_TYPES.StoreRecord] }, message);
 * ```
 */
import type { TypedDataDomain, TypedDataField } from "ethers";
import { AbiCoder, TypedDataEncoder, getAddress, hexlify, id, keccak256, sha256 } from "ethers";

/** EIP-712 domain name of storage writes. */
export const STORAGE_DOMAIN_NAME = "Idem Storage";

/** EIP-712 domain version of storage writes. */
export const STORAGE_DOMAIN_VERSION = "1";

/** The type strings (their keccak256 are {@link WRITE_TYPEHASHES}). */
export const WRITE_TYPE_STRINGS = {
  StoreRecord: "StoreRecord(bytes32 dataId,bytes32 envelopeHash,bytes32 readersHash,uint64 writtenAt)",
  WritePermission: "WritePermission(address issuer,bytes32 dataId,uint64 expiresAt)",
} as const;

/** The signed storage message kinds. */
export type WritePrimaryType = keyof typeof WRITE_TYPE_STRINGS;

/** The type tables handed to `signTypedData`, one primary type each. */
export const WRITE_TYPES = {
  StoreRecord: [
    { name: "dataId", type: "bytes32" },
    { name: "envelopeHash", type: "bytes32" },
    { name: "readersHash", type: "bytes32" },
    { name: "writtenAt", type: "uint64" },
  ],
  WritePermission: [
    { name: "issuer", type: "address" },
    { name: "dataId", type: "bytes32" },
    { name: "expiresAt", type: "uint64" },
  ],
} as const satisfies Record<WritePrimaryType, readonly TypedDataField[]>;

/** keccak256 of each type string. */
export const WRITE_TYPEHASHES = {
  StoreRecord: id(WRITE_TYPE_STRINGS.StoreRecord),
  WritePermission: id(WRITE_TYPE_STRINGS.WritePermission),
} as const;

/**
 * EIP-712 `StoreRecord` message: `dataId`, `envelopeHash`, `readersHash` lowercase `0x` + 64 hex; `writtenAt` unix
 * milliseconds.
 *
 * @example
 * ```ts
 * const message: StoreRecordMessage = { dataId, envelopeHash, readersHash, writtenAt: 1_900_000_000_000n };
 * ```
 */
export type StoreRecordMessage = { dataId: string; envelopeHash: string; readersHash: string; writtenAt: bigint };

/**
 * EIP-712 `WritePermission` message: `issuer` checksummed, `dataId` lowercase hex, `expiresAt` unix seconds.
 *
 * @example
 * ```ts
 * const message: WritePermissionMessage = { issuer, dataId, expiresAt: 1_900_000_000n };
 * ```
 */
export type WritePermissionMessage = { issuer: string; dataId: string; expiresAt: bigint };

/**
 * One reader slot as the node stores it: the grantee's address and the slot's bytes.
 *
 * @example
 * ```ts
 * const reader: ReaderSlotBytes = { grantee: "0x7099…", slot: encodeReaderSlot({ slot }) };
 * ```
 */
export type ReaderSlotBytes = { grantee: string; slot: Uint8Array };

/**
 * The owner's permission as it travels with a write: the message's `issuer` and `expiresAt` (the dataId is the
 * write's) and the owner's signature.
 *
 * @example
 * ```ts
 * const permission: SignedWritePermission = await signWritePermission({ signer: owner, chainId: 1n, issuer, dataId, expiresAt });
 * ```
 */
export type SignedWritePermission = { issuer: string; dataId: string; expiresAt: bigint; signature: string };

/**
 * The domain of storage writes on chain `chainId`. A signature made for one chain is void on every other.
 *
 * @example
 * ```ts
 * const domain = storageDomain({ chainId: 8453n });
 * ```
 */
export function storageDomain({ chainId }: { chainId: bigint | number }): TypedDataDomain {
  return { name: STORAGE_DOMAIN_NAME, version: STORAGE_DOMAIN_VERSION, chainId: BigInt(chainId) };
}

/**
 * sha2-256 of the stored envelope bytes (the envelope without reader slots): the digest its raw CIDv1 carries.
 *
 * @example
 * ```ts
 * const envelopeHash = envelopeHashOf(encodeEnvelope({ envelope: { ...envelope, readerSlots: [] } }));
 * ```
 */
export function envelopeHashOf(envelope: Uint8Array): string {
  return sha256(envelope);
}

/**
 * One reader as the signature commits to it: the grantee's address and the keccak256 of its slot's bytes. A node
 * that drops a grantee's wrapped key (the grant ended) keeps this leaf, so the writer's signature still verifies.
 *
 * @example
 * ```ts
 * const leaf: ReaderLeaf = readerLeafOf({ grantee, slot: slotBytes });
 * ```
 */
export type ReaderLeaf = { grantee: string; slotHash: string };

/**
 * The leaf of one reader slot: `{ grantee, keccak256(slot) }`, the grantee checksummed.
 *
 * @example
 * ```ts
 * const { slotHash } = readerLeafOf({ grantee, slot: encodeReaderSlot({ slot }) });
 * ```
 */
export function readerLeafOf({ grantee, slot }: ReaderSlotBytes): ReaderLeaf {
  return { grantee: getAddress(grantee), slotHash: keccak256(slot) };
}

/**
 * keccak256 of the canonical encoding of the readers' leaves: sorted by grantee address (lowercase hex,
 * ascending), then ABI-encoded as `tuple(address grantee, bytes32 slotHash)[]`, `slotHash` being keccak256 of the
 * slot's bytes. The order the client sent them in does not matter; an empty list has a hash too.
 *
 * @example
 * ```ts
 * const hash = readersHashOfLeaves([readerLeafOf({ grantee, slot: slotBytes })]);
 * ```
 */
export function readersHashOfLeaves(leaves: readonly ReaderLeaf[]): string {
  const sorted = leaves
    .map(({ grantee, slotHash }) => ({ grantee: getAddress(grantee), slotHash: hexlify(slotHash) }))
    .sort((a, b) => {
      const left = a.grantee.toLowerCase();
      const right = b.grantee.toLowerCase();
      return left < right ? -1 : left > right ? 1 : 0;
    });
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["tuple(address grantee, bytes32 slotHash)[]"],
      [sorted.map(({ grantee, slotHash }) => [grantee, slotHash])],
    ),
  );
}

/**
 * The readers' hash of whole reader slots: {@link readersHashOfLeaves} of their {@link readerLeafOf} leaves.
 *
 * @example
 * ```ts
 * const hash = readersHash([{ grantee, slot: slotBytes }]);
 * ```
 */
export function readersHash(readers: readonly ReaderSlotBytes[]): string {
  return readersHashOfLeaves(readers.map(readerLeafOf));
}

/**
 * Builds the `StoreRecord` message of a write from what is sent: the envelope bytes (no reader slots), the reader
 * slots, and the leaves of readers whose slots were dropped (a replicated record; none on a client's write).
 *
 * @example
 * ```ts
 * const message = storeRecordMessage({ dataId, envelope: bytes, readers: [], writtenAt: BigInt(Date.now()) });
 * ```
 */
export function storeRecordMessage({
  dataId,
  envelope,
  readers,
  droppedReaders = [],
  writtenAt,
}: {
  dataId: string;
  envelope: Uint8Array;
  readers: readonly ReaderSlotBytes[];
  droppedReaders?: readonly ReaderLeaf[];
  writtenAt: bigint;
}): StoreRecordMessage {
  return {
    dataId: dataId.toLowerCase(),
    envelopeHash: envelopeHashOf(envelope),
    readersHash: readersHashOfLeaves([...readers.map(readerLeafOf), ...droppedReaders]),
    writtenAt,
  };
}

/**
 * The EIP-712 digest of a `StoreRecord` message on chain `chainId` (what an ERC-1271 account is asked about).
 *
 * @example
 * ```ts
 * const digest = storeRecordDigest({ chainId: 1n, message });
 * ```
 */
export function storeRecordDigest({
  chainId,
  message,
}: {
  chainId: bigint | number;
  message: StoreRecordMessage;
}): string {
  return TypedDataEncoder.hash(storageDomain({ chainId }), { StoreRecord: [...WRITE_TYPES.StoreRecord] }, message);
}

/**
 * The EIP-712 digest of a `WritePermission` message on chain `chainId`.
 *
 * @example
 * ```ts
 * const digest = writePermissionDigest({ chainId: 1n, message: { issuer, dataId, expiresAt } });
 * ```
 */
export function writePermissionDigest({
  chainId,
  message,
}: {
  chainId: bigint | number;
  message: WritePermissionMessage;
}): string {
  return TypedDataEncoder.hash(
    storageDomain({ chainId }),
    { WritePermission: [...WRITE_TYPES.WritePermission] },
    { issuer: getAddress(message.issuer), dataId: message.dataId.toLowerCase(), expiresAt: message.expiresAt },
  );
}
