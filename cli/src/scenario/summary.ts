/**
 * The scenario's JSON summary (written where `IDEM_SUMMARY` points): every step's check, every step's time, the
 * failure if any, and the network it ran on.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import type { IdemNetwork } from "../network/network-file.ts";
import type { ScenarioResult } from "./run-scenario.ts";

/**
 * The summary's shape.
 *
 * @example
 * ```ts
 * const summary: ScenarioSummary = JSON.parse(readFileSync(process.env.IDEM_SUMMARY!, "utf8"));
 * if (!summary.ok) console.error(summary.failedStep, summary.error);
 * ```
 */
export type ScenarioSummary = {
  ok: boolean;
  steps: ScenarioResult["steps"];
  timingsMs: ScenarioResult["timingsMs"];
  /** The step that failed, or null. */
  failedStep: string | null;
  /** Why it failed (one line), or null. */
  error: string | null;
  /** Time to start the devnet (compile, chain, deploy, nodes), ms. */
  devnetStartMs: number;
  /** Devnet start plus scenario, ms. */
  totalMs: number;
  network: IdemNetwork;
};

/**
 * The summary of `result`.
 *
 * @example
 * ```ts
 * const summary = scenarioSummary({ result, network, devnetStartMs: 4200, totalMs: 9100 });
 * ```
 */
export function scenarioSummary({
  result,
  network,
  devnetStartMs,
  totalMs,
}: {
  result: ScenarioResult;
  network: IdemNetwork;
  devnetStartMs: number;
  totalMs: number;
}): ScenarioSummary {
  return {
    ok: result.ok,
    steps: result.steps,
    timingsMs: result.timingsMs,
    failedStep: result.failed?.step ?? null,
    error: result.failed?.message ?? null,
    devnetStartMs: Math.round(devnetStartMs),
    totalMs: Math.round(totalMs),
    network,
  };
}

/**
 * Writes the summary as JSON atomically (temp file, then rename), creating the directory.
 *
 * @example
 * ```ts
 * writeSummary(process.env.IDEM_SUMMARY, summary);
 * ```
 */
export function writeSummary(path: string, summary: ScenarioSummary): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(temporary, path);
}
