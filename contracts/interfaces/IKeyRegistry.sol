// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title IKeyRegistry
 * @notice Each reader's x25519 encryption public key, set by the reader's own wallet.
 * @dev The SDK wraps a data key only for the key registered here to the grantee's address, so a front-end cannot
 * substitute a key of its own. An account sets its key by calling from itself: an EOA signs the transaction, a
 * smart-contract wallet makes the call from its own address. Rotation is a second `setEncryptionKey`; the history of
 * an account's keys is in the events.
 */
interface IKeyRegistry {
    /// @notice `account` registered `publicKey` as its x25519 encryption public key, replacing any earlier one.
    event EncryptionKeySet(address indexed account, bytes32 publicKey);

    /// @notice `account` removed its encryption public key; nothing can be wrapped for it until it sets a new one.
    event EncryptionKeyCleared(address indexed account);

    /// @notice `account` tried to register the all-zero key, which marks "no key".
    error KeyRegistryZeroKey(address account);

    /// @notice `account` tried to clear its key but has none.
    error KeyRegistryNoKey(address account);

    /**
     * @notice Registers `publicKey` as the caller's x25519 encryption public key, replacing any earlier one.
     * @dev Setting the key already registered is allowed and emits `EncryptionKeySet` again.
     * @param publicKey The 32-byte x25519 public key, as `nacl.box` uses it. Must not be zero.
     */
    function setEncryptionKey(bytes32 publicKey) external;

    /// @notice Removes the caller's encryption public key. Reverts if the caller has none.
    function clearEncryptionKey() external;

    /**
     * @notice The x25519 encryption public key `account` registered.
     * @return publicKey The key, or zero if `account` has none.
     */
    function encryptionKeyOf(address account) external view returns (bytes32 publicKey);

    /// @notice The contract's version.
    function version() external pure returns (string memory);
}
