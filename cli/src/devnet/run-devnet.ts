/**
 * What `idem devnet` (and `npm start`) does: starts a devnet, runs the guided scenario with a progress list, writes
 * the summary where `IDEM_SUMMARY` points, then either exits (`--once`, or `CI=true`) or keeps the devnet up,
 * printing where everything is, until SIGINT or SIGTERM.
 */
import type { Writable } from "node:stream";

import { formatMs, progressList } from "../scenario/progress-list.ts";
import { runScenario, type ScenarioResult } from "../scenario/run-scenario.ts";
import { scenarioSummary, writeSummary } from "../scenario/summary.ts";
import { DEV_ACCOUNT_ROLES, HARDHAT_TEST_MNEMONIC } from "./dev-accounts.ts";
import { startDevnet, type Devnet } from "./start-devnet.ts";

/**
 * The devnet command's options.
 *
 * @example
 * ```ts
 * const options: RunDevnetOptions = { once: true, scenario: true, dir: ".idem", rpcPort: 8545, nodePort: 7301, nodes: 3, json: false };
 * ```
 */
export type RunDevnetOptions = {
  /** Exit after the scenario (also when `CI=true`). */
  once: boolean;
  /** Run the guided scenario (`--no-scenario`: only start the devnet). */
  scenario: boolean;
  /** State directory (the network file goes to `<dir>/devnet.json`). */
  dir: string;
  rpcPort: number;
  /** The first node's HTTP port. */
  nodePort: number;
  nodes: number;
  /** Print the summary as one JSON object on stdout (the progress goes to stderr). */
  json: boolean;
};

/**
 * Runs the devnet command and returns the scenario's result (undefined with `scenario: false`) once the devnet has
 * stopped: after the scenario when `once`, else on SIGINT or SIGTERM.
 *
 * @example
 * ```ts
 * const result = await runDevnet({ options, env: process.env, stdout: process.stdout, stderr: process.stderr });
 * if (result?.ok === false) process.exitCode = 1;
 * ```
 */
export async function runDevnet({
  options,
  env,
  stdout,
  stderr,
}: {
  options: RunDevnetOptions;
  env: NodeJS.ProcessEnv;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
}): Promise<ScenarioResult | undefined> {
  const out = options.json ? stderr : stdout;
  const once = options.once || env.CI === "true";
  const started = performance.now();
  out.write("Idem devnet: starting the chain, the contracts and the storage nodes on 127.0.0.1\n");
  const devnet = await startDevnet({
    dir: options.dir,
    nodeCount: options.nodes,
    rpcPort: options.rpcPort,
    firstNodePort: options.nodePort,
    log: (line) => out.write(`  · ${line}  ${formatMs(performance.now() - started)}\n`),
  });
  const devnetStartMs = performance.now() - started;
  try {
    let result: ScenarioResult | undefined;
    if (options.scenario) {
      out.write("\nGuided scenario: an issuer, a user and a regulated exchange, through the Idem SDK\n");
      result = await runScenario({
        network: devnet.network,
        provider: devnet.chain.provider,
        increaseTime: devnet.increaseTime,
        reporter: progressList(out),
      });
      const summary = scenarioSummary({
        result,
        network: devnet.network,
        devnetStartMs,
        totalMs: performance.now() - started,
      });
      if (env.IDEM_SUMMARY !== undefined && env.IDEM_SUMMARY !== "") writeSummary(env.IDEM_SUMMARY, summary);
      if (options.json) stdout.write(`${JSON.stringify(summary)}\n`);
      if (result.ok) {
        out.write(
          `\nAll ${Object.keys(result.steps).length} steps passed in ${formatMs(performance.now() - started)}.\n`,
        );
      }
    }
    if (once) return result;
    out.write(`\n${where(devnet)}\nThe devnet is up. Press Ctrl-C to stop it.\n`);
    await stopSignal();
    out.write("Stopping the nodes and the chain…\n");
    return result;
  } finally {
    await devnet.close();
  }
}

/** Where everything is, for the terminal. */
function where({ network, networkFile, nodes }: Devnet): string {
  const roles = Object.entries(DEV_ACCOUNT_ROLES)
    .map(([role, index]) => `${role} #${index}`)
    .join(", ");
  return [
    `RPC URL       ${network.rpcUrl}  (chain id ${network.chainId})`,
    ...Object.entries(network.contracts).map(([name, address]) => `${name.padEnd(13)} ${address}`),
    ...nodes.map((node, index) => `node ${index + 1}        ${node.url}  (${node.address}, log: ${node.logFile})`),
    `network file  ${networkFile}  (every idem command reads it by default)`,
    `accounts      Hardhat's test mnemonic "${HARDHAT_TEST_MNEMONIC}" (public keys: test use only): ${roles}`,
  ].join("\n");
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
