/**
 * `idem devnet` (what `npm start` runs) as a child process: `--once` (or `CI=true`) runs the whole scenario on a
 * fresh devnet, exits 0 and writes the summary with every step's check true; without `--once` (and without CI) it
 * keeps the devnet up until SIGINT, then stops it and exits 0; bad options fail with one line and exit 1.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";

import { readNetworkFile } from "../../cli/src/network/network-file.ts";
import { SCENARIO_STEPS } from "../../cli/src/scenario/steps.ts";
import { errorOf, runCli } from "./helpers/run-cli.ts";

const MAIN = fileURLToPath(new URL("../../cli/src/main.ts", import.meta.url));

describe("idem devnet", function () {
  this.timeout(180_000);
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), "idem-devnet-"));
  });

  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("--once: runs the ten steps, prints each with a tick, exits 0 and writes the summary with every check true", async function () {
    const summaryPath = join(dir, "out", "summary.json");
    const run = await runCli(["devnet", "--once", "--dir", dir, "--rpc-port", "0", "--node-port", "0"], {
      IDEM_SUMMARY: summaryPath,
    });

    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout.match(/^ {2}✓ /gm)).to.have.length(SCENARIO_STEPS.length);
    expect(run.stdout).to.contain("All 10 steps passed");
    const summary = JSON.parse(readFileSync(summaryPath, "utf8"));
    expect(Object.keys(summary.steps)).to.deep.equal([...SCENARIO_STEPS]);
    expect(Object.values(summary.steps)).to.deep.equal(SCENARIO_STEPS.map(() => true));
    expect(Object.keys(summary.timingsMs)).to.deep.equal([...SCENARIO_STEPS]);
    for (const ms of Object.values(summary.timingsMs)) expect(ms).to.be.a("number");
    expect(summary).to.include({ ok: true, failedStep: null, error: null });
    expect(summary.network.nodes).to.have.length(3);
  });

  it("CI=true (no --once): exits after the scenario; --json: the summary is the one JSON object on stdout", async function () {
    const run = await runCli(["devnet", "--json", "--dir", dir, "--rpc-port", "0", "--node-port", "0"], { CI: "true" });

    expect(run.code, run.stderr).to.equal(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.ok).to.equal(true);
    expect(run.stderr).to.contain("✓ 10/10");
  });

  it("without --once: keeps the devnet up (reachable through its network file) until SIGINT, then stops and exits 0", async function () {
    const child = spawn(
      process.execPath,
      [MAIN, "devnet", "--no-scenario", "--dir", dir, "--rpc-port", "0", "--node-port", "0"],
      { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await until(() => stdout.includes("Press Ctrl-C to stop it."), 120_000);
      const network = readNetworkFile(join(dir, "devnet.json"));
      const health = await fetch(`${network.nodes[0]!.url}/health`);
      expect(health.status).to.equal(200);
      expect(stdout).to.contain(network.rpcUrl);

      child.kill("SIGINT");
      expect(await exited).to.equal(0);
      const after = await fetch(`${network.nodes[0]!.url}/health`).then(
        () => "answered",
        () => "refused",
      );
      expect(after).to.equal("refused");
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("refuses bad options with one line and exit code 1", async function () {
    for (const args of [
      ["--nodes", "1"],
      ["--nodes", "zero"],
      ["--rpc-port", "70000"],
    ]) {
      const run = await runCli(["devnet", "--once", "--dir", dir, ...args]);
      expect(run.code, args.join(" ")).to.equal(1);
      expect(errorOf(run)).to.match(/^error: --(nodes|rpc-port): /);
    }
  });
});

/** Resolves once `condition()` holds (checked every 100 ms); rejects after `ms`. */
async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
