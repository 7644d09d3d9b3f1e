import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import AccessGrantsModule from "./AccessGrants.ts";
import KeyRegistryModule from "./KeyRegistry.ts";
import NodeRegistryModule from "./NodeRegistry.ts";

/**
 * Deploys the whole Idem contract suite: `AccessGrants`, `KeyRegistry`, and `NodeRegistry` with its
 * `AccessManager`. Parameters are those of the sub-modules (`NodeRegistryModule.nodeAdmin`).
 *
 * @example
 * ```sh
 * npx hardhat ignition deploy deploy/Idem.ts --network sepolia --strategy create2
 * ```
 */
export default buildModule("IdemModule", (m) => {
  const { accessGrants } = m.useModule(AccessGrantsModule);
  const { keyRegistry } = m.useModule(KeyRegistryModule);
  const { accessManager, nodeRegistry } = m.useModule(NodeRegistryModule);
  return { accessGrants, keyRegistry, accessManager, nodeRegistry };
});
