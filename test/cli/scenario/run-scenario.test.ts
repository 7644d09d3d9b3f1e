/**
 * The guided scenario against real devnets (EDR over JSON-RPC, Ignition deployment, three real nodes): every step
 * passes and its check is true on a healthy devnet; with a node stopped mid-run, the run stops at the step whose check
 * fails, names it, and leaves the later steps false and untimed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { startDevnet, type Devnet } from "../../../cli/src/devnet/start-devnet.ts";
import { runScenario, type ScenarioReporter } from "../../../cli/src/scenario/run-scenario.ts";
import { SCENARIO_STEPS } from "../../../cli/src/scenario/steps.ts";

describe("runScenario", function () {
  this.timeout(180_000);
  let dir: string;
  let devnet: Devnet | undefined;

  beforeEach(async function () {
    dir = mkdtempSync(join(tmpdir(), "idem-scenario-"));
    devnet = await startDevnet({ dir, rpcPort: 0, firstNodePort: 0 });
  });

  afterEach(async function () {
    await devnet?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A reporter that records what it was told. */
  function recorder(): ScenarioReporter & { lines: string[] } {
    const lines: string[] = [];
    return {
      lines,
      started: (step) => void lines.push(`started ${step}`),
      passed: (step) => void lines.push(`passed ${step}`),
      failed: (step, _index, _ms, message) => void lines.push(`failed ${step}: ${message}`),
    };
  }

  it("passes all ten steps on a healthy devnet, each timed, in order", async function () {
    const reporter = recorder();
    const result = await runScenario({
      network: devnet!.network,
      provider: devnet!.chain.provider,
      increaseTime: devnet!.increaseTime,
      reporter,
    });

    expect(result.failed).to.equal(undefined);
    expect(result.ok).to.equal(true);
    expect(Object.keys(result.steps)).to.deep.equal([...SCENARIO_STEPS]);
    expect(Object.values(result.steps).every((passed) => passed)).to.equal(true);
    for (const step of SCENARIO_STEPS) expect(result.timingsMs[step]).to.be.a("number").and.be.at.least(0);
    expect(reporter.lines).to.deep.equal(SCENARIO_STEPS.flatMap((step) => [`started ${step}`, `passed ${step}`]));
  });

  it("stops at the step whose check fails and names it (a node down: the data is not on every node)", async function () {
    const reporter = recorder();
    const recordPassed = reporter.passed;
    // Node 3 goes down once the credential is issued, before the user stores it.
    reporter.passed = async (step, ...rest) => {
      await recordPassed(step, ...rest);
      if (step === "issued") await devnet!.nodes[2]!.running.close();
    };
    const result = await runScenario({
      network: devnet!.network,
      provider: devnet!.chain.provider,
      increaseTime: devnet!.increaseTime,
      reporter,
    });

    expect(result.ok).to.equal(false);
    expect(result.failed?.step).to.equal("stored");
    expect(result.steps.issued).to.equal(true);
    for (const step of SCENARIO_STEPS.slice(1)) expect(result.steps[step], step).to.equal(false);
    expect(result.timingsMs.stored).to.be.a("number");
    for (const step of SCENARIO_STEPS.slice(2)) expect(result.timingsMs[step], step).to.equal(null);
    expect(reporter.lines.at(-1)).to.match(/^failed stored: /);
  });
});
