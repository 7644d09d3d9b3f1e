/**
 * Runs the guided scenario against a network: the roles are bound, then the ten steps run in order, each timed;
 * the first failing check stops the run and names its step.
 */
import type { JsonRpcProvider } from "ethers";

import type { IdemNetwork } from "../network/network-file.ts";
import { connectActors } from "./actors.ts";
import { STEP_ACTIONS, type ScenarioState } from "./scenario-steps.ts";
import { SCENARIO_STEPS, type ScenarioStep } from "./steps.ts";

/**
 * The outcome of a run: every step's check (true only when the step ran and its check held), its time, and the
 * first failure.
 *
 * @example
 * ```ts
 * const { ok, steps, failed } = await runScenario({ network, provider, increaseTime });
 * if (!ok) console.error(`${failed?.step}: ${failed?.message}`);
 * ```
 */
export type ScenarioResult = {
  ok: boolean;
  steps: Record<ScenarioStep, boolean>;
  /** Milliseconds per step; null for a step that did not run. */
  timingsMs: Record<ScenarioStep, number | null>;
  /** The step that failed (`setup`: binding the roles) and why. */
  failed?: { step: ScenarioStep | "setup"; message: string };
};

/**
 * Hears about each step as it runs (for a progress list). Each call is awaited before the run goes on, so a
 * reporter can also pace the run (wait for a key press between steps, or change the world between them in a test).
 *
 * @example
 * ```ts
 * const reporter: ScenarioReporter = { started() {}, passed: (step, ms) => console.log(`✓ ${step} ${ms} ms`), failed() {} };
 * ```
 */
export type ScenarioReporter = {
  started(step: ScenarioStep, index: number): void | Promise<void>;
  passed(step: ScenarioStep, index: number, ms: number, note: string): void | Promise<void>;
  failed(step: ScenarioStep | "setup", index: number, ms: number, message: string): void | Promise<void>;
};

/**
 * Runs the scenario on `network` (which must have a KYC-gated vault and at least two nodes). `increaseTime` moves
 * the chain's clock (a devnet's `evm_increaseTime`).
 *
 * @example
 * ```ts
 * const result = await runScenario({ network: devnet.network, provider: devnet.chain.provider, increaseTime: devnet.increaseTime });
 * ```
 */
export async function runScenario({
  network,
  provider,
  increaseTime,
  reporter,
}: {
  network: IdemNetwork;
  provider: JsonRpcProvider;
  increaseTime: (seconds: bigint) => Promise<void>;
  reporter?: ScenarioReporter;
}): Promise<ScenarioResult> {
  const steps = Object.fromEntries(SCENARIO_STEPS.map((step) => [step, false])) as Record<ScenarioStep, boolean>;
  const timingsMs = Object.fromEntries(SCENARIO_STEPS.map((step) => [step, null])) as ScenarioResult["timingsMs"];
  const setupStarted = performance.now();
  let state: ScenarioState;
  try {
    state = { network, provider, increaseTime, actors: await connectActors({ network, provider }) };
  } catch (error) {
    const message = messageOf(error);
    await reporter?.failed("setup", 0, performance.now() - setupStarted, message);
    return { ok: false, steps, timingsMs, failed: { step: "setup", message } };
  }
  for (const [index, step] of SCENARIO_STEPS.entries()) {
    await reporter?.started(step, index);
    const started = performance.now();
    try {
      const note = await STEP_ACTIONS[step](state);
      timingsMs[step] = Math.round(performance.now() - started);
      steps[step] = true;
      await reporter?.passed(step, index, timingsMs[step], note);
    } catch (error) {
      timingsMs[step] = Math.round(performance.now() - started);
      const message = messageOf(error);
      await reporter?.failed(step, index, timingsMs[step], message);
      return { ok: false, steps, timingsMs, failed: { step, message } };
    }
  }
  return { ok: true, steps, timingsMs };
}

/** One line: an SDK error's short message, else the error's first line. */
function messageOf(error: unknown): string {
  if (
    typeof error === "object" &&
    error !== null &&
    "shortMessage" in error &&
    typeof error.shortMessage === "string"
  ) {
    return error.shortMessage;
  }
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "unknown error";
}
