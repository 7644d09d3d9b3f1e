/**
 * Internal: the result decoded from a `DataAnchored` event.
 *
 * @module
 */
import type { LogDescription } from "ethers";

/** One anchor as the `DataAnchored` event reports it. */
export type AnchoredEvent = {
  dataId: string;
  owner: string;
  /** The issuer; the owner itself for self-added data. */
  issuer: string;
  schema: string;
};

/**
 * Decodes a parsed `DataAnchored` log.
 *
 * @example
 * ```ts
 * const anchored = anchoredFromEvent(accessGrants.interface.parseLog(log)!);
 * ```
 */
export function anchoredFromEvent(event: LogDescription): AnchoredEvent {
  return {
    dataId: String(event.args.getValue("dataId")),
    owner: String(event.args.getValue("owner")),
    issuer: String(event.args.getValue("issuer")),
    schema: String(event.args.getValue("schema")),
  };
}
