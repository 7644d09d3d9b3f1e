/**
 * The scenario's progress list on a terminal: one line per step with a tick or a cross, its number, its title and
 * its time, and a note under it. On a TTY the running step shows first and is overwritten when it ends.
 */
import type { Writable } from "node:stream";

import type { ScenarioReporter } from "./run-scenario.ts";
import { SCENARIO_STEPS, STEP_TITLES, type ScenarioStep } from "./steps.ts";

/**
 * A reporter that writes the progress list to `out`.
 *
 * @example
 * ```ts
 * await runScenario({ network, provider, increaseTime, reporter: progressList(process.stdout) });
 * ```
 */
export function progressList(out: Writable & { isTTY?: boolean }): ScenarioReporter {
  const total = SCENARIO_STEPS.length;
  const label = (step: ScenarioStep | "setup", index: number): string =>
    step === "setup" ? "Binding the roles" : `${String(index + 1).padStart(2)}/${total} ${STEP_TITLES[step]}`;
  const clear = (): void => {
    if (out.isTTY === true) out.write("\r\x1b[2K");
  };
  return {
    started(step, index) {
      if (out.isTTY === true) out.write(`  … ${label(step, index)}`);
    },
    passed(step, index, ms, note) {
      clear();
      out.write(`  ✓ ${label(step, index)}  ${formatMs(ms)}\n      ${note}\n`);
    },
    failed(step, index, ms, message) {
      clear();
      out.write(`  ✗ ${label(step, index)}  ${formatMs(ms)}\n      ${message}\n`);
    },
  };
}

/** `412 ms` or `3.1 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
