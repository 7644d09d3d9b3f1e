// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {INodeRegistry} from "./interfaces/INodeRegistry.sol";

/**
 * @title NodeRegistry
 * @notice The consortium's storage nodes, administered through an OpenZeppelin `AccessManager`.
 * @dev `registerNode`, `setNodeStatus` and `setNodeOperator` are `restricted`: the authority decides who may call
 * them (the deployment gives them to a NODE_ADMIN role; unconfigured, they fall to the manager's ADMIN_ROLE).
 */
contract NodeRegistry is INodeRegistry, AccessManaged {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @notice Most multiaddrs one node may list. Keeps `getNode` cheap enough for any RPC's `eth_call` gas cap.
    uint256 public constant MAX_MULTIADDRS = 16;

    /// @dev `operator`, `status` and `registeredAt` share one slot (20 + 1 + 6 bytes); the strings follow.
    mapping(address node => NodeRecord record) private _nodes;

    /// @dev Every registered node. Never shrinks: retired nodes stay so their receipts can be checked.
    EnumerableSet.AddressSet private _nodeSet;

    /// @dev keccak256 of a peer id => the node that holds it. A retired node keeps its peer id.
    mapping(bytes32 peerIdHash => address node) private _nodeOfPeerId;

    /**
     * @param initialAuthority The `AccessManager` that decides who may call the restricted functions.
     */
    constructor(address initialAuthority) AccessManaged(initialAuthority) {}

    /// @inheritdoc INodeRegistry
    function registerNode(
        address node,
        address operator,
        string calldata httpEndpoint,
        string calldata peerId,
        string[] calldata multiaddrs
    ) external restricted {
        _registerNode(node, operator, httpEndpoint, peerId, multiaddrs);
    }

    /// @inheritdoc INodeRegistry
    function setNodeStatus(address node, NodeStatus status) external restricted {
        _setNodeStatus(node, status);
    }

    /// @inheritdoc INodeRegistry
    function setNodeOperator(address node, address operator) external restricted {
        _setNodeOperator(node, operator);
    }

    /// @inheritdoc INodeRegistry
    function updateNode(
        address node,
        string calldata httpEndpoint,
        string calldata peerId,
        string[] calldata multiaddrs
    ) external {
        _updateNode(msg.sender, node, httpEndpoint, peerId, multiaddrs);
    }

    /// @inheritdoc INodeRegistry
    function getNode(address node) external view returns (NodeRecord memory) {
        return _nodes[node];
    }

    /// @inheritdoc INodeRegistry
    function nodes() external view returns (address[] memory) {
        return _nodeSet.values();
    }

    /// @inheritdoc INodeRegistry
    function isActive(address node) external view returns (bool) {
        return _nodes[node].status == NodeStatus.Active;
    }

    /// @inheritdoc INodeRegistry
    function nodeOfPeerId(string calldata peerId) external view returns (address) {
        return _nodeOfPeerId[keccak256(bytes(peerId))];
    }

    /// @inheritdoc INodeRegistry
    function version() external pure returns (string memory) {
        return "1";
    }

    /// @dev Adds `node` as `Active`; the caller has passed the authority's check.
    function _registerNode(
        address node,
        address operator,
        string calldata httpEndpoint,
        string calldata peerId,
        string[] calldata multiaddrs
    ) internal {
        if (node == address(0)) {
            revert NodeRegistryInvalidNode(node);
        }
        if (operator == address(0)) {
            revert NodeRegistryInvalidOperator(node, operator);
        }
        // The set and the record are written together, so a node is in the set iff its status is not None.
        if (!_nodeSet.add(node)) {
            revert NodeRegistryNodeExists(node);
        }
        NodeRecord storage record = _nodes[node];
        record.operator = operator;
        record.status = NodeStatus.Active;
        record.registeredAt = _time();
        _writeEndpoints(node, record, httpEndpoint, peerId, multiaddrs);
        emit NodeRegistered(node, operator, httpEndpoint, peerId, multiaddrs);
    }

    /// @dev Moves `node` to `status` if the transition is allowed; the caller has passed the authority's check.
    function _setNodeStatus(address node, NodeStatus status) internal {
        NodeRecord storage record = _nodes[node];
        NodeStatus previousStatus = record.status;
        if (previousStatus == NodeStatus.None) {
            revert NodeRegistryUnknownNode(node);
        }
        // From Active or Paused, any other status but None; from Retired, nothing.
        if (previousStatus == NodeStatus.Retired || status == NodeStatus.None || status == previousStatus) {
            revert NodeRegistryInvalidStatusTransition(node, previousStatus, status);
        }
        record.status = status;
        emit NodeStatusChanged(node, previousStatus, status);
    }

    /// @dev Hands `node` to `operator`; the caller has passed the authority's check.
    function _setNodeOperator(address node, address operator) internal {
        NodeRecord storage record = _liveNode(node);
        if (operator == address(0)) {
            revert NodeRegistryInvalidOperator(node, operator);
        }
        address previousOperator = record.operator;
        record.operator = operator;
        emit NodeOperatorChanged(node, previousOperator, operator);
    }

    /// @dev Replaces the endpoints of `node` on behalf of `account`, which must be its operator.
    function _updateNode(
        address account,
        address node,
        string calldata httpEndpoint,
        string calldata peerId,
        string[] calldata multiaddrs
    ) internal {
        NodeRecord storage record = _liveNode(node);
        address operator = record.operator;
        if (account != operator) {
            revert NodeRegistryNotOperator(node, operator, account);
        }
        _writeEndpoints(node, record, httpEndpoint, peerId, multiaddrs);
        emit NodeUpdated(node, operator, httpEndpoint, peerId, multiaddrs);
    }

    /**
     * @dev Validates and stores the endpoints of `node` in `record`, moving the peer id claim if it changes.
     * `record` is the storage record of `node`, registered and not retired.
     */
    function _writeEndpoints(
        address node,
        NodeRecord storage record,
        string calldata httpEndpoint,
        string calldata peerId,
        string[] calldata multiaddrs
    ) private {
        if (bytes(httpEndpoint).length == 0) {
            revert NodeRegistryEmptyHttpEndpoint(node);
        }
        if (bytes(peerId).length == 0) {
            revert NodeRegistryEmptyPeerId(node);
        }
        uint256 count = multiaddrs.length;
        if (count > MAX_MULTIADDRS) {
            revert NodeRegistryTooManyMultiaddrs(node, count, MAX_MULTIADDRS);
        }

        bytes32 peerIdHash = keccak256(bytes(peerId));
        address holder = _nodeOfPeerId[peerIdHash];
        if (holder != node) {
            if (holder != address(0)) {
                revert NodeRegistryPeerIdTaken(node, peerId, holder);
            }
            // A new registration has no peer id yet: deleting the entry for the empty string is a no-op then,
            // since the empty peer id is refused above and so never held.
            delete _nodeOfPeerId[keccak256(bytes(record.peerId))];
            _nodeOfPeerId[peerIdHash] = node;
        }

        record.httpEndpoint = httpEndpoint;
        record.peerId = peerId;
        // The legacy code generator cannot copy `string[] calldata` to storage in one assignment: copy one by one.
        // An empty entry reverts the whole call, so no partial list is ever left behind.
        delete record.multiaddrs;
        for (uint256 i = 0; i < count; ++i) {
            if (bytes(multiaddrs[i]).length == 0) {
                revert NodeRegistryEmptyMultiaddr(node, i);
            }
            record.multiaddrs.push(multiaddrs[i]);
        }
    }

    /// @dev The record of `node`, which must be registered and not retired.
    function _liveNode(address node) private view returns (NodeRecord storage record) {
        record = _nodes[node];
        if (record.status == NodeStatus.None) {
            revert NodeRegistryUnknownNode(node);
        }
        if (record.status == NodeStatus.Retired) {
            revert NodeRegistryNodeRetired(node);
        }
    }

    /// @dev The one place the contract reads the clock.
    function _time() internal view virtual returns (uint48) {
        return Time.timestamp();
    }
}
