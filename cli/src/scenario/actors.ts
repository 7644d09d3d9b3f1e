/**
 * The scenario's four roles on a devnet, each with its own wallet (Hardhat test accounts: public keys, test use
 * only), encryption key and node sessions, bound through the SDK's role facades exactly as an app would bind them.
 */
import { Wallet, type JsonRpcProvider } from "ethers";

import {
  Consumer,
  EncryptionKeyPair,
  Issuer,
  IssuerKey,
  User,
  createStatusListCredential,
  keyPairFromWalletSignature,
  type StatusListCredential,
} from "../../../sdk/src/index.ts";
import { AccessGrants__factory } from "../../../types/ethers-contracts/factories/contracts/AccessGrants__factory.ts";
import { KeyRegistry__factory } from "../../../types/ethers-contracts/factories/contracts/KeyRegistry__factory.ts";
import { KycGatedVault__factory } from "../../../types/ethers-contracts/factories/contracts/examples/KycGatedVault__factory.ts";
import { NodeRegistry__factory } from "../../../types/ethers-contracts/factories/contracts/NodeRegistry__factory.ts";
import type { AccessGrants, KycGatedVault, NodeRegistry } from "../../../types/ethers-contracts/index.ts";
import { DEV_ACCOUNT_ROLES, hardhatTestKey } from "../devnet/dev-accounts.ts";
import type { IdemNetwork } from "../network/network-file.ts";
import { check } from "./scenario-error.ts";
import { waitForNodes } from "../context/wait-for-nodes.ts";

/**
 * The roles and the contracts the scenario checks against.
 *
 * @example
 * ```ts
 * const { user, exchange, accessGrants } = await connectActors({ network, provider });
 * ```
 */
export type Actors = {
  issuer: Issuer;
  issuerAddress: string;
  /** The issuer's revocation list (the exchange checks the credential's status in it). */
  statusList: StatusListCredential;
  user: User;
  userWallet: Wallet;
  /** The user's encryption key pair (derived from a signature of `userWallet`). */
  userKey: EncryptionKeyPair;
  exchange: Consumer;
  exchangeWallet: Wallet;
  accessGrants: AccessGrants;
  nodeRegistry: NodeRegistry;
  vault: KycGatedVault;
  /** Awaited after a chain write: every node has indexed its block. */
  afterChainWrite: (write: { hash: string }) => Promise<void>;
};

/**
 * Binds the issuer, user and exchange to `network`: the user's encryption key derives from a wallet signature
 * (and is registered, as the exchange's is, by the steps that need it), the exchange's is fresh, and the issuer
 * signs with a fresh Ed25519 key and its own revocation list.
 *
 * @example
 * ```ts
 * const actors = await connectActors({ network: devnet.network, provider: devnet.chain.provider });
 * ```
 */
export async function connectActors({
  network,
  provider,
}: {
  network: IdemNetwork;
  provider: JsonRpcProvider;
}): Promise<Actors> {
  const vaultAddress = network.contracts.kycGatedVault;
  check(vaultAddress !== undefined, `${network.name} has no KYC-gated vault to check the grant with`);
  const chainId = BigInt(network.chainId);
  const nodeUrls = network.nodes.map((node) => node.url);
  const afterChainWrite = ({ hash }: { hash: string }) => waitForNodes({ provider, nodeUrls, chainId, hash });
  const accessGrants = AccessGrants__factory.connect(network.contracts.accessGrants, provider);
  const keyRegistry = KeyRegistry__factory.connect(network.contracts.keyRegistry, provider);
  const wallet = (role: keyof typeof DEV_ACCOUNT_ROLES) =>
    new Wallet(hardhatTestKey(DEV_ACCOUNT_ROLES[role]), provider);
  const issuerWallet = wallet("issuer");
  const userWallet = wallet("user");
  const exchangeWallet = wallet("exchange");
  const shared = { accessGrants, keyRegistry, chainId, nodeUrls, afterChainWrite };

  const issuerKey = await IssuerKey.generate();
  const issuer = new Issuer({ issuerKey, context: { accessGrants, chainId, signer: issuerWallet, afterChainWrite } });
  const statusList = await createStatusListCredential({
    issuerKey,
    id: "https://kyc.idem.devnet/status/1",
    statusPurpose: "revocation",
  });
  const userKey = await keyPairFromWalletSignature({
    signer: userWallet,
    chainId,
    verifyingContract: network.contracts.keyRegistry,
  });
  const user = await User.connect({ ...shared, signer: userWallet, keyPair: userKey });
  const exchange = await Consumer.connect({ ...shared, signer: exchangeWallet, keyPair: EncryptionKeyPair.generate() });
  return {
    issuer,
    issuerAddress: issuerWallet.address,
    statusList,
    user,
    userWallet,
    userKey,
    exchange,
    exchangeWallet,
    accessGrants,
    nodeRegistry: NodeRegistry__factory.connect(network.contracts.nodeRegistry, provider),
    vault: KycGatedVault__factory.connect(vaultAddress, provider),
    afterChainWrite,
  };
}
