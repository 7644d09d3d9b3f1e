/**
 * The storage nodes in service.
 *
 * @module
 */
import type { BlockTag } from "ethers";
import type { NodeRegistry } from "../../../types/ethers-contracts/index.js";
import { listNodes } from "./list-nodes.ts";
import type { NodeRecord } from "./node-record.ts";

/** What {@link activeNodes} takes. */
export type ActiveNodesParameters = {
  /** `NodeRegistry`, connected to any provider. */
  nodeRegistry: NodeRegistry;
  /** Read at this block; the latest by default. */
  blockTag?: BlockTag;
};

/**
 * The registered nodes whose status is `"Active"` (not paused, not retired), with their records, in the registry's
 * order: the nodes a client writes to and reads from.
 *
 * @example
 * ```ts
 * const endpoints = (await activeNodes({ nodeRegistry })).map((node) => node.httpEndpoint);
 * ```
 */
export async function activeNodes({ nodeRegistry, blockTag }: ActiveNodesParameters): Promise<NodeRecord[]> {
  const all = await listNodes({ nodeRegistry, blockTag });
  return all.filter((record) => record.status === "Active");
}
