import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** The compiler is the `solc` npm package at an exact version: nothing is downloaded. */
const solcJs = require.resolve("solc/soljson.js");

/**
 * `cancun` is the newest EVM version every major EVM chain (L1 and the large L2s) runs;
 * the contracts need nothing newer.
 */
const compilerSettings = {
  version: "0.8.28",
  path: solcJs,
  settings: {
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 10_000 },
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: compilerSettings,
      production: compilerSettings,
    },
    // Deployed as-is by deploy/NodeRegistry.ts: build an artifact for it.
    npmFilesToBuild: ["@openzeppelin/contracts/access/manager/AccessManager.sol"],
  },
  typechain: {
    // Generated bindings use namespaces, which `erasableSyntaxOnly` rejects; only type imports of them are used.
    tsNocheck: true,
  },
  paths: {
    tests: { mocha: "test", solidity: "test/solidity" },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 64, failOnRevert: false },
    },
  },
  networks: {
    default: { type: "edr-simulated", chainType: "l1", hardfork: "cancun" },
  },
});
