// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessGrants} from "../interfaces/IAccessGrants.sol";

/**
 * @title BatchIssuerMock
 * @notice Test-only issuer contract that anchors many credentials to one owner in a single transaction, so that
 * benchmarks can build large grant sets quickly.
 */
contract BatchIssuerMock {
    /// @notice Anchors credentials with dataIds keccak256(abi.encode(seed, i)), `from <= i < to`, to `owner`.
    function anchorMany(
        IAccessGrants grants,
        address owner,
        bytes32 schema,
        bytes32 seed,
        uint256 from,
        uint256 to
    ) external {
        for (uint256 i = from; i < to; ++i) {
            grants.anchorCredential(keccak256(abi.encode(seed, i)), owner, schema);
        }
    }
}
