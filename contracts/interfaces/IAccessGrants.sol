// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title IAccessGrants
 * @notice The source of truth for who may read which piece of Idem data.
 *
 * A piece of data is named by a random `dataId` chosen by its owner. Before it can be granted, the dataId is
 * bound to exactly one owner by an anchor: an issuer anchors the credentials it issues (owner, issuer, schema,
 * issuer-revoked flag), an owner anchors self-added data. A grant is the triple (owner, grantee, dataId) with an
 * optional lock (`lockedUntil`: the owner cannot revoke before it) and an optional expiry (`expiresAt`).
 *
 * Every timestamp is a uint48 of seconds (OpenZeppelin `Time`), `0` meaning "none".
 *
 * Delegated (gasless) paths take EIP-712 signatures from the owner, checked with `SignatureChecker` so ERC-1271
 * smart accounts can sign. Grant and revoke signatures carry the nonce of the grant they act on; deletion
 * signatures carry the nonce of the dataId. Signatures for different grants never block each other, and a used
 * signature can never be replayed, even after a revoke.
 */
interface IAccessGrants {
    /// @notice Everything the contract knows about a dataId. Zero owner means "not anchored".
    struct Anchor {
        address owner;
        /// Time the owner asked for deletion, 0 if never.
        uint48 deletionRequestedAt;
        /// Latest `lockedUntil` ever given to any grant on this dataId.
        uint48 maxLockedUntil;
        /// The issuer that anchored it; the owner itself for self-added data.
        address issuer;
        /// Set by the issuer when it withdraws the credential.
        bool issuerRevoked;
        /// Nonce the next `requestDeletionBySig` must carry.
        uint64 nonce;
        /// Credential type chosen by the issuer (e.g. keccak256 of the type URI); 0 if none.
        bytes32 schema;
    }

    /// @notice One grant. `grantedAt == 0` means "no live grant"; `nonce` survives revokes.
    struct GrantRecord {
        uint48 grantedAt;
        uint48 lockedUntil;
        uint48 expiresAt;
        /// Nonce the next `grantBySig` / `revokeBySig` on this triple must carry.
        uint64 nonce;
    }

    /// @notice One entry of `grantBatch`.
    struct GrantParams {
        address grantee;
        bytes32 dataId;
        uint48 lockedUntil;
        uint48 expiresAt;
        bytes32 purpose;
    }

    /// @notice One entry of `revokeBatch`.
    struct RevokeParams {
        address grantee;
        bytes32 dataId;
    }

    /// @notice EIP-712 `Grant` message signed by the owner.
    struct GrantAuthorization {
        address owner;
        address grantee;
        bytes32 dataId;
        uint48 lockedUntil;
        uint48 expiresAt;
        bytes32 purpose;
        uint64 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 `Revoke` message signed by the owner.
    struct RevokeAuthorization {
        address owner;
        address grantee;
        bytes32 dataId;
        uint64 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 `RequestDeletion` message signed by the owner.
    struct DeletionAuthorization {
        address owner;
        bytes32 dataId;
        uint64 nonce;
        uint256 deadline;
    }

    /// @notice Life cycle of a consumer's grant request.
    enum RequestStatus {
        None,
        Open,
        Approved,
        Cancelled,
        Declined
    }

    /// @notice A consumer's on-chain request for a grant. `dataId == 0` means "any of the owner's data".
    struct GrantRequest {
        address consumer;
        uint48 lockedUntil;
        uint48 expiresAt;
        address owner;
        RequestStatus status;
        bytes32 dataId;
        bytes32 purpose;
    }

    /// @notice `dataId` was bound to `owner` by `issuer` (the owner itself for self-added data).
    event DataAnchored(bytes32 indexed dataId, address indexed owner, address indexed issuer, bytes32 schema);

    /// @notice The issuer of `dataId` set its revoked flag to `revoked`.
    event CredentialStatusChanged(bytes32 indexed dataId, address indexed issuer, bool revoked);

    /// @notice `owner` granted (or re-granted) `grantee` access to `dataId`.
    /// @param purpose Hash of a human-readable purpose; recorded only here.
    event Granted(
        address indexed owner,
        address indexed grantee,
        bytes32 indexed dataId,
        uint48 lockedUntil,
        uint48 expiresAt,
        bytes32 purpose
    );

    /// @notice `owner` revoked the grant of `dataId` to `grantee`.
    event Revoked(address indexed owner, address indexed grantee, bytes32 indexed dataId);

    /// @notice `owner` asked for `dataId` to be deleted; nodes purge it at `effectiveAt`.
    event DeletionRequested(address indexed owner, bytes32 indexed dataId, uint48 effectiveAt);

    /// @notice `owner` burned the grant nonce of (owner, grantee, dataId); `nonce` is the new one.
    event GrantNonceBurned(address indexed owner, address indexed grantee, bytes32 indexed dataId, uint64 nonce);

    /// @notice `owner` burned the deletion nonce of `dataId`; `nonce` is the new one.
    event DataNonceBurned(address indexed owner, bytes32 indexed dataId, uint64 nonce);

    /// @notice `consumer` asked `owner` for a grant.
    event GrantRequested(
        bytes32 indexed requestId,
        address indexed owner,
        address indexed consumer,
        bytes32 dataId,
        uint48 lockedUntil,
        uint48 expiresAt,
        bytes32 purpose
    );

    /// @notice The owner approved request `requestId`, granting `dataId`.
    event GrantRequestApproved(bytes32 indexed requestId, bytes32 indexed dataId);

    /// @notice The consumer withdrew request `requestId`.
    event GrantRequestCancelled(bytes32 indexed requestId);

    /// @notice The owner declined request `requestId`.
    event GrantRequestDeclined(bytes32 indexed requestId);

    /// @notice A dataId of zero is never valid.
    error AccessGrantsZeroDataId();

    /// @notice An owner, issuer or grantee may not be the zero address.
    error AccessGrantsZeroAddress();

    /// @notice `dataId` is already bound to `owner`.
    error AccessGrantsAlreadyAnchored(bytes32 dataId, address owner);

    /// @notice `dataId` has no anchor.
    error AccessGrantsUnknownData(bytes32 dataId);

    /// @notice `account` is not the owner of `dataId`, which belongs to `owner`.
    error AccessGrantsNotDataOwner(bytes32 dataId, address owner, address account);

    /// @notice `account` tried to change the status of `dataId`, which `issuer` anchored.
    error AccessGrantsNotIssuer(bytes32 dataId, address issuer, address account);

    /// @notice Deletion of `dataId` was requested; it takes effect at `effectiveAt`. No new grant, no second request.
    error AccessGrantsDeletionPending(bytes32 dataId, uint48 effectiveAt);

    /// @notice `expiresAt` is not after the current time `now`.
    error AccessGrantsInvalidExpiry(uint48 expiresAt, uint48 now);

    /// @notice A grant would expire (`expiresAt`) before its lock ends (`lockedUntil`).
    error AccessGrantsExpiryBeforeLock(uint48 lockedUntil, uint48 expiresAt);

    /// @notice A re-grant asked for `requested`, earlier than the running lock `lockedUntil`.
    error AccessGrantsLockShortened(bytes32 grantId, uint48 lockedUntil, uint48 requested);

    /// @notice No live grant `grantId` to revoke.
    error AccessGrantsNotGranted(bytes32 grantId);

    /// @notice Grant `grantId` cannot be revoked before `lockedUntil`.
    error AccessGrantsLocked(bytes32 grantId, uint48 lockedUntil);

    /// @notice The signature's `deadline` has passed.
    error AccessGrantsExpiredSignature(uint256 deadline);

    /// @notice The signature carries nonce `given`; the contract expects `expected`.
    error AccessGrantsInvalidNonce(uint64 expected, uint64 given);

    /// @notice The signature is not a valid EIP-712 signature (ECDSA or ERC-1271) of `signer`.
    error AccessGrantsInvalidSignature(address signer);

    /// @notice A batch must hold at least one entry.
    error AccessGrantsEmptyBatch();

    /// @notice Request `requestId` is open already.
    error AccessGrantsRequestExists(bytes32 requestId);

    /// @notice Request `requestId` is `status`, not open.
    error AccessGrantsRequestNotOpen(bytes32 requestId, RequestStatus status);

    /// @notice `account` is neither the owner nor the consumer that request `requestId` needs.
    error AccessGrantsNotRequestParty(bytes32 requestId, address account);

    /// @notice Request `requestId` named `requested`; the approval gave `given`.
    error AccessGrantsRequestDataMismatch(bytes32 requestId, bytes32 requested, bytes32 given);

    // ---------------------------------------------------------------------------------------------------------
    // Anchors
    // ---------------------------------------------------------------------------------------------------------

    /**
     * @notice Binds `dataId` to `owner` as a credential issued by the caller.
     * @param dataId Random identifier of the credential, chosen off-chain; never derived from content.
     * @param owner The credential's subject, who alone may grant it.
     * @param schema Credential type, e.g. keccak256 of its type URI.
     */
    function anchorCredential(bytes32 dataId, address owner, bytes32 schema) external;

    /**
     * @notice Binds `dataId` to the caller as self-added data (the caller is owner and issuer).
     * @param schema Data type, or 0.
     */
    function anchorData(bytes32 dataId, bytes32 schema) external;

    /// @notice Sets the issuer-revoked flag of `dataId`. Only its issuer may call.
    function setCredentialRevoked(bytes32 dataId, bool revoked) external;

    // ---------------------------------------------------------------------------------------------------------
    // Grants
    // ---------------------------------------------------------------------------------------------------------

    /**
     * @notice Grants `grantee` access to the caller's `dataId`, or updates that grant.
     * @dev A re-grant keeps `grantedAt`, may extend the lock and change the expiry, but never ends a running lock
     * early: while `block.timestamp < lockedUntil` the new lock must be at least the old one, and a non-zero
     * expiry must not come before the lock.
     * @param lockedUntil The caller cannot revoke before this time (0 = no lock).
     * @param expiresAt The grant ends at this time (0 = never).
     * @param purpose Hash of a human-readable purpose, emitted only.
     */
    function grant(address grantee, bytes32 dataId, uint48 lockedUntil, uint48 expiresAt, bytes32 purpose) external;

    /// @notice `grant` for each entry, all or nothing.
    function grantBatch(GrantParams[] calldata grants) external;

    /// @notice `grant` on behalf of `authorization.owner`, who signed `authorization` (EIP-712 `Grant`).
    function grantBySig(GrantAuthorization calldata authorization, bytes calldata signature) external;

    /// @notice Ends the caller's grant of `dataId` to `grantee`. Reverts with the lock time while locked.
    function revoke(address grantee, bytes32 dataId) external;

    /// @notice `revoke` for each entry, all or nothing.
    function revokeBatch(RevokeParams[] calldata revokes) external;

    /// @notice `revoke` on behalf of `authorization.owner`, who signed `authorization` (EIP-712 `Revoke`).
    function revokeBySig(RevokeAuthorization calldata authorization, bytes calldata signature) external;

    /// @notice Voids every unused signature for (caller, grantee, dataId) by advancing its nonce.
    function burnGrantNonce(address grantee, bytes32 dataId) external;

    // ---------------------------------------------------------------------------------------------------------
    // Deletion
    // ---------------------------------------------------------------------------------------------------------

    /**
     * @notice Records that the caller wants `dataId` deleted. From now on no grant can be made on it and
     * unlocked grants end at once; locked grants last until their lock. Nodes purge at `deletionEffectiveAt`.
     */
    function requestDeletion(bytes32 dataId) external;

    /// @notice `requestDeletion` on behalf of `authorization.owner` (EIP-712 `RequestDeletion`).
    function requestDeletionBySig(DeletionAuthorization calldata authorization, bytes calldata signature) external;

    /// @notice Voids every unused deletion signature for the caller's `dataId` by advancing its nonce.
    function burnDataNonce(bytes32 dataId) external;

    // ---------------------------------------------------------------------------------------------------------
    // Grant requests
    // ---------------------------------------------------------------------------------------------------------

    /**
     * @notice Records the caller's request for a grant from `owner`, for the wallet to show and approve.
     * @dev Checked now, so that a request that could never be approved is refused at once: `owner` is not zero, a
     * named `dataId` is anchored to `owner`, and the time terms are those `grant` accepts.
     * @param dataId The data wanted, or 0 for "any data the owner chooses".
     * @return requestId keccak256(abi.encode(consumer, owner, dataId, lockedUntil, expiresAt, purpose)).
     */
    function requestGrant(
        address owner,
        bytes32 dataId,
        uint48 lockedUntil,
        uint48 expiresAt,
        bytes32 purpose
    ) external returns (bytes32 requestId);

    /// @notice The owner grants what request `requestId` asked for, on `dataId`.
    function approveRequest(bytes32 requestId, bytes32 dataId) external;

    /**
     * @notice Approves request `requestId` with the owner's EIP-712 `Grant` signature over the request's terms
     * (grantee = consumer) and `dataId`; anyone may relay it, typically the consumer.
     */
    function approveRequestBySig(
        bytes32 requestId,
        bytes32 dataId,
        uint64 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /// @notice The consumer withdraws its open request.
    function cancelRequest(bytes32 requestId) external;

    /// @notice The owner turns down an open request.
    function declineRequest(bytes32 requestId) external;

    // ---------------------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------------------

    /**
     * @notice True while `owner`'s grant of `dataId` to `grantee` exists, has not expired, and has not been
     * ended by a deletion request (a locked grant survives deletion until its lock ends). O(1), two storage reads.
     */
    function isGranted(address owner, address grantee, bytes32 dataId) external view returns (bool);

    /**
     * @notice True when `isGranted(owner, grantee, dataId)` and `dataId` is a credential of `schema` that
     * `issuer` anchored to `owner` and has not revoked.
     */
    function isCredentialGranted(
        address owner,
        address grantee,
        bytes32 dataId,
        address issuer,
        bytes32 schema
    ) external view returns (bool);

    /// @notice The grant record of (owner, grantee, dataId).
    function getGrant(address owner, address grantee, bytes32 dataId) external view returns (GrantRecord memory);

    /// @notice The anchor of `dataId` (zero owner if none).
    function getAnchor(bytes32 dataId) external view returns (Anchor memory);

    /// @notice When nodes must purge `dataId`: max(request time, latest lock on it); 0 if no deletion was asked.
    function deletionEffectiveAt(bytes32 dataId) external view returns (uint48);

    /// @notice The request `requestId` (status `None` if unknown).
    function getRequest(bytes32 requestId) external view returns (GrantRequest memory);

    /// @notice keccak256(abi.encode(owner, grantee, dataId)): the key of a grant.
    function grantId(address owner, address grantee, bytes32 dataId) external pure returns (bytes32);

    /// @notice The contract's version, equal to its EIP-712 domain version.
    function version() external pure returns (string memory);
}
