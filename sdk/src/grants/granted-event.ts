/**
 * Internal: the domain result decoded from a `Granted` or `Revoked` event, shared by every grant write.
 *
 * @module
 */
import type { LogDescription } from "ethers";
import { grantId } from "./grant-id.ts";

/** One grant as the `Granted` event reports it. */
export type GrantedEvent = {
  /** `keccak256(abi.encode(owner, grantee, dataId))`, see {@link grantId}. */
  grantId: string;
  owner: string;
  grantee: string;
  dataId: string;
  /** Seconds since the epoch; 0 for no lock. */
  lockedUntil: bigint;
  /** Seconds since the epoch; 0 for never. */
  expiresAt: bigint;
  /** Hash of the human-readable purpose. */
  purpose: string;
};

/** One revoke as the `Revoked` event reports it. */
export type RevokedEvent = {
  grantId: string;
  owner: string;
  grantee: string;
  dataId: string;
};

/**
 * Decodes a parsed `Granted` log.
 *
 * @example
 * ```ts
 * const result = grantedFromEvent(accessGrants.interface.parseLog(log)!);
 * ```
 */
export function grantedFromEvent(event: LogDescription): GrantedEvent {
  const owner = String(event.args.getValue("owner"));
  const grantee = String(event.args.getValue("grantee"));
  const dataId = String(event.args.getValue("dataId"));
  return {
    grantId: grantId({ owner, grantee, dataId }),
    owner,
    grantee,
    dataId,
    lockedUntil: BigInt(event.args.getValue("lockedUntil")),
    expiresAt: BigInt(event.args.getValue("expiresAt")),
    purpose: String(event.args.getValue("purpose")),
  };
}

/**
 * Decodes a parsed `Revoked` log.
 *
 * @example
 * ```ts
 * const result = revokedFromEvent(accessGrants.interface.parseLog(log)!);
 * ```
 */
export function revokedFromEvent(event: LogDescription): RevokedEvent {
  const owner = String(event.args.getValue("owner"));
  const grantee = String(event.args.getValue("grantee"));
  const dataId = String(event.args.getValue("dataId"));
  return { grantId: grantId({ owner, grantee, dataId }), owner, grantee, dataId };
}
