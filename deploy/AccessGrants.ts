import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys `AccessGrants`, the source of truth for anchors and grants. It has no constructor arguments and no
 * admin, so under Ignition's `create2` strategy its address depends only on its bytecode and the salt.
 *
 * @example
 * ```sh
 * npx hardhat ignition deploy deploy/AccessGrants.ts --network sepolia
 * ```
 */
export default buildModule("AccessGrantsModule", (m) => {
  const accessGrants = m.contract("AccessGrants");
  return { accessGrants };
});
