// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// forge-std names its entry points test_… and invariant_…
// solhint-disable func-name-mixedcase
import {Test} from "forge-std/Test.sol";
import {AccessGrants} from "../../contracts/AccessGrants.sol";
import {AccessGrantsHandler} from "./AccessGrantsHandler.sol";

/**
 * @title AccessGrantsInvariantTest
 * @notice Random sequences of grants, revokes, deletion requests and time jumps by random actors must never:
 * revoke a locked grant early, shorten a running lock, let a non-owner write a grant or a deletion request, or make
 * `isGranted` disagree with the handler's model.
 */
contract AccessGrantsInvariantTest is Test {
    AccessGrants private _grants;
    AccessGrantsHandler private _handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        _grants = new AccessGrants();
        _handler = new AccessGrantsHandler(_grants);
        targetContract(address(_handler));
    }

    function invariant_noLockedGrantIsRevokedEarly() public view {
        assertFalse(_handler.revokedWhileLocked(), "a revoke succeeded before lockedUntil");
    }

    function invariant_noRunningLockIsShortened() public view {
        assertFalse(_handler.lockShortened(), "a re-grant moved a running lock earlier");
    }

    function invariant_onlyTheOwnerWritesForItsData() public view {
        assertFalse(_handler.grantByNonOwner(), "a non-owner wrote a grant or deletion request");
    }

    function invariant_isGrantedAgreesWithTheModel() public view {
        address[3] memory actors = _handler.actors();
        bytes32[] memory dataIds = _handler.dataIds();
        for (uint256 o = 0; o < actors.length; ++o) {
            for (uint256 g = 0; g < actors.length; ++g) {
                for (uint256 d = 0; d < dataIds.length; ++d) {
                    assertEq(
                        _grants.isGranted(actors[o], actors[g], dataIds[d]),
                        _handler.expectedGranted(actors[o], actors[g], dataIds[d]),
                        "isGranted disagrees with the model"
                    );
                }
            }
        }
    }

    /// @notice The handler's own model starts empty, and a grant the owner makes shows up in it and on-chain.
    function test_handlerModelTracksAnAcceptedGrant() public {
        address[3] memory actors = _handler.actors();
        bytes32 dataId = _handler.dataIds()[0];
        _handler.grant(0, 1, 0, 3, 3);
        assertGt(_handler.acceptedCalls(), 0);
        assertTrue(_grants.isGranted(actors[0], actors[1], dataId));
        assertTrue(_handler.expectedGranted(actors[0], actors[1], dataId));
    }
}
