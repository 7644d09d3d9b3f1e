/**
 * did:pkh subject identifiers for EVM accounts (CAIP-10 account ids in the `eip155` namespace):
 * `did:pkh:eip155:<chainId>:<EIP-55 checksummed address>`. One account on one chain has exactly one DID string,
 * so verifiers can compare subjects as strings.
 *
 * @module
 */
import { getAddress } from "ethers";
import { InvalidSubjectDidError } from "./errors.ts";

/**
 * A parsed did:pkh subject.
 *
 * @example
 * ```ts
 * const { chainId, address } = parsePkhDid({ did: credential.credentialSubject.id });
 * ```
 */
export type PkhDid = {
  /** The DID, canonical form. */
  did: `did:pkh:eip155:${string}`;
  /** The CAIP-10 account id, `eip155:<chainId>:<address>`. */
  accountId: `eip155:${string}`;
  /** The EIP-155 chain id. */
  chainId: bigint;
  /** The EIP-55 checksummed address. */
  address: `0x${string}`;
};

/** CAIP-2 limits an eip155 reference to 32 characters; decimal, no leading zero. */
const CHAIN_ID = /^[1-9][0-9]{0,31}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * The did:pkh of an EVM account: `did:pkh:eip155:<chainId>:<checksummed address>`. Accepts an address in any case
 * (a mixed-case address must have a valid checksum) and writes it checksummed.
 *
 * @example
 * ```ts
 * pkhDid({ chainId: 1n, address: "0xab5801a7d398351b8be11c439e05c5b3259aec9b" });
 * // "did:pkh:eip155:1:0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B"
 * ```
 */
export function pkhDid({ chainId, address }: { chainId: bigint | number; address: string }): PkhDid["did"] {
  const chain = typeof chainId === "number" && Number.isSafeInteger(chainId) ? BigInt(chainId) : chainId;
  if (typeof chain !== "bigint" || !CHAIN_ID.test(chain.toString())) {
    throw new InvalidSubjectDidError({ details: "the chain id must be a positive integer of at most 32 digits" });
  }
  return `did:pkh:eip155:${chain}:${checksummed(address, { strict: false })}`;
}

/**
 * Parses and validates a did:pkh for an EVM account. Rejects other DID methods and CAIP namespaces, chain ids with
 * leading zeros or out of range, and addresses that are not in EIP-55 checksummed form (so each account has one
 * DID string).
 *
 * @example
 * ```ts
 * const subject = parsePkhDid({ did: "did:pkh:eip155:1:0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B" });
 * subject.chainId; // 1n
 * ```
 */
export function parsePkhDid({ did }: { did: string }): PkhDid {
  if (typeof did !== "string") throw new InvalidSubjectDidError({ details: "the DID must be a string" });
  const parts = did.split(":");
  if (parts.length !== 5 || parts[0] !== "did" || parts[1] !== "pkh") {
    throw new InvalidSubjectDidError({ details: "expected did:pkh:eip155:<chainId>:<address>" });
  }
  const [, , namespace, reference = "", account = ""] = parts;
  if (namespace !== "eip155") {
    throw new InvalidSubjectDidError({ details: "only the eip155 (EVM) namespace is supported" });
  }
  if (!CHAIN_ID.test(reference)) {
    throw new InvalidSubjectDidError({ details: "the chain id must be a positive decimal integer, no leading zeros" });
  }
  const address = checksummed(account, { strict: true });
  return {
    did: `did:pkh:eip155:${reference}:${address}`,
    accountId: `eip155:${reference}:${address}`,
    chainId: BigInt(reference),
    address,
  };
}

function checksummed(address: string, { strict }: { strict: boolean }): `0x${string}` {
  if (typeof address !== "string" || !ADDRESS.test(address)) {
    throw new InvalidSubjectDidError({ details: "the address must be 0x followed by 40 hex digits" });
  }
  let result: string;
  try {
    result = getAddress(address);
  } catch {
    throw new InvalidSubjectDidError({ details: "the address has a bad EIP-55 checksum" });
  }
  if (strict && result !== address) {
    throw new InvalidSubjectDidError({ details: "the address must be in EIP-55 checksummed form" });
  }
  return result as `0x${string}`;
}
