/**
 * Runs the real `idem` executable (`node cli/src/main.ts …`) in a child process, asynchronously (the devnet the
 * test started serves its chain and nodes from the test's own event loop).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

import { hardhatTestKey } from "../../../cli/src/devnet/dev-accounts.ts";

/**
 * The executable's path, for a test that spawns it itself (a long-running `idem node start`).
 *
 * @example
 * ```ts
 * const child = spawn(process.execPath, [CLI_MAIN, "node", "start", "--config", file]);
 * ```
 */
export const CLI_MAIN = fileURLToPath(new URL("../../../cli/src/main.ts", import.meta.url));

/**
 * One run's outcome.
 *
 * @example
 * ```ts
 * const { code, stdout, stderr }: CliRun = await runCli(["status", "--json"]);
 * ```
 */
export type CliRun = { code: number; stdout: string; stderr: string };

/**
 * Runs `idem <args>` with `env` added to a minimal environment (no inherited IDEM_* variables).
 *
 * @example
 * ```ts
 * const run = await runCli(["grant", "--grantee", dapp, "--data-id", dataId], { IDEM_PRIVATE_KEY: userKey });
 * ```
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}, cwd?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_MAIN, ...args],
      { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, cwd, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * `runCli` with `--json`, expecting success: the parsed stdout (which must be exactly one JSON object).
 *
 * @example
 * ```ts
 * const { dataId } = await runJson(["anchor", "--credential", file], { IDEM_PRIVATE_KEY: issuerKey });
 * ```
 */
export async function runJson(args: readonly string[], env: Record<string, string> = {}): Promise<Record<string, any>> {
  const run = await runCli([...args, "--json"], env);
  if (run.code !== 0) throw new Error(`idem ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, any>;
}

/**
 * The environment for a devnet account: its test key (Hardhat's public test keys; test use only) and the network.
 *
 * @example
 * ```ts
 * const user = accountEnv(2, devnet.networkFile);
 * ```
 */
export function accountEnv(index: number, networkFile: string): Record<string, string> {
  return { IDEM_PRIVATE_KEY: hardhatTestKey(index), IDEM_NETWORK: networkFile };
}

/**
 * The error a failed run printed: stderr from its `error:` line on (progress lines come before it). Throws unless
 * there is exactly one `error:` line, followed by at most a `hint:` line.
 *
 * @example
 * ```ts
 * expect(errorOf(await runCli(["read", "--data-id", unknown], env))).to.match(/^error: /);
 * ```
 */
export function errorOf({ stderr }: CliRun): string {
  const lines = stderr.split("\n").filter((line) => line !== "");
  const first = lines.findIndex((line) => line.startsWith("error: "));
  const tail = first === -1 ? [] : lines.slice(first);
  if (tail.length === 0 || tail.length > 2 || (tail.length === 2 && !tail[1]!.startsWith("hint: "))) {
    throw new Error(`not one error line (and a hint): ${JSON.stringify(stderr)}`);
  }
  return tail.join("\n");
}
