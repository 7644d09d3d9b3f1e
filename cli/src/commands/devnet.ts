/**
 * `idem devnet` (what `npm start` runs): a whole Idem network on 127.0.0.1 (chain, contracts, storage nodes), the
 * guided scenario with its progress list, then the devnet kept up until Ctrl-C, or an exit with `--once` (and
 * whenever `CI=true`). `IDEM_SUMMARY=<path>` gets the scenario's JSON summary.
 */
import type { CommandInput } from "../command-input.ts";
import { CliError } from "../errors.ts";
import { parsePort, parsePositiveInteger } from "../parse/integer.ts";

/**
 * The command's options as commander parses them.
 *
 * @example
 * ```ts
 * const options: DevnetOptions = { once: true, scenario: true, dir: ".idem", rpcPort: "8545", nodePort: "7301", nodes: "3" };
 * ```
 */
export type DevnetOptions = {
  once?: boolean;
  scenario: boolean;
  dir: string;
  rpcPort: string;
  nodePort: string;
  nodes: string;
};

/**
 * Runs the devnet; fails (exit 1) naming the step when the scenario fails.
 *
 * @throws `CliError` on bad options, or when the scenario fails.
 * @example
 * ```ts
 * await devnet({ options: { once: true, scenario: true, dir: ".idem", rpcPort: "0", nodePort: "0", nodes: "3" }, globals, env, output });
 * ```
 */
export async function devnet({ options, globals, env }: CommandInput<DevnetOptions>): Promise<void> {
  const nodes = parsePositiveInteger(options.nodes, "--nodes");
  if (options.scenario && nodes < 2) {
    throw new CliError("--nodes: the scenario needs at least 2 nodes (writes need a quorum of 2).", {
      hint: "pass --no-scenario to run a devnet with one node",
    });
  }
  const parsed = {
    once: options.once === true,
    scenario: options.scenario,
    dir: options.dir,
    rpcPort: parsePort(options.rpcPort, "--rpc-port"),
    nodePort: parsePort(options.nodePort, "--node-port"),
    nodes,
    json: globals.json === true,
  };
  // Loaded once the options are good: it brings in Hardhat, the node and the SDK.
  const { runDevnet } = await import("../devnet/run-devnet.ts");
  const result = await runDevnet({
    options: parsed,
    env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (result?.failed !== undefined) {
    throw new CliError(`The scenario failed at step "${result.failed.step}": ${result.failed.message}`, {
      hint: "each node's log is under <dir>/devnet/node-<n>/node.log",
    });
  }
}
