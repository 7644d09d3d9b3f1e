/**
 * CIDs of the node's blocks: CIDv1, `raw` codec, sha2-256 (`bafkrei…`), computed locally so that no backend is
 * trusted to name the bytes it was given.
 */
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

import { UnsupportedCidError } from "./errors.ts";

/**
 * Computes the CID of `bytes` stored as one raw block.
 *
 * @example
 * ```ts
 * const cid = await rawCid(new TextEncoder().encode("hello"));
 * cid.toString(); // "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq"
 * ```
 */
export async function rawCid(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes));
}

/** Most CIDs {@link parseStoredCid} remembers; past that it starts over. */
export const PARSED_CID_MEMO_ENTRIES = 10_000;

const parsed = new Map<string, CID>();

/**
 * `CID.parse` of a CID string the node stored itself (a record's `cid`), remembered: the read path parses the
 * same few strings on every request, and a CID is a pure function of its string. A string that does not parse
 * throws every time and is never remembered.
 *
 * @example
 * ```ts
 * const cid = parseStoredCid(record.cid);
 * ```
 */
export function parseStoredCid(text: string): CID {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const cid = CID.parse(text);
  if (parsed.size >= PARSED_CID_MEMO_ENTRIES) parsed.clear();
  parsed.set(text, cid);
  return cid;
}

/**
 * Refuses any CID but CIDv1, raw codec, sha2-256: the node stores nothing else, and an identity-hash CID would
 * otherwise "exist" without being stored.
 *
 * @throws {UnsupportedCidError} for any other CID.
 * @example
 * ```ts
 * assertRawCid(CID.parse(params.cid));
 * ```
 */
export function assertRawCid(cid: CID): void {
  if (cid.version !== 1 || cid.code !== raw.code || cid.multihash.code !== sha256.code) {
    throw new UnsupportedCidError({
      cid: cid.toString(),
      details: "only CIDv1 with the raw codec and a sha2-256 multihash is stored",
    });
  }
}
