/**
 * The devnet's chain: Hardhat's in-process EVM (EDR) served over JSON-RPC on 127.0.0.1, with the Idem contracts
 * and the example KYC-gated vault deployed by Ignition through that endpoint, as they would be to any chain.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { JsonRpcProvider, Wallet, getAddress } from "ethers";
import { createHardhatRuntimeEnvironment, importUserConfig } from "hardhat/hre";

import IdemModule from "../../../deploy/Idem.ts";
import KycGatedVaultModule from "../../../deploy/KycGatedVault.ts";
import { CliError } from "../errors.ts";
import type { IdemNetwork } from "../network/network-file.ts";
import { DEV_ACCOUNT_ROLES, hardhatTestKey } from "./dev-accounts.ts";
import { pickPort } from "./free-port.ts";

/** The project root (where hardhat.config.ts is). */
const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The network name the devnet's Hardhat runtime gives its own JSON-RPC endpoint. */
const DEVNET_NETWORK = "idemDevnet";

/**
 * The terms of the example vault: it accepts a depositor whose credential from `issuer`, of schema `schema`, is
 * granted to `provider`.
 *
 * @example
 * ```ts
 * const vault: VaultTerms = { issuer, provider: exchange, schema: schemaId(KYC_SCHEMA_TYPE) };
 * ```
 */
export type VaultTerms = { issuer: string; provider: string; schema: string };

/**
 * A running devnet chain.
 *
 * @example
 * ```ts
 * const chain = await startChain({ dir, port: 8545, vault });
 * await chain.increaseTime(86_400n);
 * await chain.close();
 * ```
 */
export type DevnetChain = {
  rpcUrl: string;
  chainId: number;
  contracts: IdemNetwork["contracts"] & { kycGatedVault: string };
  /** A provider on {@link DevnetChain.rpcUrl} that never serves a cached answer. */
  provider: JsonRpcProvider;
  /** The deployer (Hardhat test account 0), which holds NodeRegistry's node-admin role. */
  deployer: Wallet;
  /** Moves the chain's clock forward by `seconds` and mines a block at the new time. */
  increaseTime(seconds: bigint): Promise<void>;
  /** Stops the JSON-RPC server. */
  close(): Promise<void>;
};

/**
 * Starts the chain's JSON-RPC server on `port` (another free port if it is taken; 0: any), and deploys the Idem
 * suite and the example vault with Ignition, from the project's compiled artifacts (`npm ci` compiles them; so does
 * `npm start`, first). Ignition's journal goes under `dir`, so every devnet starts from a fresh deployment.
 *
 * The devnet never compiles: a build from here would replace the artifacts a coverage run instruments.
 *
 * @throws `CliError` when the contracts have not been compiled.
 *
 * @example
 * ```ts
 * const { rpcUrl, contracts } = await startChain({ dir: ".idem/devnet", port: 8545, vault });
 * ```
 */
export async function startChain({
  dir,
  port: preferredPort,
  vault,
}: {
  dir: string;
  port: number;
  vault: VaultTerms;
}): Promise<DevnetChain> {
  const port = await pickPort(preferredPort);
  const rpcUrl = `http://127.0.0.1:${port}`;
  const configPath = join(PROJECT_ROOT, "hardhat.config.ts");
  const userConfig = await importUserConfig(configPath);
  const hre = await createHardhatRuntimeEnvironment(
    {
      ...userConfig,
      networks: { ...userConfig.networks, [DEVNET_NETWORK]: { type: "http", chainType: "l1", url: rpcUrl } },
      paths: { ...userConfig.paths, ignition: join(dir, "ignition") },
    },
    { config: configPath },
    PROJECT_ROOT,
  );
  if (!(await hre.artifacts.artifactExists("AccessGrants"))) {
    throw new CliError("The contracts are not compiled.", { hint: "run `npx hardhat build` (npm ci does it too)" });
  }
  const server = await hre.network.createServer("default", "127.0.0.1", port);
  await server.listen();
  const provider = new JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1, staticNetwork: true });
  try {
    const connection = await hre.network.create(DEVNET_NETWORK);
    const suite = await connection.ignition.deploy(IdemModule, { displayUi: false });
    const { kycGatedVault } = await connection.ignition.deploy(KycGatedVaultModule, {
      displayUi: false,
      parameters: { KycGatedVaultModule: vault },
    });
    const { chainId } = await provider.getNetwork();
    await connection.close();
    return {
      rpcUrl,
      chainId: Number(chainId),
      contracts: {
        accessGrants: getAddress(await suite.accessGrants.getAddress()),
        keyRegistry: getAddress(await suite.keyRegistry.getAddress()),
        nodeRegistry: getAddress(await suite.nodeRegistry.getAddress()),
        accessManager: getAddress(await suite.accessManager.getAddress()),
        kycGatedVault: getAddress(await kycGatedVault.getAddress()),
      },
      provider,
      deployer: new Wallet(hardhatTestKey(DEV_ACCOUNT_ROLES.deployer), provider),
      async increaseTime(seconds) {
        await provider.send("evm_increaseTime", [`0x${seconds.toString(16)}`]);
        await provider.send("evm_mine", []);
      },
      async close() {
        provider.destroy();
        await server.close();
      },
    };
  } catch (error) {
    provider.destroy();
    await server.close();
    throw error;
  }
}
