// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IKeyRegistry} from "./interfaces/IKeyRegistry.sol";

/**
 * @title KeyRegistry
 * @notice Holds each reader's x25519 encryption public key, set by the reader's own wallet (`msg.sender`).
 * @dev No admin, no constructor arguments, no way for one account to write another's key.
 */
contract KeyRegistry is IKeyRegistry {
    /// @dev Zero means "no key": `setEncryptionKey` refuses the zero key, so a stored key is never zero.
    mapping(address account => bytes32 publicKey) private _keys;

    /// @inheritdoc IKeyRegistry
    function setEncryptionKey(bytes32 publicKey) external {
        _setEncryptionKey(msg.sender, publicKey);
    }

    /// @inheritdoc IKeyRegistry
    function clearEncryptionKey() external {
        _clearEncryptionKey(msg.sender);
    }

    /// @inheritdoc IKeyRegistry
    function encryptionKeyOf(address account) external view returns (bytes32) {
        return _keys[account];
    }

    /// @inheritdoc IKeyRegistry
    function version() external pure returns (string memory) {
        return "1";
    }

    /// @dev Registers `publicKey` for `account`; the caller has checked that `account` is the sender.
    function _setEncryptionKey(address account, bytes32 publicKey) internal {
        if (publicKey == bytes32(0)) {
            revert KeyRegistryZeroKey(account);
        }
        _keys[account] = publicKey;
        emit EncryptionKeySet(account, publicKey);
    }

    /// @dev Removes the key of `account`; the caller has checked that `account` is the sender.
    function _clearEncryptionKey(address account) internal {
        if (_keys[account] == bytes32(0)) {
            revert KeyRegistryNoKey(account);
        }
        delete _keys[account];
        emit EncryptionKeyCleared(account);
    }
}
