/**
 * Node records of the `NodeRegistry`, as the SDK returns them, and the internals shared by its reads.
 *
 * @module
 */
import type { BlockTag } from "ethers";
import type { INodeRegistry, NodeRegistry } from "../../../types/ethers-contracts/index.js";
import { IdemError } from "../errors.ts";

/**
 * Life cycle of a node, as `INodeRegistry.NodeStatus` numbers it. `None` means "not registered".
 *
 * @example
 * ```ts
 * NODE_STATUSES[1]; // "Active"
 * ```
 */
export const NODE_STATUSES = ["None", "Active", "Paused", "Retired"] as const;

/** A node's status by name. */
export type NodeStatus = (typeof NODE_STATUSES)[number];

/** Everything the registry knows about one storage node. */
export type NodeRecord = {
  /** The node's address: that of the secp256k1 key that signs its deletion receipts. */
  node: string;
  /** The address that may update the node's endpoints. */
  operator: string;
  /** `"None"` for an address that is not registered (every other field is then zero or empty). */
  status: NodeStatus;
  /** When the node was registered (seconds). */
  registeredAt: bigint;
  /** Base URL of the node's HTTP API, e.g. `https://node1.example.org`. */
  httpEndpoint: string;
  /** libp2p peer id, e.g. `12D3KooW…`. */
  peerId: string;
  /** libp2p multiaddrs the node listens on. */
  multiaddrs: string[];
};

/**
 * Internal: a {@link NodeRecord} from the `getNode` struct of `node`.
 *
 * @example
 * ```ts
 * const record = nodeFromStruct(node, await nodeRegistry.getNode(node));
 * ```
 */
export function nodeFromStruct(node: string, struct: INodeRegistry.NodeRecordStructOutput): NodeRecord {
  return {
    node,
    operator: struct.operator,
    status: NODE_STATUSES[Number(struct.status)] ?? "None",
    registeredAt: struct.registeredAt,
    httpEndpoint: struct.httpEndpoint,
    peerId: struct.peerId,
    multiaddrs: [...struct.multiaddrs],
  };
}

/**
 * Internal: `blockTag`, or else the latest block number, so that a read made of several calls sees one state.
 *
 * @example
 * ```ts
 * const tag = await pinBlock({ nodeRegistry });
 * const addresses = await nodeRegistry.nodes({ blockTag: tag });
 * ```
 */
export async function pinBlock({
  nodeRegistry,
  blockTag,
}: {
  nodeRegistry: NodeRegistry;
  blockTag?: BlockTag | undefined;
}): Promise<BlockTag> {
  if (blockTag !== undefined) return blockTag;
  const provider = nodeRegistry.runner?.provider;
  if (provider === null || provider === undefined) {
    throw new IdemError("Cannot read the latest block.", {
      details: "the NodeRegistry contract has no provider; connect it to one",
    });
  }
  return provider.getBlockNumber();
}
