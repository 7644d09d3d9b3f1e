/**
 * Deploys the Idem contract suite (deploy/Idem.ts) to the network given with `--network`, and prints the
 * addresses as JSON.
 *
 * Ignition keeps a journal in ignition/deployments/chain-<chainId>/ for every network but the in-process one, so
 * an interrupted run resumes where it stopped and a finished one is not repeated.
 *
 * Environment (optional):
 * - `IDEM_DEPLOY_STRATEGY`: `basic` (default) or `create2` (same addresses on every chain; deployed through the
 *   CreateX factory, which must exist on the chain: it does on most public chains).
 * - `IDEM_CREATE2_SALT`: 32-byte hex salt for `create2`; without it, `ignition.strategyConfig.create2.salt` from
 *   hardhat.config.ts. Recommended shape: deployer address (20 bytes) ‖ `00` ‖ 11 free bytes, so only the deployer
 *   can use the salt and the chain id stays out of the address.
 * - `IDEM_DEPLOY_PARAMETERS`: path to an Ignition parameters JSON file, e.g. `{"NodeRegistryModule":
 *   {"nodeAdmin": "0x…"}}`.
 *
 * @example
 * ```sh
 * npx hardhat run scripts/deploy.ts --network sepolia
 * IDEM_DEPLOY_STRATEGY=create2 IDEM_CREATE2_SALT=0x<deployer>00<22 hex digits> \
 *   npx hardhat run scripts/deploy.ts --network base
 * # or, through Ignition's own CLI:
 * npx hardhat ignition deploy deploy/Idem.ts --network sepolia --strategy create2
 * ```
 */
import { network } from "hardhat";
import IdemModule from "../deploy/Idem.ts";

const strategy = process.env.IDEM_DEPLOY_STRATEGY ?? "basic";
if (strategy !== "basic" && strategy !== "create2") {
  throw new Error(`IDEM_DEPLOY_STRATEGY must be "basic" or "create2", not "${strategy}"`);
}

const salt = process.env.IDEM_CREATE2_SALT;
if (salt !== undefined) {
  if (!/^0x[0-9a-fA-F]{64}$/.test(salt)) throw new Error("IDEM_CREATE2_SALT must be 32 bytes of hex (0x + 64 digits)");
  // CreateX mixes the chain id into the address when the 21st byte is 0x01: the addresses would differ per chain.
  if (salt.slice(42, 44) === "01") throw new Error("IDEM_CREATE2_SALT: byte 21 must not be 01 (chain-bound addresses)");
}

const connection = await network.getOrCreate();
const { ignition, ethers } = connection;
const { chainId } = await ethers.provider.getNetwork();

const contracts = await ignition.deploy(IdemModule, {
  strategy,
  ...(strategy === "create2" && salt !== undefined ? { strategyConfig: { salt } } : {}),
  displayUi: true,
  ...(process.env.IDEM_DEPLOY_PARAMETERS === undefined ? {} : { parameters: process.env.IDEM_DEPLOY_PARAMETERS }),
});

const addresses = {
  network: connection.networkName,
  chainId: chainId.toString(),
  accessGrants: await contracts.accessGrants.getAddress(),
  keyRegistry: await contracts.keyRegistry.getAddress(),
  accessManager: await contracts.accessManager.getAddress(),
  nodeRegistry: await contracts.nodeRegistry.getAddress(),
};
console.log(JSON.stringify(addresses, null, 2));
