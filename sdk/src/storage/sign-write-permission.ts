/**
 * The owner's EIP-712 permission for an issuer to write one dataId to the storage nodes.
 *
 * @module
 */
import type { Signer } from "ethers";
import { getAddress, isAddress } from "ethers";

import { InvalidStorageParametersError } from "./data-errors.ts";
import type { SignedWritePermission } from "./write-typed-data.ts";
import { WRITE_TYPES, storageDomain } from "./write-typed-data.ts";

/** The largest `uint64`. */
const MAX_U64 = 2n ** 64n - 1n;

/**
 * What {@link signWritePermission} takes.
 *
 * @example
 * ```ts
 * const parameters: SignWritePermissionParameters = { signer: owner, chainId: 1n, issuer, dataId, expiresAt };
 * ```
 */
export type SignWritePermissionParameters = {
  /** The dataId's on-chain owner (an EOA, or the key of an ERC-1271 account the nodes ask on-chain). */
  signer: Signer;
  /** The chain the dataId is anchored on. */
  chainId: bigint | number;
  /** The account allowed to write (it signs in to the nodes and signs the write). */
  issuer: string;
  /** `0x` + 64 hex. */
  dataId: string;
  /** Unix seconds; the nodes refuse the permission from then on (by their wall clock). */
  expiresAt: bigint;
};

/**
 * Signs (nothing is sent) the owner's permission for `issuer` to write `dataId` until `expiresAt`. The issuer
 * passes it with its write (`putEnvelope({ permission })`, `Issuer.write`); every node checks it was signed by the
 * dataId's on-chain owner and has not expired. It lets the issuer replace the data until then, as often as it
 * likes: keep `expiresAt` short.
 *
 * @throws {InvalidStorageParametersError} for an issuer that is not an address, a bad dataId, an `expiresAt`
 *   outside `uint64`.
 * @example
 * ```ts
 * const permission = await signWritePermission({
 *   signer: owner,
 *   chainId: 1n,
 *   issuer: kycProvider,
 *   dataId,
 *   expiresAt: BigInt(Math.floor(Date.now() / 1000) + 3600),
 * });
 * await issuer.write({ permission, owner: owner.address, credential, ownerPublicKey });
 * ```
 */
export async function signWritePermission({
  signer,
  chainId,
  issuer,
  dataId,
  expiresAt,
}: SignWritePermissionParameters): Promise<SignedWritePermission> {
  if (!isAddress(issuer)) throw new InvalidStorageParametersError({ details: "`issuer` must be an address" });
  if (!/^0x[0-9a-fA-F]{64}$/.test(dataId)) {
    throw new InvalidStorageParametersError({ details: "`dataId` must be 0x followed by 64 hex digits" });
  }
  if (typeof expiresAt !== "bigint" || expiresAt < 0n || expiresAt > MAX_U64) {
    throw new InvalidStorageParametersError({ details: "`expiresAt` must be a uint64 bigint (unix seconds)" });
  }
  const message = { issuer: getAddress(issuer), dataId: dataId.toLowerCase(), expiresAt };
  const signature = await signer.signTypedData(
    storageDomain({ chainId }),
    { WritePermission: [...WRITE_TYPES.WritePermission] },
    message,
  );
  return { ...message, signature };
}
