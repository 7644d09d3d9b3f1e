/**
 * Every storage node in the registry, with its record.
 *
 * @module
 */
import type { BlockTag } from "ethers";
import type { NodeRegistry } from "../../../types/ethers-contracts/index.js";
import { decodeRegistryError } from "./errors.ts";
import { nodeFromStruct, pinBlock, type NodeRecord } from "./node-record.ts";

/** What {@link listNodes} takes. */
export type ListNodesParameters = {
  /** `NodeRegistry`, connected to any provider. */
  nodeRegistry: NodeRegistry;
  /** Read at this block; by default the latest, pinned once so every record comes from the same block. */
  blockTag?: BlockTag;
};

/**
 * Every registered node, retired and paused ones included, with its record, in the registry's order. All calls read
 * the same block. Use `activeNodes` for the nodes to talk to; this list is for checking receipts a node signed while
 * it was in service.
 *
 * @example
 * ```ts
 * for (const { node, status, httpEndpoint } of await listNodes({ nodeRegistry })) {
 *   console.log(node, status, httpEndpoint);
 * }
 * ```
 */
export async function listNodes({ nodeRegistry, blockTag }: ListNodesParameters): Promise<NodeRecord[]> {
  try {
    const tag = await pinBlock({ nodeRegistry, blockTag });
    const addresses = await nodeRegistry.nodes({ blockTag: tag });
    return await Promise.all(
      addresses.map(async (node) => nodeFromStruct(node, await nodeRegistry.getNode(node, { blockTag: tag }))),
    );
  } catch (error) {
    throw decodeRegistryError(error, nodeRegistry.interface);
  }
}
