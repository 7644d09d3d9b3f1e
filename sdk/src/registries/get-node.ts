/**
 * Read one storage node's record.
 *
 * @module
 */
import type { BlockTag } from "ethers";
import type { NodeRegistry } from "../../../types/ethers-contracts/index.js";
import { decodeRegistryError } from "./errors.ts";
import { nodeFromStruct, type NodeRecord } from "./node-record.ts";

/** What {@link getNode} takes. */
export type GetNodeParameters = {
  /** `NodeRegistry`, connected to any provider. */
  nodeRegistry: NodeRegistry;
  /** The node's address (that of its signing key). */
  node: string;
  /** Read at this block; the latest by default. */
  blockTag?: BlockTag;
};

/**
 * The record of `node`. An address that is not registered gives status `"None"` with empty fields; check
 * `status === "Active"` before sending the node data.
 *
 * @example
 * ```ts
 * const { status, httpEndpoint } = await getNode({ nodeRegistry, node: receipt.node });
 * if (status === "None") throw new Error("receipt signed by an unknown node");
 * ```
 */
export async function getNode({ nodeRegistry, node, blockTag }: GetNodeParameters): Promise<NodeRecord> {
  try {
    const struct = await nodeRegistry.getNode(node, blockTag === undefined ? {} : { blockTag });
    return nodeFromStruct(node, struct);
  } catch (error) {
    throw decodeRegistryError(error, nodeRegistry.interface);
  }
}
