// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {IAccessGrants} from "../interfaces/IAccessGrants.sol";
import {IKycGatedVault} from "./IKycGatedVault.sol";

/**
 * @title KycGatedVault
 * @notice Example consumer of Idem grants: an ETH vault open only to depositors who granted a KYC credential from
 * a trusted issuer to a named compliance provider. See {IKycGatedVault}.
 * @dev Holds no receive or fallback function, so plain transfers revert and every wei in the vault went through
 * the grant check in {deposit}.
 */
contract KycGatedVault is IKycGatedVault {
    IAccessGrants private immutable _ACCESS_GRANTS;
    address private immutable _TRUSTED_ISSUER;
    bytes32 private immutable _KYC_SCHEMA;
    address private immutable _COMPLIANCE_PROVIDER;

    mapping(address account => uint256 balance) private _balances;

    /**
     * @param grants The AccessGrants contract to ask.
     * @param trustedIssuer_ The only issuer whose KYC credentials are accepted.
     * @param kycSchema_ The accepted credential type, e.g. keccak256 of the KYC credential's type URI.
     * @param complianceProvider_ The compliance provider depositors must grant their credential to.
     */
    constructor(IAccessGrants grants, address trustedIssuer_, bytes32 kycSchema_, address complianceProvider_) {
        if (address(grants) == address(0) || trustedIssuer_ == address(0) || complianceProvider_ == address(0)) {
            revert KycGatedVaultZeroAddress();
        }
        if (kycSchema_ == bytes32(0)) revert KycGatedVaultZeroSchema();
        _ACCESS_GRANTS = grants;
        _TRUSTED_ISSUER = trustedIssuer_;
        _KYC_SCHEMA = kycSchema_;
        _COMPLIANCE_PROVIDER = complianceProvider_;
    }

    /// @inheritdoc IKycGatedVault
    function deposit(bytes32 dataId) external payable {
        if (msg.value == 0) revert KycGatedVaultZeroAmount();
        if (!_isEligible(msg.sender, dataId)) revert KycGatedVaultNotGranted(msg.sender, dataId);
        _balances[msg.sender] += msg.value;
        emit Deposited(msg.sender, dataId, msg.value);
    }

    /// @inheritdoc IKycGatedVault
    function withdraw(uint256 amount) external {
        if (amount == 0) revert KycGatedVaultZeroAmount();
        uint256 balance = _balances[msg.sender];
        if (balance < amount) revert KycGatedVaultInsufficientBalance(msg.sender, balance, amount);
        // Checks-effects-interactions: the balance drops before the ether leaves, so a receiver that re-enters
        // `withdraw` sees what is left, not what it had.
        unchecked {
            // Cannot underflow: `amount <= balance` was checked above.
            _balances[msg.sender] = balance - amount;
        }
        emit Withdrawn(msg.sender, amount);
        // All remaining gas is forwarded so smart accounts can receive; the return data is not copied, so a
        // receiver cannot make the vault pay for a huge one.
        if (!LowLevelCall.callNoReturn(msg.sender, amount, "")) revert KycGatedVaultTransferFailed(msg.sender, amount);
    }

    /// @inheritdoc IKycGatedVault
    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    /// @inheritdoc IKycGatedVault
    function isEligible(address depositor, bytes32 dataId) external view returns (bool) {
        return _isEligible(depositor, dataId);
    }

    /// @inheritdoc IKycGatedVault
    function accessGrants() external view returns (IAccessGrants) {
        return _ACCESS_GRANTS;
    }

    /// @inheritdoc IKycGatedVault
    function trustedIssuer() external view returns (address) {
        return _TRUSTED_ISSUER;
    }

    /// @inheritdoc IKycGatedVault
    function kycSchema() external view returns (bytes32) {
        return _KYC_SCHEMA;
    }

    /// @inheritdoc IKycGatedVault
    function complianceProvider() external view returns (address) {
        return _COMPLIANCE_PROVIDER;
    }

    /// @dev The one grant check: a single view call that AccessGrants answers in O(1).
    function _isEligible(address depositor, bytes32 dataId) private view returns (bool) {
        return
            _ACCESS_GRANTS.isCredentialGranted(depositor, _COMPLIANCE_PROVIDER, dataId, _TRUSTED_ISSUER, _KYC_SCHEMA);
    }
}
