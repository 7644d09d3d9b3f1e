// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/**
 * @title EtherRejectingAccount
 * @notice Test-only smart account that can call anything but refuses every plain ether transfer, to exercise a
 * failed payout.
 * @dev Has no receive or fallback function on purpose. Anyone may call {execute}: do not hold value with it.
 */
contract EtherRejectingAccount {
    /**
     * @notice Calls `target` with `data` and `value` wei from this account, bubbling up any revert.
     * @return result The call's return data.
     */
    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        return Address.functionCallWithValue(target, data, value);
    }
}
