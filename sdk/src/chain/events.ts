/**
 * The AccessGrants events the grant view applies, as plain typed records, and their decoding from raw logs.
 *
 * Only the five events that change who may read what are decoded: `DataAnchored`, `CredentialStatusChanged`,
 * `Granted`, `Revoked`, `DeletionRequested`. Nonce burns and grant-request bookkeeping do not change
 * `isGranted` (an approved request also emits `Granted`), so they are not fetched at all.
 *
 * @module
 */
import { getAddress, type Log } from "ethers";
import { AccessGrants__factory } from "../../../types/ethers-contracts/factories/contracts/AccessGrants__factory.ts";

/** Where a log sits on its chain: events are applied in (blockNumber, logIndex) order. */
export type EventPosition = {
  blockNumber: bigint;
  logIndex: number;
};

/** `DataAnchored(dataId, owner, issuer, schema)`. */
export type DataAnchoredEvent = EventPosition & {
  kind: "DataAnchored";
  dataId: string;
  owner: string;
  issuer: string;
  schema: string;
};

/** `CredentialStatusChanged(dataId, issuer, revoked)`. */
export type CredentialStatusChangedEvent = EventPosition & {
  kind: "CredentialStatusChanged";
  dataId: string;
  issuer: string;
  revoked: boolean;
};

/** `Granted(owner, grantee, dataId, lockedUntil, expiresAt, purpose)`; times in seconds, 0 = none. */
export type GrantedEvent = EventPosition & {
  kind: "Granted";
  owner: string;
  grantee: string;
  dataId: string;
  lockedUntil: bigint;
  expiresAt: bigint;
  purpose: string;
};

/** `Revoked(owner, grantee, dataId)`. */
export type RevokedEvent = EventPosition & {
  kind: "Revoked";
  owner: string;
  grantee: string;
  dataId: string;
};

/** `DeletionRequested(owner, dataId, effectiveAt)`; `effectiveAt` = max(request time, latest lock on dataId). */
export type DeletionRequestedEvent = EventPosition & {
  kind: "DeletionRequested";
  owner: string;
  dataId: string;
  effectiveAt: bigint;
};

/** Any event the grant view applies. */
export type AccessGrantsEvent =
  DataAnchoredEvent | CredentialStatusChangedEvent | GrantedEvent | RevokedEvent | DeletionRequestedEvent;

/** The names of the events in {@link AccessGrantsEvent}. */
export type AccessGrantsEventKind = AccessGrantsEvent["kind"];

const KINDS: readonly AccessGrantsEventKind[] = [
  "DataAnchored",
  "CredentialStatusChanged",
  "Granted",
  "Revoked",
  "DeletionRequested",
];

const accessGrantsInterface = AccessGrants__factory.createInterface();

/**
 * The topic0 of each event the grant view applies, for one `getLogs` filter: `topics: [ACCESS_GRANTS_EVENT_TOPICS]`.
 *
 * @example
 * ```ts
 * const logs = await provider.getLogs({ address, topics: [[...ACCESS_GRANTS_EVENT_TOPICS]], fromBlock, toBlock });
 * ```
 */
export const ACCESS_GRANTS_EVENT_TOPICS: readonly string[] = KINDS.map(
  (kind) => accessGrantsInterface.getEvent(kind)!.topicHash,
);

/**
 * Decodes one raw AccessGrants log into an {@link AccessGrantsEvent}, or `undefined` for a log of another event
 * (or another contract's log that happens not to parse). Addresses come back checksummed, hashes lower-case.
 *
 * @example
 * ```ts
 * const events = logs.map((log) => decodeAccessGrantsLog({ log })).filter((event) => event !== undefined);
 * ```
 */
export function decodeAccessGrantsLog({
  log,
}: {
  log: Pick<Log, "topics" | "data" | "blockNumber" | "index">;
}): AccessGrantsEvent | undefined {
  const parsed = accessGrantsInterface.parseLog({ topics: [...log.topics], data: log.data });
  if (parsed === null) return undefined;
  const position = { blockNumber: BigInt(log.blockNumber), logIndex: log.index };
  const args = parsed.args;
  const address = (key: string) => getAddress(String(args.getValue(key)));
  const hash = (key: string) => String(args.getValue(key)).toLowerCase();
  const uint = (key: string) => BigInt(args.getValue(key));
  switch (parsed.name) {
    case "DataAnchored":
      return {
        kind: "DataAnchored",
        ...position,
        dataId: hash("dataId"),
        owner: address("owner"),
        issuer: address("issuer"),
        schema: hash("schema"),
      };
    case "CredentialStatusChanged":
      return {
        kind: "CredentialStatusChanged",
        ...position,
        dataId: hash("dataId"),
        issuer: address("issuer"),
        revoked: Boolean(args.getValue("revoked")),
      };
    case "Granted":
      return {
        kind: "Granted",
        ...position,
        owner: address("owner"),
        grantee: address("grantee"),
        dataId: hash("dataId"),
        lockedUntil: uint("lockedUntil"),
        expiresAt: uint("expiresAt"),
        purpose: hash("purpose"),
      };
    case "Revoked":
      return {
        kind: "Revoked",
        ...position,
        owner: address("owner"),
        grantee: address("grantee"),
        dataId: hash("dataId"),
      };
    case "DeletionRequested":
      return {
        kind: "DeletionRequested",
        ...position,
        owner: address("owner"),
        dataId: hash("dataId"),
        effectiveAt: uint("effectiveAt"),
      };
    default:
      return undefined;
  }
}
