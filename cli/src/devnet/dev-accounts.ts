/**
 * The devnet's accounts: Hardhat's well-known test accounts, funded by the in-process chain. Their keys derive from
 * a mnemonic printed by every `hardhat node`, so they are public: **test use only**, never on a real chain.
 */
import { HDNodeWallet, Mnemonic } from "ethers";

/** Hardhat's default test mnemonic (public; test use only). */
export const HARDHAT_TEST_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * The role each devnet account plays in the guided scenario, by index in Hardhat's account list.
 *
 * - `deployer`: deploys the contracts and holds NodeRegistry's node-admin role;
 * - `issuer`: the KYC provider; `user`: the data owner; `exchange`: the regulated consumer.
 */
export const DEV_ACCOUNT_ROLES = { deployer: 0, issuer: 1, user: 2, exchange: 3 } as const;

/** A devnet role name. */
export type DevRole = keyof typeof DEV_ACCOUNT_ROLES;

/**
 * The private key of Hardhat test account `index` (public; test use only).
 *
 * @example
 * ```ts
 * const wallet = new Wallet(hardhatTestKey(DEV_ACCOUNT_ROLES.user), provider);
 * ```
 */
export function hardhatTestKey(index: number): string {
  const mnemonic = Mnemonic.fromPhrase(HARDHAT_TEST_MNEMONIC);
  return HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${index}`).privateKey;
}
