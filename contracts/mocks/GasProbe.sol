// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessGrants} from "../interfaces/IAccessGrants.sol";

/**
 * @title GasProbe
 * @notice Test-only: measures the gas of `isGranted` as a dApp contract pays it, cold account access included.
 */
contract GasProbe {
    /**
     * @notice Calls `grants.isGranted` once and returns the gas it took, measured around the external call.
     * @dev Run it through `eth_call`: the target account is then cold, as for a dApp's first touch in a transaction.
     */
    function measureIsGranted(
        IAccessGrants grants,
        address owner,
        address grantee,
        bytes32 dataId
    ) external view returns (uint256 gasUsed, bool granted) {
        uint256 before = gasleft();
        granted = grants.isGranted(owner, grantee, dataId);
        gasUsed = before - gasleft();
    }
}
