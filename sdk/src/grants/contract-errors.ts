/**
 * SDK errors for `AccessGrants` reverts, and {@link decodeContractError}, which maps a revert to one of them.
 *
 * Each class carries the revert's arguments as typed fields (bigint for every uint), plus `errorName` and `args`
 * as decoded, the raw revert `data`, and the original error as `cause`.
 *
 * @module
 */
import type { ErrorDescription, Interface } from "ethers";
import { IdemError } from "../errors.ts";

/** Life cycle of a grant request, as `AccessGrants.RequestStatus` numbers it. */
export const REQUEST_STATUSES = ["None", "Open", "Approved", "Cancelled", "Declined"] as const;

/** A grant request's status by name. */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** What {@link ContractCallError} takes. */
export type ContractCallErrorParameters = {
  /** The custom error's name (`AccessGrantsLocked`), if the revert could be decoded. */
  errorName?: string | undefined;
  /** The custom error's arguments, as decoded. */
  args?: readonly unknown[];
  /** The raw revert data, if any. */
  data?: string | undefined;
  /** More detail for a developer. */
  details?: string | undefined;
  /** The original error (from ethers or the provider). */
  cause?: unknown;
};

/**
 * A contract call reverted. The base of every mapped revert, and itself the fallback for a revert with no SDK class
 * (e.g. `AccessGrantsZeroAddress`), for undecodable revert data, and for a revert without data.
 *
 * @example
 * ```ts
 * try {
 *   await grant({ accessGrants, grantee, dataId });
 * } catch (error) {
 *   if (error instanceof ContractCallError) console.error(error.errorName, error.args);
 * }
 * ```
 */
export class ContractCallError extends IdemError {
  override name = "ContractCallError";
  /** The decoded custom error's name, or undefined when the revert could not be decoded. */
  readonly errorName: string | undefined;
  /** The decoded custom error's arguments (empty when not decoded). */
  readonly args: readonly unknown[];
  /** The raw revert data, if there was any. */
  readonly data: string | undefined;

  constructor(shortMessage: string, { errorName, args = [], data, details, cause }: ContractCallErrorParameters = {}) {
    super(shortMessage, {
      details: details ?? (errorName === undefined ? undefined : `${errorName}(${args.map(String).join(", ")})`),
      cause,
    });
    this.errorName = errorName;
    this.args = args;
    this.data = data;
  }
}

/** Common options of the mapped error classes. */
type Raw = { data?: string | undefined; cause?: unknown };

/**
 * `AccessGrantsUnknownData`: the dataId has no anchor.
 *
 * @example
 * ```ts
 * if (error instanceof UnknownDataError) console.error(`anchor ${error.dataId} first`);
 * ```
 */
export class UnknownDataError extends ContractCallError {
  override name = "UnknownDataError";
  readonly dataId: string;

  constructor({ dataId, data, cause }: { dataId: string } & Raw) {
    super("The data is not anchored.", { errorName: "AccessGrantsUnknownData", args: [dataId], data, cause });
    this.dataId = dataId;
  }
}

/**
 * `AccessGrantsAlreadyAnchored`: the dataId is already bound to `owner`.
 *
 * @example
 * ```ts
 * if (error instanceof AlreadyAnchoredError) console.error(`${error.dataId} belongs to ${error.owner}`);
 * ```
 */
export class AlreadyAnchoredError extends ContractCallError {
  override name = "AlreadyAnchoredError";
  readonly dataId: string;
  readonly owner: string;

  constructor({ dataId, owner, data, cause }: { dataId: string; owner: string } & Raw) {
    super("The data is already anchored.", {
      errorName: "AccessGrantsAlreadyAnchored",
      args: [dataId, owner],
      data,
      cause,
    });
    this.dataId = dataId;
    this.owner = owner;
  }
}

/**
 * `AccessGrantsNotDataOwner`: `account` acted on `dataId`, which belongs to `owner`.
 *
 * @example
 * ```ts
 * if (error instanceof NotDataOwnerError) console.error(`only ${error.owner} may grant this data`);
 * ```
 */
export class NotDataOwnerError extends ContractCallError {
  override name = "NotDataOwnerError";
  readonly dataId: string;
  readonly owner: string;
  readonly account: string;

  constructor({ dataId, owner, account, data, cause }: { dataId: string; owner: string; account: string } & Raw) {
    super("Only the data owner may do this.", {
      errorName: "AccessGrantsNotDataOwner",
      args: [dataId, owner, account],
      data,
      cause,
    });
    this.dataId = dataId;
    this.owner = owner;
    this.account = account;
  }
}

/**
 * `AccessGrantsNotIssuer`: `account` tried to change the status of a credential `issuer` anchored.
 *
 * @example
 * ```ts
 * if (error instanceof NotIssuerError) console.error(`only ${error.issuer} may revoke this credential`);
 * ```
 */
export class NotIssuerError extends ContractCallError {
  override name = "NotIssuerError";
  readonly dataId: string;
  readonly issuer: string;
  readonly account: string;

  constructor({ dataId, issuer, account, data, cause }: { dataId: string; issuer: string; account: string } & Raw) {
    super("Only the issuer may change this credential's status.", {
      errorName: "AccessGrantsNotIssuer",
      args: [dataId, issuer, account],
      data,
      cause,
    });
    this.dataId = dataId;
    this.issuer = issuer;
    this.account = account;
  }
}

/**
 * `AccessGrantsDeletionPending`: deletion of `dataId` was requested and takes effect at `effectiveAt`.
 *
 * @example
 * ```ts
 * if (error instanceof DeletionPendingError) console.error(`data is deleted at ${error.effectiveAt}`);
 * ```
 */
export class DeletionPendingError extends ContractCallError {
  override name = "DeletionPendingError";
  readonly dataId: string;
  readonly effectiveAt: bigint;

  constructor({ dataId, effectiveAt, data, cause }: { dataId: string; effectiveAt: bigint } & Raw) {
    super("Deletion of the data is pending.", {
      errorName: "AccessGrantsDeletionPending",
      args: [dataId, effectiveAt],
      data,
      cause,
    });
    this.dataId = dataId;
    this.effectiveAt = effectiveAt;
  }
}

/**
 * `AccessGrantsInvalidExpiry`: `expiresAt` is not after the chain's current time `now`.
 *
 * @example
 * ```ts
 * if (error instanceof InvalidExpiryError) console.error(`expiry must be after ${error.now}`);
 * ```
 */
export class InvalidExpiryError extends ContractCallError {
  override name = "InvalidExpiryError";
  readonly expiresAt: bigint;
  readonly now: bigint;

  constructor({ expiresAt, now, data, cause }: { expiresAt: bigint; now: bigint } & Raw) {
    super("The expiry is not in the future.", {
      errorName: "AccessGrantsInvalidExpiry",
      args: [expiresAt, now],
      data,
      cause,
    });
    this.expiresAt = expiresAt;
    this.now = now;
  }
}

/**
 * `AccessGrantsExpiryBeforeLock`: the grant would expire before its lock ends.
 *
 * @example
 * ```ts
 * if (error instanceof ExpiryBeforeLockError) console.error(`expire at or after ${error.lockedUntil}`);
 * ```
 */
export class ExpiryBeforeLockError extends ContractCallError {
  override name = "ExpiryBeforeLockError";
  readonly lockedUntil: bigint;
  readonly expiresAt: bigint;

  constructor({ lockedUntil, expiresAt, data, cause }: { lockedUntil: bigint; expiresAt: bigint } & Raw) {
    super("The grant would expire before its lock ends.", {
      errorName: "AccessGrantsExpiryBeforeLock",
      args: [lockedUntil, expiresAt],
      data,
      cause,
    });
    this.lockedUntil = lockedUntil;
    this.expiresAt = expiresAt;
  }
}

/**
 * `AccessGrantsLockShortened`: a re-grant asked for a lock (`requested`) earlier than the running one.
 *
 * @example
 * ```ts
 * if (error instanceof LockShortenedError) console.error(`lock runs until ${error.lockedUntil}`);
 * ```
 */
export class LockShortenedError extends ContractCallError {
  override name = "LockShortenedError";
  readonly grantId: string;
  readonly lockedUntil: bigint;
  readonly requested: bigint;

  constructor({
    grantId,
    lockedUntil,
    requested,
    data,
    cause,
  }: { grantId: string; lockedUntil: bigint; requested: bigint } & Raw) {
    super("A running lock cannot be shortened.", {
      errorName: "AccessGrantsLockShortened",
      args: [grantId, lockedUntil, requested],
      data,
      cause,
    });
    this.grantId = grantId;
    this.lockedUntil = lockedUntil;
    this.requested = requested;
  }
}

/**
 * `AccessGrantsNotGranted`: there is no live grant `grantId` (nothing to revoke).
 *
 * @example
 * ```ts
 * if (error instanceof GrantNotFoundError) console.error(`no grant ${error.grantId}`);
 * ```
 */
export class GrantNotFoundError extends ContractCallError {
  override name = "GrantNotFoundError";
  readonly grantId: string;

  constructor({ grantId, data, cause }: { grantId: string } & Raw) {
    super("No such grant.", { errorName: "AccessGrantsNotGranted", args: [grantId], data, cause });
    this.grantId = grantId;
  }
}

/**
 * `AccessGrantsLocked`: grant `grantId` cannot be revoked before `lockedUntil`.
 *
 * @example
 * ```ts
 * if (error instanceof GrantLockedError) console.error(`revocable from ${new Date(Number(error.lockedUntil) * 1000)}`);
 * ```
 */
export class GrantLockedError extends ContractCallError {
  override name = "GrantLockedError";
  readonly grantId: string;
  readonly lockedUntil: bigint;

  constructor({ grantId, lockedUntil, data, cause }: { grantId: string; lockedUntil: bigint } & Raw) {
    super(`The grant is locked until ${new Date(Number(lockedUntil) * 1000).toISOString()}.`, {
      errorName: "AccessGrantsLocked",
      args: [grantId, lockedUntil],
      data,
      cause,
    });
    this.grantId = grantId;
    this.lockedUntil = lockedUntil;
  }
}

/**
 * `AccessGrantsExpiredSignature`: the signature's `deadline` has passed.
 *
 * @example
 * ```ts
 * if (error instanceof SignatureExpiredError) console.error("ask the owner to sign again");
 * ```
 */
export class SignatureExpiredError extends ContractCallError {
  override name = "SignatureExpiredError";
  readonly deadline: bigint;

  constructor({ deadline, data, cause }: { deadline: bigint } & Raw) {
    super("The signature has expired.", { errorName: "AccessGrantsExpiredSignature", args: [deadline], data, cause });
    this.deadline = deadline;
  }
}

/**
 * `AccessGrantsInvalidNonce`: the signature carries nonce `given`, the contract expects `expected` (it was used,
 * burned, or is for a later action).
 *
 * @example
 * ```ts
 * if (error instanceof InvalidNonceError) console.error(`signature already used; next nonce is ${error.expected}`);
 * ```
 */
export class InvalidNonceError extends ContractCallError {
  override name = "InvalidNonceError";
  readonly expected: bigint;
  readonly given: bigint;

  constructor({ expected, given, data, cause }: { expected: bigint; given: bigint } & Raw) {
    super("The signature's nonce is not the current one.", {
      errorName: "AccessGrantsInvalidNonce",
      args: [expected, given],
      data,
      cause,
    });
    this.expected = expected;
    this.given = given;
  }
}

/**
 * `AccessGrantsInvalidSignature`: not a valid EIP-712 signature (ECDSA or ERC-1271) of `signer`.
 *
 * @example
 * ```ts
 * if (error instanceof InvalidSignatureError) console.error(`not signed by ${error.signer}`);
 * ```
 */
export class InvalidSignatureError extends ContractCallError {
  override name = "InvalidSignatureError";
  readonly signer: string;

  constructor({ signer, data, cause }: { signer: string } & Raw) {
    super("The signature is invalid.", { errorName: "AccessGrantsInvalidSignature", args: [signer], data, cause });
    this.signer = signer;
  }
}

/**
 * `AccessGrantsRequestExists`: the same request is open already.
 *
 * @example
 * ```ts
 * if (error instanceof RequestExistsError) console.error(`request ${error.requestId} is pending`);
 * ```
 */
export class RequestExistsError extends ContractCallError {
  override name = "RequestExistsError";
  readonly requestId: string;

  constructor({ requestId, data, cause }: { requestId: string } & Raw) {
    super("The request is open already.", { errorName: "AccessGrantsRequestExists", args: [requestId], data, cause });
    this.requestId = requestId;
  }
}

/**
 * `AccessGrantsRequestNotOpen`: the request is `status`, not open.
 *
 * @example
 * ```ts
 * if (error instanceof RequestNotOpenError) console.error(`request is ${error.status}`);
 * ```
 */
export class RequestNotOpenError extends ContractCallError {
  override name = "RequestNotOpenError";
  readonly requestId: string;
  readonly status: RequestStatus;

  constructor({ requestId, status, data, cause }: { requestId: string; status: RequestStatus } & Raw) {
    super("The request is not open.", {
      errorName: "AccessGrantsRequestNotOpen",
      args: [requestId, status],
      data,
      cause,
    });
    this.requestId = requestId;
    this.status = status;
  }
}

/**
 * `AccessGrantsNotRequestParty`: `account` is not the owner (or consumer) the request needs.
 *
 * @example
 * ```ts
 * if (error instanceof NotRequestPartyError) console.error(`${error.account} cannot act on this request`);
 * ```
 */
export class NotRequestPartyError extends ContractCallError {
  override name = "NotRequestPartyError";
  readonly requestId: string;
  readonly account: string;

  constructor({ requestId, account, data, cause }: { requestId: string; account: string } & Raw) {
    super("Not a party to this request.", {
      errorName: "AccessGrantsNotRequestParty",
      args: [requestId, account],
      data,
      cause,
    });
    this.requestId = requestId;
    this.account = account;
  }
}

/**
 * `AccessGrantsRequestDataMismatch`: the request named `requested`; the approval gave `given`.
 *
 * @example
 * ```ts
 * if (error instanceof RequestDataMismatchError) await approveRequest({ accessGrants, requestId, dataId: error.requested });
 * ```
 */
export class RequestDataMismatchError extends ContractCallError {
  override name = "RequestDataMismatchError";
  readonly requestId: string;
  readonly requested: string;
  readonly given: string;

  constructor({
    requestId,
    requested,
    given,
    data,
    cause,
  }: { requestId: string; requested: string; given: string } & Raw) {
    super("The approval names other data than the request.", {
      errorName: "AccessGrantsRequestDataMismatch",
      args: [requestId, requested, given],
      data,
      cause,
    });
    this.requestId = requestId;
    this.requested = requested;
    this.given = given;
  }
}

/** Where revert data may sit in an error from ethers, hardhat-ethers or an injected provider. */
function findRevertData(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || typeof error !== "object" || error === null) return undefined;
  const record = error as Record<string, unknown>;
  const data = record["data"];
  if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) return data;
  for (const key of ["data", "error", "info", "cause", "revert"]) {
    const found = findRevertData(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isCallException(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "CALL_EXCEPTION";
}

function fromDescription(parsed: ErrorDescription, data: string, cause: unknown): ContractCallError {
  const a = [...parsed.args] as unknown[];
  const s = (i: number) => String(a[i]);
  const n = (i: number) => BigInt(a[i] as bigint);
  const raw = { data, cause };
  switch (parsed.name) {
    case "AccessGrantsUnknownData":
      return new UnknownDataError({ dataId: s(0), ...raw });
    case "AccessGrantsAlreadyAnchored":
      return new AlreadyAnchoredError({ dataId: s(0), owner: s(1), ...raw });
    case "AccessGrantsNotDataOwner":
      return new NotDataOwnerError({ dataId: s(0), owner: s(1), account: s(2), ...raw });
    case "AccessGrantsNotIssuer":
      return new NotIssuerError({ dataId: s(0), issuer: s(1), account: s(2), ...raw });
    case "AccessGrantsDeletionPending":
      return new DeletionPendingError({ dataId: s(0), effectiveAt: n(1), ...raw });
    case "AccessGrantsInvalidExpiry":
      return new InvalidExpiryError({ expiresAt: n(0), now: n(1), ...raw });
    case "AccessGrantsExpiryBeforeLock":
      return new ExpiryBeforeLockError({ lockedUntil: n(0), expiresAt: n(1), ...raw });
    case "AccessGrantsLockShortened":
      return new LockShortenedError({ grantId: s(0), lockedUntil: n(1), requested: n(2), ...raw });
    case "AccessGrantsNotGranted":
      return new GrantNotFoundError({ grantId: s(0), ...raw });
    case "AccessGrantsLocked":
      return new GrantLockedError({ grantId: s(0), lockedUntil: n(1), ...raw });
    case "AccessGrantsExpiredSignature":
      return new SignatureExpiredError({ deadline: n(0), ...raw });
    case "AccessGrantsInvalidNonce":
      return new InvalidNonceError({ expected: n(0), given: n(1), ...raw });
    case "AccessGrantsInvalidSignature":
      return new InvalidSignatureError({ signer: s(0), ...raw });
    case "AccessGrantsRequestExists":
      return new RequestExistsError({ requestId: s(0), ...raw });
    case "AccessGrantsRequestNotOpen":
      return new RequestNotOpenError({ requestId: s(0), status: REQUEST_STATUSES[Number(a[1])] ?? "None", ...raw });
    case "AccessGrantsNotRequestParty":
      return new NotRequestPartyError({ requestId: s(0), account: s(1), ...raw });
    case "AccessGrantsRequestDataMismatch":
      return new RequestDataMismatchError({ requestId: s(0), requested: s(1), given: s(2), ...raw });
    default:
      return new ContractCallError(`The contract call reverted with ${parsed.name}.`, {
        errorName: parsed.name,
        args: a,
        data,
        cause,
      });
  }
}

/**
 * Maps an error thrown by a contract call to an SDK error. A revert whose data decodes against `contractInterface`
 * becomes its class above (`AccessGrantsLocked` → {@link GrantLockedError}, …) or, with no class of its own, a
 * {@link ContractCallError} carrying the decoded name and arguments. A revert without decodable data becomes a plain
 * `ContractCallError`. Anything that is not a revert (a rejected signature request, a network failure) and any
 * `IdemError` is returned unchanged. The original is always kept as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await accessGrants.revoke(grantee, dataId);
 * } catch (error) {
 *   throw decodeContractError(error, accessGrants.interface);
 * }
 * ```
 */
export function decodeContractError(error: unknown, contractInterface: Interface): Error {
  if (error instanceof IdemError) return error;
  const data = findRevertData(error);
  if (data === undefined) {
    if (isCallException(error)) {
      return new ContractCallError("The contract call reverted.", {
        details: "the revert carried no data",
        cause: error,
      });
    }
    return error instanceof Error ? error : new ContractCallError("The contract call failed.", { cause: error });
  }
  let parsed: ErrorDescription | null = null;
  try {
    parsed = contractInterface.parseError(data);
  } catch {
    parsed = null;
  }
  if (parsed === null) {
    return new ContractCallError("The contract call reverted with an unknown error.", { data, cause: error });
  }
  return fromDescription(parsed, data, error);
}

/**
 * A transaction succeeded but its receipt lacks the event the SDK decodes its result from (e.g. the address is
 * not an `AccessGrants` deployment, or the receipt was dropped).
 *
 * @example
 * ```ts
 * if (error instanceof MissingEventError) console.error(`no ${error.eventName} in ${error.hash}`);
 * ```
 */
export class MissingEventError extends IdemError {
  override name = "MissingEventError";
  /** The event expected. */
  readonly eventName: string;
  /** The transaction hash. */
  readonly hash: string;

  constructor({ eventName, hash }: { eventName: string; hash: string }) {
    super(`The transaction emitted no ${eventName} event.`, {
      details: `transaction ${hash} succeeded but its receipt has no ${eventName} log from the contract`,
    });
    this.eventName = eventName;
    this.hash = hash;
  }
}
