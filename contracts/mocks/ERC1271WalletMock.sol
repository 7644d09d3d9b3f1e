// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @title ERC1271WalletMock
 * @notice Test-only smart account controlled by one EOA. It accepts a signature when the owner signed the hash
 * (ERC-1271), and lets the owner make it call other contracts, so tests can drive both the direct and the
 * signed paths of a contract with a smart-account owner.
 * @dev Never deploy outside tests: no replay protection on `execute` beyond `msg.sender`, no upgrade, no recovery.
 */
contract ERC1271WalletMock is IERC1271 {
    /// The EOA whose ECDSA signatures this wallet accepts and who alone may call `execute`.
    address private immutable _OWNER;

    /// @notice `account` called `execute` but is not the owner.
    error ERC1271WalletMockUnauthorized(address account);

    /// @param initialOwner The EOA that controls the wallet.
    constructor(address initialOwner) {
        _OWNER = initialOwner;
    }

    /**
     * @notice Calls `target` with `data` as this wallet; bubbles up the callee's revert data unchanged so tests
     * can match the callee's custom errors.
     * @return result The callee's return data.
     */
    function execute(address target, bytes calldata data) external returns (bytes memory result) {
        if (msg.sender != _OWNER) revert ERC1271WalletMockUnauthorized(msg.sender);
        return Address.functionCall(target, data);
    }

    /// @notice The EOA that controls the wallet.
    function owner() external view returns (address) {
        return _OWNER;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue) {
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(hash, signature);
        return err == ECDSA.RecoverError.NoError && recovered == _OWNER ? this.isValidSignature.selector : bytes4(0);
    }
}
