import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys `KeyRegistry`, where each reader sets its own x25519 encryption public key. No constructor arguments,
 * no admin.
 *
 * @example
 * ```sh
 * npx hardhat ignition deploy deploy/KeyRegistry.ts --network sepolia
 * ```
 */
export default buildModule("KeyRegistryModule", (m) => {
  const keyRegistry = m.contract("KeyRegistry");
  return { keyRegistry };
});
