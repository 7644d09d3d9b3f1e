// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title INodeRegistry
 * @notice The consortium's storage nodes: who operates each, where to reach it, and whether it is in service.
 * Nodes and the SDK discover each other here, and owners check deletion receipts against it.
 * @dev A node is keyed by the address of its own secp256k1 signing key, the key that signs its deletion receipts.
 * An admin (an OpenZeppelin `AccessManager` role) registers nodes, changes their status and reassigns operators;
 * a node's operator keeps its endpoints up to date. Nodes are never removed: a retired node stays listed so that
 * receipts it signed while in service can still be checked.
 */
interface INodeRegistry {
    /// @notice Life cycle of a node. `None` means "not registered"; `Retired` is final.
    enum NodeStatus {
        None,
        Active,
        Paused,
        Retired
    }

    /// @notice Everything the registry knows about one node.
    /// @dev `operator`, `status` and `registeredAt` share the first slot (20 + 1 + 6 bytes); solhint's packing
    /// heuristic misreads the dynamic fields that follow.
    // solhint-disable-next-line gas-struct-packing
    struct NodeRecord {
        /// Address that may update the node's endpoints.
        address operator;
        /// `None` for an unknown node.
        NodeStatus status;
        /// Time the node was registered.
        uint48 registeredAt;
        /// Base URL of the node's HTTP API, e.g. `https://node1.example.org`.
        string httpEndpoint;
        /// libp2p peer id of the node, e.g. `12D3KooW...`; unique across the registry.
        string peerId;
        /// libp2p multiaddrs the node listens on, e.g. `/dns4/node1.example.org/tcp/4001`.
        string[] multiaddrs;
    }

    /// @notice `node` joined the registry as `Active`, run by `operator`.
    event NodeRegistered(
        address indexed node,
        address indexed operator,
        string httpEndpoint,
        string peerId,
        string[] multiaddrs
    );

    /// @notice `operator` changed the endpoints of `node`.
    event NodeUpdated(
        address indexed node,
        address indexed operator,
        string httpEndpoint,
        string peerId,
        string[] multiaddrs
    );

    /// @notice The status of `node` went from `previousStatus` to `status`.
    event NodeStatusChanged(address indexed node, NodeStatus previousStatus, NodeStatus status);

    /// @notice `node` is now run by `operator` instead of `previousOperator`.
    event NodeOperatorChanged(address indexed node, address indexed previousOperator, address indexed operator);

    /// @notice `node` is not a valid node address (the zero address).
    error NodeRegistryInvalidNode(address node);

    /// @notice `operator` is not a valid operator for `node` (the zero address).
    error NodeRegistryInvalidOperator(address node, address operator);

    /// @notice `node` is registered already.
    error NodeRegistryNodeExists(address node);

    /// @notice `node` is not registered.
    error NodeRegistryUnknownNode(address node);

    /// @notice `node` is retired; its record can no longer change.
    error NodeRegistryNodeRetired(address node);

    /// @notice The HTTP endpoint given for `node` is empty.
    error NodeRegistryEmptyHttpEndpoint(address node);

    /// @notice The peer id given for `node` is empty.
    error NodeRegistryEmptyPeerId(address node);

    /// @notice The multiaddr at `index` in the list given for `node` is empty.
    error NodeRegistryEmptyMultiaddr(address node, uint256 index);

    /// @notice `count` multiaddrs were given for `node`; at most `max` are allowed.
    error NodeRegistryTooManyMultiaddrs(address node, uint256 count, uint256 max);

    /// @notice `peerId` was given for `node` but belongs to `holder`.
    error NodeRegistryPeerIdTaken(address node, string peerId, address holder);

    /// @notice `node` cannot go from `status` to `requested`.
    error NodeRegistryInvalidStatusTransition(address node, NodeStatus status, NodeStatus requested);

    /// @notice `account` tried to update `node`, which `operator` runs.
    error NodeRegistryNotOperator(address node, address operator, address account);

    /**
     * @notice Registers `node` as `Active`, run by `operator`. Restricted to the registry's admins.
     * @param node Address of the node's secp256k1 signing key.
     * @param operator Address that may update the node's endpoints.
     * @param httpEndpoint Base URL of the node's HTTP API; not empty.
     * @param peerId libp2p peer id of the node; not empty, not used by another node.
     * @param multiaddrs libp2p multiaddrs of the node; none empty, at most 16.
     */
    function registerNode(
        address node,
        address operator,
        string calldata httpEndpoint,
        string calldata peerId,
        string[] calldata multiaddrs
    ) external;

    /**
     * @notice Moves `node` to `status`. Restricted to the registry's admins.
     * @dev Allowed: `Active` ⇄ `Paused`, and `Active` or `Paused` → `Retired`. `Retired` is final, `None` is never
     * a target, and a move to the current status reverts.
     */
    function setNodeStatus(address node, NodeStatus status) external;

    /// @notice Hands `node` to `operator`, e.g. when an operator's wallet is replaced. Restricted to the admins.
    function setNodeOperator(address node, address operator) external;

    /**
     * @notice Replaces the endpoints of `node`. Only its operator may call, and not once the node is retired.
     * @dev Same rules as `registerNode` for each value. The old peer id is released when it changes.
     */
    function updateNode(
        address node,
        string calldata httpEndpoint,
        string calldata peerId,
        string[] calldata multiaddrs
    ) external;

    /// @notice The record of `node` (status `None` and empty fields if it is not registered).
    function getNode(address node) external view returns (NodeRecord memory);

    /// @notice Every registered node, retired ones included, in no particular order.
    function nodes() external view returns (address[] memory);

    /// @notice True when `node` is registered and `Active`.
    function isActive(address node) external view returns (bool);

    /// @notice The node whose peer id is `peerId`, or the zero address if none.
    function nodeOfPeerId(string calldata peerId) external view returns (address);

    /// @notice The contract's version.
    function version() external pure returns (string memory);
}
