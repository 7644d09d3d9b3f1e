import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { FunctionFragment } from "ethers";

/** AccessManager role allowed to register nodes, change their status and reassign their operators. */
export const NODE_ADMIN_ROLE = 1n;

/** Human-readable label of {@link NODE_ADMIN_ROLE}, emitted by `AccessManager.labelRole`. */
export const NODE_ADMIN_LABEL = "NODE_ADMIN";

/**
 * The `NodeRegistry` functions restricted to {@link NODE_ADMIN_ROLE}. `updateNode` is not among them: the registry
 * itself lets only a node's operator call it. A test checks these signatures against the compiled ABI.
 */
export const NODE_ADMIN_FUNCTIONS = [
  "registerNode(address,address,string,string,string[])",
  "setNodeStatus(address,uint8)",
  "setNodeOperator(address,address)",
] as const;

/** 4-byte selectors of {@link NODE_ADMIN_FUNCTIONS}. */
export const NODE_ADMIN_SELECTORS = NODE_ADMIN_FUNCTIONS.map((signature) => FunctionFragment.from(signature).selector);

/**
 * Deploys an OpenZeppelin `AccessManager`, then `NodeRegistry` governed by it, and wires the registry's restricted
 * functions to {@link NODE_ADMIN_ROLE}.
 *
 * The deployer (account 0) is the manager's `ADMIN_ROLE` holder: it has to be, to make the wiring calls. The
 * `nodeAdmin` parameter (default: the deployer) receives {@link NODE_ADMIN_ROLE} with no execution delay. To hand
 * the consortium's governance to a multisig afterwards, grant it `ADMIN_ROLE` (0) and have the deployer renounce.
 *
 * @example
 * ```sh
 * npx hardhat ignition deploy deploy/NodeRegistry.ts --network sepolia \
 *   --parameters '{"NodeRegistryModule":{"nodeAdmin":"0x…"}}'
 * ```
 */
export default buildModule("NodeRegistryModule", (m) => {
  const deployer = m.getAccount(0);
  const nodeAdmin = m.getParameter("nodeAdmin", deployer);

  const accessManager = m.contract("AccessManager", [deployer]);
  const nodeRegistry = m.contract("NodeRegistry", [accessManager]);

  m.call(accessManager, "setTargetFunctionRole", [nodeRegistry, NODE_ADMIN_SELECTORS, NODE_ADMIN_ROLE]);
  m.call(accessManager, "labelRole", [NODE_ADMIN_ROLE, NODE_ADMIN_LABEL]);
  m.call(accessManager, "grantRole", [NODE_ADMIN_ROLE, nodeAdmin, 0]);

  return { accessManager, nodeRegistry };
});
