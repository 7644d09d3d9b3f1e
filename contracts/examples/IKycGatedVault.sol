// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessGrants} from "../interfaces/IAccessGrants.sol";

/**
 * @title IKycGatedVault
 * @notice An example of a dApp that verifies Idem grants on-chain: an ETH vault that accepts deposits only from
 * accounts that granted a named compliance provider a live KYC credential from an issuer the vault trusts.
 *
 * The vault asks `IAccessGrants.isCredentialGranted` once per deposit. It never reads the credential itself: the
 * provider reads and checks it off-chain, through the storage nodes, under the same grant. Withdrawals are never
 * gated: a depositor whose grant later ends (revoked, expired, deleted, or the credential withdrawn by its issuer)
 * can still take out what is theirs, but cannot deposit more.
 */
interface IKycGatedVault {
    /// @notice `depositor` deposited `amount` wei, proving KYC with the credential `dataId`.
    // Amounts are read, never filtered on: they stay in the data, where they cost less than a topic.
    // solhint-disable-next-line gas-indexed-events
    event Deposited(address indexed depositor, bytes32 indexed dataId, uint256 amount);

    /// @notice `account` withdrew `amount` wei.
    // solhint-disable-next-line gas-indexed-events
    event Withdrawn(address indexed account, uint256 amount);

    /// @notice A constructor argument that must be an address was the zero address.
    error KycGatedVaultZeroAddress();

    /// @notice The KYC schema given to the constructor was zero, which would accept untyped data.
    error KycGatedVaultZeroSchema();

    /// @notice A deposit or withdrawal of zero wei.
    error KycGatedVaultZeroAmount();

    /// @notice `depositor` has not granted the provider a live KYC credential `dataId` from the trusted issuer.
    error KycGatedVaultNotGranted(address depositor, bytes32 dataId);

    /// @notice `account` asked to withdraw `amount` wei but holds only `balance`.
    error KycGatedVaultInsufficientBalance(address account, uint256 balance, uint256 amount);

    /// @notice Sending `amount` wei to `account` failed (the receiver rejected it or ran out of gas).
    error KycGatedVaultTransferFailed(address account, uint256 amount);

    /**
     * @notice Deposits `msg.value` wei for the caller.
     * @dev Reverts with `KycGatedVaultZeroAmount` for zero wei and with `KycGatedVaultNotGranted` unless
     * `isEligible(msg.sender, dataId)`.
     * @param dataId The caller's KYC credential, anchored by the trusted issuer and granted to the provider.
     */
    function deposit(bytes32 dataId) external payable;

    /**
     * @notice Sends `amount` wei of the caller's balance back to the caller.
     * @dev Reverts with `KycGatedVaultZeroAmount`, `KycGatedVaultInsufficientBalance`, or
     * `KycGatedVaultTransferFailed` when the caller does not accept the ether.
     */
    function withdraw(uint256 amount) external;

    /// @notice The wei `account` has deposited and not withdrawn.
    function balanceOf(address account) external view returns (uint256);

    /**
     * @notice True when `depositor` may deposit with credential `dataId` now: it is a live credential of
     * `kycSchema()` that `trustedIssuer()` anchored to `depositor`, who granted it to `complianceProvider()`.
     */
    function isEligible(address depositor, bytes32 dataId) external view returns (bool);

    /// @notice The AccessGrants contract the vault asks.
    function accessGrants() external view returns (IAccessGrants);

    /// @notice The only issuer whose KYC credentials the vault accepts.
    function trustedIssuer() external view returns (address);

    /// @notice The credential type the vault accepts, e.g. keccak256 of the KYC credential's type URI.
    function kycSchema() external view returns (bytes32);

    /**
     * @notice The compliance provider depositors must grant their credential to.
     * @dev Not named `provider()`: TypeChain's ethers bindings reserve that name and drop such a function.
     */
    function complianceProvider() external view returns (address);
}
