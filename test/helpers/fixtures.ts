import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse, Interface, TypedDataDomain } from "ethers";
import { AbiCoder, ZeroAddress, ZeroHash, id, keccak256 } from "ethers";
import { network } from "hardhat";

import type { AccessGrants, ERC1271WalletMock } from "../../types/ethers-contracts/index.js";
import { domainOf } from "./eip712.js";

/** Credential type an issuer anchors (keccak256 of its type URI). */
export const KYC_SCHEMA = id("https://idem.example/credentials/v1#KycCredential");
/** Data type of self-added data. */
export const NOTE_SCHEMA = id("https://idem.example/data/v1#Note");
/** Hash of a human-readable purpose, as an SDK would send it. */
export const PURPOSE = id("Know-your-customer check for account opening");
export const OTHER_PURPOSE = id("Marketing");
export const ZERO_BYTES32 = ZeroHash;
export const ZERO_ADDRESS = ZeroAddress;
/** A deadline no test reaches. */
export const FAR_DEADLINE = 2n ** 255n;
export const MAX_UINT48 = 2n ** 48n - 1n;

/** A dataId as the SDK would pick it (random in production, deterministic here so failures reproduce). */
export function dataIdFor(label: string): string {
  return id(`idem:test:dataId:${label}`);
}

/** Which kind of account owns the data: an EOA, or a smart account verified through ERC-1271. */
export type SignerKind = "EOA" | "ERC-1271 wallet";
export const SIGNER_KINDS: readonly SignerKind[] = ["EOA", "ERC-1271 wallet"];

/** The state-changing functions an owner calls directly. */
type WriteMethod =
  | "anchorData"
  | "grant"
  | "grantBatch"
  | "revoke"
  | "revokeBatch"
  | "burnGrantNonce"
  | "requestDeletion"
  | "burnDataNonce"
  | "approveRequest"
  | "declineRequest"
  | "requestGrant"
  | "cancelRequest"
  | "setCredentialRevoked"
  | "anchorCredential";

/** Sends state-changing calls to `AccessGrants` as one account. Only for transactions, never views. */
export type Writer = {
  [K in WriteMethod]: (...args: Parameters<AccessGrants[K]>) => Promise<ContractTransactionResponse>;
};

/** An account that owns data, whatever its kind. */
export interface Account {
  readonly kind: SignerKind;
  /** The address the contract sees as owner (the EOA, or the wallet contract). */
  readonly address: string;
  /** The key that signs EIP-712 messages for `address`: the EOA itself, or the wallet's keeper. */
  readonly signer: HardhatEthersSigner;
  /** Calls the fixture's `AccessGrants` as `address`: from the EOA, or through the wallet's `execute`. */
  readonly writer: Writer;
  /** The same, for another deployment (replay tests). */
  writerFor(contract: AccessGrants): Writer;
}

function eoaAccount(contract: AccessGrants, signer: HardhatEthersSigner): Account {
  const writerFor = (target: AccessGrants): Writer => {
    const connected = target.connect(signer);
    return new Proxy({} as Writer, { get: (_, method: WriteMethod) => connected.getFunction(method) });
  };
  return { kind: "EOA", address: signer.address, signer, writer: writerFor(contract), writerFor };
}

function walletAccount(
  contract: AccessGrants,
  wallet: ERC1271WalletMock,
  walletAddress: string,
  keeper: HardhatEthersSigner,
): Account {
  const writerFor = (target: AccessGrants): Writer =>
    new Proxy({} as Writer, {
      get:
        (_, method: WriteMethod) =>
        (...args: unknown[]) =>
          wallet
            .connect(keeper)
            .execute(target.target as string, (target.interface as Interface).encodeFunctionData(method, args)),
    });
  return { kind: "ERC-1271 wallet", address: walletAddress, signer: keeper, writer: writerFor(contract), writerFor };
}

/** One owner of each kind, with a self-anchored dataId and an issuer-anchored credential. */
export interface OwnerWithData extends Account {
  /** Self-added data: anchored by the owner, issuer = owner, schema NOTE_SCHEMA. */
  readonly dataId: string;
  /** A KYC credential anchored to the owner by `issuer`, schema KYC_SCHEMA. */
  readonly credentialId: string;
}

/**
 * A fresh `AccessGrants` with:
 * - `owners.EOA` (alice) and `owners["ERC-1271 wallet"]` (a wallet kept by `keeper`), each with anchored data;
 * - `carolDataId`, anchored by carol, for "not the owner" cases; `unanchoredId`, never anchored.
 */
export async function accessGrantsFixture() {
  // Fetched here, not at module top: see the note in ./time.ts on concurrent first calls to getOrCreate.
  const { ethers } = await network.getOrCreate();
  const all = await ethers.getSigners();
  if (all.length < 9) throw new Error("accessGrantsFixture needs 9 accounts");
  type S = HardhatEthersSigner;
  const [deployer, alice, bob, carol, issuer, relayer, keeper, consumer, stranger] = all as [S, S, S, S, S, S, S, S, S];

  const accessGrants = await ethers.deployContract("AccessGrants");
  const wallet = await ethers.deployContract("ERC1271WalletMock", [keeper.address]);
  const walletAddress = await wallet.getAddress();
  const domain: TypedDataDomain = await domainOf(accessGrants);

  const eoa = eoaAccount(accessGrants, alice);
  const smart = walletAccount(accessGrants, wallet, walletAddress, keeper);

  const owners = {} as Record<SignerKind, OwnerWithData>;
  for (const account of [eoa, smart]) {
    const dataId = dataIdFor(`${account.kind}:note`);
    const credentialId = dataIdFor(`${account.kind}:kyc`);
    await account.writer.anchorData(dataId, NOTE_SCHEMA);
    await accessGrants.connect(issuer).anchorCredential(credentialId, account.address, KYC_SCHEMA);
    owners[account.kind] = { ...account, dataId, credentialId };
  }

  const carolDataId = dataIdFor("carol:note");
  await accessGrants.connect(carol).anchorData(carolDataId, NOTE_SCHEMA);
  const unanchoredId = dataIdFor("never-anchored");

  return {
    accessGrants,
    wallet,
    domain,
    owners,
    carolDataId,
    unanchoredId,
    signers: { deployer, alice, bob, carol, issuer, relayer, keeper, consumer, stranger },
  };
}

export type AccessGrantsFixture = Awaited<ReturnType<typeof accessGrantsFixture>>;

/** `keccak256(abi.encode(owner, grantee, dataId))`, computed off-chain. */
export function grantIdOf(owner: string, grantee: string, dataId: string): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["address", "address", "bytes32"], [owner, grantee, dataId]));
}

/** `keccak256(abi.encode(consumer, owner, dataId, lockedUntil, expiresAt, purpose))`, computed off-chain. */
export function requestIdOf(
  consumer: string,
  owner: string,
  dataId: string,
  lockedUntil: bigint,
  expiresAt: bigint,
  purpose: string,
): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "address", "bytes32", "uint48", "uint48", "bytes32"],
      [consumer, owner, dataId, lockedUntil, expiresAt, purpose],
    ),
  );
}

/**
 * `loadFixture`, then one empty block at the current time. A snapshot is reverted to the block it was taken at,
 * but the chain's clock keeps running: without the fresh block, `latest()` could lag the next transaction's time by
 * as long as the suite has run, and terms like "expires in 10 s" would already have passed.
 */
export async function loadFreshFixture<T>(fixture: () => Promise<T>): Promise<T> {
  const { networkHelpers } = await network.getOrCreate();
  const loaded = await networkHelpers.loadFixture(fixture);
  await networkHelpers.mine();
  return loaded;
}
