// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IAccessGrants} from "./interfaces/IAccessGrants.sol";

/**
 * @title AccessGrants
 * @notice Idem's on-chain access grants: anchors bind data to owners, owners grant and revoke, consumers request,
 * regulated grantees hold locks, owners request deletion. See {IAccessGrants}.
 * @dev Gas shape: a grant is one fresh storage slot plus one warm read of the anchor; `isGranted` is at most two
 * storage reads; nothing iterates over stored lists (readers build lists from events). Signature nonces live in the
 * record the signed action writes anyway (grant record, or anchor for deletion), so a relayed action costs no extra
 * storage slot.
 */
contract AccessGrants is IAccessGrants, EIP712 {
    /// @notice EIP-712 type hash of {GrantAuthorization}.
    bytes32 public constant GRANT_TYPEHASH = keccak256(
        "Grant(address owner,address grantee,bytes32 dataId,uint48 lockedUntil,uint48 expiresAt,bytes32 purpose,uint64 nonce,uint256 deadline)"
    );

    /// @notice EIP-712 type hash of {RevokeAuthorization}.
    bytes32 public constant REVOKE_TYPEHASH = keccak256(
        "Revoke(address owner,address grantee,bytes32 dataId,uint64 nonce,uint256 deadline)"
    );

    /// @notice EIP-712 type hash of {DeletionAuthorization}.
    bytes32 public constant REQUEST_DELETION_TYPEHASH = keccak256(
        "RequestDeletion(address owner,bytes32 dataId,uint64 nonce,uint256 deadline)"
    );

    /// Contract version; also the EIP-712 domain version, so a signature for one version is void on another.
    string private constant _VERSION = "1";

    /// Three slots: [owner | deletionRequestedAt | maxLockedUntil], [issuer | issuerRevoked | nonce], [schema].
    mapping(bytes32 dataId => Anchor) private _anchors;

    /// One slot: [grantedAt | lockedUntil | expiresAt | nonce].
    mapping(bytes32 grantId => GrantRecord) private _grants;

    /// Four slots: [consumer | lockedUntil | expiresAt], [owner | status], [dataId], [purpose].
    mapping(bytes32 requestId => GrantRequest) private _requests;

    constructor() EIP712("Idem AccessGrants", _VERSION) {}

    // ---------------------------------------------------------------------------------------------------------
    // Anchors
    // ---------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAccessGrants
    function anchorCredential(bytes32 dataId, address owner, bytes32 schema) external {
        _anchor(dataId, owner, msg.sender, schema);
    }

    /// @inheritdoc IAccessGrants
    function anchorData(bytes32 dataId, bytes32 schema) external {
        _anchor(dataId, msg.sender, msg.sender, schema);
    }

    /// @inheritdoc IAccessGrants
    function setCredentialRevoked(bytes32 dataId, bool revoked) external {
        Anchor storage anchor = _anchors[dataId];
        if (anchor.owner == address(0)) revert AccessGrantsUnknownData(dataId);
        address issuer = anchor.issuer;
        if (issuer != msg.sender) revert AccessGrantsNotIssuer(dataId, issuer, msg.sender);
        anchor.issuerRevoked = revoked;
        emit CredentialStatusChanged(dataId, issuer, revoked);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Grants
    // ---------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAccessGrants
    function grant(address grantee, bytes32 dataId, uint48 lockedUntil, uint48 expiresAt, bytes32 purpose) external {
        _grant(msg.sender, grantee, dataId, lockedUntil, expiresAt, purpose);
    }

    /// @inheritdoc IAccessGrants
    function grantBatch(GrantParams[] calldata grants) external {
        uint256 count = grants.length;
        if (count == 0) revert AccessGrantsEmptyBatch();
        for (uint256 i = 0; i < count; ++i) {
            GrantParams calldata params = grants[i];
            _grant(msg.sender, params.grantee, params.dataId, params.lockedUntil, params.expiresAt, params.purpose);
        }
    }

    /// @inheritdoc IAccessGrants
    function grantBySig(GrantAuthorization calldata authorization, bytes calldata signature) external {
        address owner = authorization.owner;
        bytes32 structHash = _hashGrant(
            owner,
            authorization.grantee,
            authorization.dataId,
            authorization.lockedUntil,
            authorization.expiresAt,
            authorization.purpose,
            authorization.nonce,
            authorization.deadline
        );
        _checkSignature(owner, structHash, authorization.deadline, signature);
        _useGrantNonce(_grantId(owner, authorization.grantee, authorization.dataId), authorization.nonce);
        _grant(
            owner,
            authorization.grantee,
            authorization.dataId,
            authorization.lockedUntil,
            authorization.expiresAt,
            authorization.purpose
        );
    }

    /// @inheritdoc IAccessGrants
    function revoke(address grantee, bytes32 dataId) external {
        _revoke(msg.sender, grantee, dataId);
    }

    /// @inheritdoc IAccessGrants
    function revokeBatch(RevokeParams[] calldata revokes) external {
        uint256 count = revokes.length;
        if (count == 0) revert AccessGrantsEmptyBatch();
        for (uint256 i = 0; i < count; ++i) {
            _revoke(msg.sender, revokes[i].grantee, revokes[i].dataId);
        }
    }

    /// @inheritdoc IAccessGrants
    function revokeBySig(RevokeAuthorization calldata authorization, bytes calldata signature) external {
        address owner = authorization.owner;
        bytes32 structHash = keccak256(
            abi.encode(
                REVOKE_TYPEHASH,
                owner,
                authorization.grantee,
                authorization.dataId,
                authorization.nonce,
                authorization.deadline
            )
        );
        _checkSignature(owner, structHash, authorization.deadline, signature);
        _useGrantNonce(_grantId(owner, authorization.grantee, authorization.dataId), authorization.nonce);
        _revoke(owner, authorization.grantee, authorization.dataId);
    }

    /// @inheritdoc IAccessGrants
    function burnGrantNonce(address grantee, bytes32 dataId) external {
        GrantRecord storage record = _grants[_grantId(msg.sender, grantee, dataId)];
        uint64 nonce = record.nonce + 1;
        record.nonce = nonce;
        emit GrantNonceBurned(msg.sender, grantee, dataId, nonce);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Deletion
    // ---------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAccessGrants
    function requestDeletion(bytes32 dataId) external {
        _requestDeletion(msg.sender, dataId);
    }

    /// @inheritdoc IAccessGrants
    function requestDeletionBySig(DeletionAuthorization calldata authorization, bytes calldata signature) external {
        address owner = authorization.owner;
        bytes32 dataId = authorization.dataId;
        bytes32 structHash = keccak256(
            abi.encode(REQUEST_DELETION_TYPEHASH, owner, dataId, authorization.nonce, authorization.deadline)
        );
        _checkSignature(owner, structHash, authorization.deadline, signature);
        Anchor storage anchor = _ownedAnchor(owner, dataId);
        uint64 expected = anchor.nonce;
        if (authorization.nonce != expected) revert AccessGrantsInvalidNonce(expected, authorization.nonce);
        anchor.nonce = expected + 1;
        _requestDeletion(owner, dataId);
    }

    /// @inheritdoc IAccessGrants
    function burnDataNonce(bytes32 dataId) external {
        Anchor storage anchor = _ownedAnchor(msg.sender, dataId);
        uint64 nonce = anchor.nonce + 1;
        anchor.nonce = nonce;
        emit DataNonceBurned(msg.sender, dataId, nonce);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Grant requests
    // ---------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAccessGrants
    function requestGrant(
        address owner,
        bytes32 dataId,
        uint48 lockedUntil,
        uint48 expiresAt,
        bytes32 purpose
    ) external returns (bytes32 requestId) {
        if (owner == address(0)) revert AccessGrantsZeroAddress();
        if (dataId != 0) _ownedAnchor(owner, dataId);
        _checkTerms(lockedUntil, expiresAt);
        requestId = keccak256(abi.encode(msg.sender, owner, dataId, lockedUntil, expiresAt, purpose));
        if (_requests[requestId].status == RequestStatus.Open) revert AccessGrantsRequestExists(requestId);
        _requests[requestId] = GrantRequest({
            consumer: msg.sender,
            lockedUntil: lockedUntil,
            expiresAt: expiresAt,
            owner: owner,
            status: RequestStatus.Open,
            dataId: dataId,
            purpose: purpose
        });
        emit GrantRequested(requestId, owner, msg.sender, dataId, lockedUntil, expiresAt, purpose);
    }

    /// @inheritdoc IAccessGrants
    function approveRequest(bytes32 requestId, bytes32 dataId) external {
        _approveRequest(msg.sender, requestId, dataId);
    }

    /// @inheritdoc IAccessGrants
    function approveRequestBySig(
        bytes32 requestId,
        bytes32 dataId,
        uint64 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external {
        GrantRequest storage request = _openRequest(requestId);
        address owner = request.owner;
        address consumer = request.consumer;
        bytes32 structHash = _hashGrant(
            owner,
            consumer,
            dataId,
            request.lockedUntil,
            request.expiresAt,
            request.purpose,
            nonce,
            deadline
        );
        _checkSignature(owner, structHash, deadline, signature);
        _useGrantNonce(_grantId(owner, consumer, dataId), nonce);
        _approveRequest(owner, requestId, dataId);
    }

    /// @inheritdoc IAccessGrants
    function cancelRequest(bytes32 requestId) external {
        GrantRequest storage request = _openRequest(requestId);
        if (request.consumer != msg.sender) revert AccessGrantsNotRequestParty(requestId, msg.sender);
        request.status = RequestStatus.Cancelled;
        emit GrantRequestCancelled(requestId);
    }

    /// @inheritdoc IAccessGrants
    function declineRequest(bytes32 requestId) external {
        GrantRequest storage request = _openRequest(requestId);
        if (request.owner != msg.sender) revert AccessGrantsNotRequestParty(requestId, msg.sender);
        request.status = RequestStatus.Declined;
        emit GrantRequestDeclined(requestId);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAccessGrants
    function isGranted(address owner, address grantee, bytes32 dataId) external view returns (bool) {
        return _isGranted(_grantId(owner, grantee, dataId), dataId);
    }

    /// @inheritdoc IAccessGrants
    function isCredentialGranted(
        address owner,
        address grantee,
        bytes32 dataId,
        address issuer,
        bytes32 schema
    ) external view returns (bool) {
        Anchor storage anchor = _anchors[dataId];
        // No owner check needed: a grant record under `owner` exists only if `owner` held the anchor when
        // granting, and an anchor's owner never changes.
        return
            anchor.issuer == issuer &&
            anchor.schema == schema &&
            !anchor.issuerRevoked &&
            _isGranted(_grantId(owner, grantee, dataId), dataId);
    }

    /// @inheritdoc IAccessGrants
    function getGrant(address owner, address grantee, bytes32 dataId) external view returns (GrantRecord memory) {
        return _grants[_grantId(owner, grantee, dataId)];
    }

    /// @inheritdoc IAccessGrants
    function getAnchor(bytes32 dataId) external view returns (Anchor memory) {
        return _anchors[dataId];
    }

    /// @inheritdoc IAccessGrants
    function deletionEffectiveAt(bytes32 dataId) external view returns (uint48) {
        Anchor storage anchor = _anchors[dataId];
        uint48 requestedAt = anchor.deletionRequestedAt;
        if (requestedAt == 0) return 0;
        return _max(requestedAt, anchor.maxLockedUntil);
    }

    /// @inheritdoc IAccessGrants
    function getRequest(bytes32 requestId) external view returns (GrantRequest memory) {
        return _requests[requestId];
    }

    /// @inheritdoc IAccessGrants
    function grantId(address owner, address grantee, bytes32 dataId) external pure returns (bytes32) {
        return _grantId(owner, grantee, dataId);
    }

    /// @inheritdoc IAccessGrants
    function version() external pure returns (string memory) {
        return _VERSION;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Internals: one per action; direct and signed paths both end here.
    // ---------------------------------------------------------------------------------------------------------

    /// @dev The time every rule is evaluated at. The single seam tests override.
    function _time() internal view virtual returns (uint48) {
        return Time.timestamp();
    }

    function _anchor(bytes32 dataId, address owner, address issuer, bytes32 schema) private {
        if (dataId == 0) revert AccessGrantsZeroDataId();
        if (owner == address(0)) revert AccessGrantsZeroAddress();
        Anchor storage anchor = _anchors[dataId];
        address current = anchor.owner;
        if (current != address(0)) revert AccessGrantsAlreadyAnchored(dataId, current);
        anchor.owner = owner;
        anchor.issuer = issuer;
        if (schema != 0) anchor.schema = schema;
        emit DataAnchored(dataId, owner, issuer, schema);
    }

    function _grant(
        address owner,
        address grantee,
        bytes32 dataId,
        uint48 lockedUntil,
        uint48 expiresAt,
        bytes32 purpose
    ) private {
        if (grantee == address(0)) revert AccessGrantsZeroAddress();
        Anchor storage anchor = _ownedAnchor(owner, dataId);
        uint48 maxLockedUntil = anchor.maxLockedUntil;
        uint48 deletionRequestedAt = anchor.deletionRequestedAt;
        if (deletionRequestedAt != 0) {
            revert AccessGrantsDeletionPending(dataId, _max(deletionRequestedAt, maxLockedUntil));
        }
        uint48 now_ = _checkTerms(lockedUntil, expiresAt);

        bytes32 id = _grantId(owner, grantee, dataId);
        GrantRecord storage record = _grants[id];
        uint48 grantedAt = record.grantedAt;
        if (grantedAt == 0) {
            grantedAt = now_;
        } else {
            uint48 runningLock = record.lockedUntil;
            if (lockedUntil < runningLock && now_ < runningLock) {
                revert AccessGrantsLockShortened(id, runningLock, lockedUntil);
            }
        }
        record.grantedAt = grantedAt;
        record.lockedUntil = lockedUntil;
        record.expiresAt = expiresAt;
        if (lockedUntil > maxLockedUntil) anchor.maxLockedUntil = lockedUntil;
        emit Granted(owner, grantee, dataId, lockedUntil, expiresAt, purpose);
    }

    function _revoke(address owner, address grantee, bytes32 dataId) private {
        bytes32 id = _grantId(owner, grantee, dataId);
        GrantRecord storage record = _grants[id];
        if (record.grantedAt == 0) revert AccessGrantsNotGranted(id);
        uint48 lockedUntil = record.lockedUntil;
        if (_time() < lockedUntil) revert AccessGrantsLocked(id, lockedUntil);
        uint64 nonce = record.nonce;
        if (nonce == 0) {
            // No signature was ever used on this triple: clear the slot (and take the refund).
            delete _grants[id];
        } else {
            // Keep the nonce so that a used signature can never be replayed after the revoke.
            _grants[id] = GrantRecord({grantedAt: 0, lockedUntil: 0, expiresAt: 0, nonce: nonce});
        }
        emit Revoked(owner, grantee, dataId);
    }

    function _requestDeletion(address owner, bytes32 dataId) private {
        Anchor storage anchor = _ownedAnchor(owner, dataId);
        uint48 maxLockedUntil = anchor.maxLockedUntil;
        uint48 requestedAt = anchor.deletionRequestedAt;
        if (requestedAt != 0) revert AccessGrantsDeletionPending(dataId, _max(requestedAt, maxLockedUntil));
        uint48 now_ = _time();
        anchor.deletionRequestedAt = now_;
        emit DeletionRequested(owner, dataId, _max(now_, maxLockedUntil));
    }

    function _approveRequest(address owner, bytes32 requestId, bytes32 dataId) private {
        GrantRequest storage request = _openRequest(requestId);
        if (request.owner != owner) revert AccessGrantsNotRequestParty(requestId, owner);
        bytes32 requested = request.dataId;
        if (requested != 0 && requested != dataId) revert AccessGrantsRequestDataMismatch(requestId, requested, dataId);
        request.status = RequestStatus.Approved;
        emit GrantRequestApproved(requestId, dataId);
        _grant(owner, request.consumer, dataId, request.lockedUntil, request.expiresAt, request.purpose);
    }

    /// @dev Reverts unless `dataId` is anchored to `owner`; returns its anchor. `owner` is never zero here: callers
    /// pass `msg.sender`, a signer `SignatureChecker` accepted (never the zero address), or a checked request owner.
    function _ownedAnchor(address owner, bytes32 dataId) private view returns (Anchor storage anchor) {
        anchor = _anchors[dataId];
        address dataOwner = anchor.owner;
        if (dataOwner != owner) {
            if (dataOwner == address(0)) revert AccessGrantsUnknownData(dataId);
            revert AccessGrantsNotDataOwner(dataId, dataOwner, owner);
        }
    }

    /// @dev Reverts unless request `requestId` is open; returns it.
    function _openRequest(bytes32 requestId) private view returns (GrantRequest storage request) {
        request = _requests[requestId];
        RequestStatus status = request.status;
        if (status != RequestStatus.Open) revert AccessGrantsRequestNotOpen(requestId, status);
    }

    /// @dev Checks the time terms of a grant and returns the current time.
    function _checkTerms(uint48 lockedUntil, uint48 expiresAt) private view returns (uint48 now_) {
        now_ = _time();
        if (expiresAt != 0) {
            if (expiresAt <= now_) revert AccessGrantsInvalidExpiry(expiresAt, now_);
            if (lockedUntil > expiresAt) revert AccessGrantsExpiryBeforeLock(lockedUntil, expiresAt);
        }
    }

    /// @dev Reverts unless `signer` signed the EIP-712 message `structHash` (ECDSA or ERC-1271) and `deadline`
    /// has not passed.
    function _checkSignature(
        address signer,
        bytes32 structHash,
        uint256 deadline,
        bytes calldata signature
    ) private view {
        if (_time() > deadline) revert AccessGrantsExpiredSignature(deadline);
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, _hashTypedDataV4(structHash), signature)) {
            revert AccessGrantsInvalidSignature(signer);
        }
    }

    /// @dev Consumes `nonce` of grant `id`: it must be the record's current nonce.
    function _useGrantNonce(bytes32 id, uint64 nonce) private {
        GrantRecord storage record = _grants[id];
        uint64 expected = record.nonce;
        if (nonce != expected) revert AccessGrantsInvalidNonce(expected, nonce);
        record.nonce = expected + 1;
    }

    function _isGranted(bytes32 id, bytes32 dataId) private view returns (bool) {
        GrantRecord memory record = _grants[id];
        if (record.grantedAt == 0) return false;
        uint48 now_ = _time();
        if (record.expiresAt != 0 && now_ >= record.expiresAt) return false;
        // A running lock outlives a deletion request; otherwise a deletion request ends the grant at once.
        if (now_ < record.lockedUntil) return true;
        return _anchors[dataId].deletionRequestedAt == 0;
    }

    function _hashGrant(
        address owner,
        address grantee,
        bytes32 dataId,
        uint48 lockedUntil,
        uint48 expiresAt,
        bytes32 purpose,
        uint64 nonce,
        uint256 deadline
    ) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(GRANT_TYPEHASH, owner, grantee, dataId, lockedUntil, expiresAt, purpose, nonce, deadline)
            );
    }

    function _grantId(address owner, address grantee, bytes32 dataId) private pure returns (bytes32) {
        return keccak256(abi.encode(owner, grantee, dataId));
    }

    function _max(uint48 a, uint48 b) private pure returns (uint48) {
        if (a > b) return a;
        return b;
    }
}
