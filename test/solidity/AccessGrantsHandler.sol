// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {AccessGrants} from "../../contracts/AccessGrants.sol";

/**
 * @title AccessGrantsHandler
 * @notice Drives AccessGrants with random actors, data and times for the invariant test, and keeps an independent
 * model of which grants must be live. Any actor may try any action on any dataId; the handler records what the
 * contract accepted and flags every accepted action the rules forbid.
 */
contract AccessGrantsHandler is CommonBase, StdUtils {
    /// Model of one grant, as the accepted calls left it.
    struct ModelGrant {
        bool exists;
        uint48 lockedUntil;
        uint48 expiresAt;
    }

    uint256 public constant ACTORS = 3;
    uint256 public constant DATA_PER_ACTOR = 2;
    uint48 private constant _MAX_TERM = 400 days;

    AccessGrants public immutable ACCESS_GRANTS;
    address[ACTORS] private _actors;
    bytes32[] private _dataIds;
    mapping(bytes32 dataId => address owner) public dataOwner;
    mapping(bytes32 dataId => bool requested) public deletionRequested;
    mapping(address owner => mapping(address grantee => mapping(bytes32 dataId => ModelGrant))) private _model;

    /// Set when the contract accepted a grant from an account that does not own the dataId.
    bool public grantByNonOwner;
    /// Set when the contract accepted a revoke before the grant's lock ended.
    bool public revokedWhileLocked;
    /// Set when the contract accepted a re-grant that moved a running lock earlier.
    bool public lockShortened;
    /// Counts accepted calls, so the run shows it exercised the contract.
    uint256 public acceptedCalls;

    constructor(AccessGrants grants_) {
        ACCESS_GRANTS = grants_;
        for (uint256 i = 0; i < ACTORS; ++i) {
            address actor = address(uint160(0xA11CE + i));
            _actors[i] = actor;
            for (uint256 j = 0; j < DATA_PER_ACTOR; ++j) {
                bytes32 dataId = keccak256(abi.encode("idem.invariant", i, j));
                vm.prank(actor);
                grants_.anchorData(dataId, bytes32(0));
                dataOwner[dataId] = actor;
                _dataIds.push(dataId);
            }
        }
    }

    /// @notice Any actor grants any actor any dataId, with random lock and expiry.
    function grant(uint256 ownerSeed, uint256 granteeSeed, uint256 dataSeed, uint48 lockFor, uint48 expireIn) external {
        (address owner, address grantee, bytes32 dataId) = _pick(ownerSeed, granteeSeed, dataSeed);
        uint48 now_ = uint48(block.timestamp);
        uint48 lockedUntil = lockFor % 3 == 0 ? 0 : now_ + uint48(bound(lockFor, 1, _MAX_TERM));
        uint48 expiresAt = expireIn % 3 == 0 ? 0 : now_ + uint48(bound(expireIn, 1, 2 * _MAX_TERM));
        ModelGrant storage model = _model[owner][grantee][dataId];
        vm.prank(owner);
        try ACCESS_GRANTS.grant(grantee, dataId, lockedUntil, expiresAt, bytes32(0)) {
            ++acceptedCalls;
            if (owner != dataOwner[dataId]) grantByNonOwner = true;
            if (model.exists && now_ < model.lockedUntil && lockedUntil < model.lockedUntil) lockShortened = true;
            model.exists = true;
            model.lockedUntil = lockedUntil;
            model.expiresAt = expiresAt;
        } catch {} // solhint-disable-line no-empty-blocks
    }

    /// @notice Any actor revokes any triple.
    function revoke(uint256 ownerSeed, uint256 granteeSeed, uint256 dataSeed) external {
        (address owner, address grantee, bytes32 dataId) = _pick(ownerSeed, granteeSeed, dataSeed);
        ModelGrant storage model = _model[owner][grantee][dataId];
        vm.prank(owner);
        try ACCESS_GRANTS.revoke(grantee, dataId) {
            ++acceptedCalls;
            if (block.timestamp < model.lockedUntil) revokedWhileLocked = true;
            delete _model[owner][grantee][dataId];
        } catch {} // solhint-disable-line no-empty-blocks
    }

    /// @notice Any actor asks for deletion of any dataId.
    function requestDeletion(uint256 ownerSeed, uint256 dataSeed) external {
        address owner = _actors[ownerSeed % ACTORS];
        bytes32 dataId = _dataIds[dataSeed % _dataIds.length];
        vm.prank(owner);
        try ACCESS_GRANTS.requestDeletion(dataId) {
            ++acceptedCalls;
            if (owner != dataOwner[dataId]) grantByNonOwner = true;
            deletionRequested[dataId] = true;
        } catch {} // solhint-disable-line no-empty-blocks
    }

    /// @notice Moves time forward by up to a year and a half.
    function warp(uint48 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 550 days));
    }

    /// @notice What the model says `isGranted(owner, grantee, dataId)` must be now.
    function expectedGranted(address owner, address grantee, bytes32 dataId) public view returns (bool) {
        ModelGrant storage model = _model[owner][grantee][dataId];
        if (!model.exists) return false;
        if (model.expiresAt != 0 && block.timestamp >= model.expiresAt) return false;
        if (deletionRequested[dataId] && block.timestamp >= model.lockedUntil) return false;
        return true;
    }

    /// @notice The actors, in order.
    function actors() external view returns (address[ACTORS] memory) {
        return _actors;
    }

    /// @notice Every anchored dataId.
    function dataIds() external view returns (bytes32[] memory) {
        return _dataIds;
    }

    function _pick(
        uint256 ownerSeed,
        uint256 granteeSeed,
        uint256 dataSeed
    ) private view returns (address owner, address grantee, bytes32 dataId) {
        owner = _actors[ownerSeed % ACTORS];
        grantee = _actors[granteeSeed % ACTORS];
        dataId = _dataIds[dataSeed % _dataIds.length];
    }
}
