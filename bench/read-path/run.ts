/**
 * The read-path benchmark's method: load from autocannon in a child process (so the load generator does not share
 * the servers' event loop), only on 127.0.0.1, bounded in time (or in request count for the smoke run); one
 * discarded warm-up round per side, then alternating rounds bare, node, bare, node …; per side the median over
 * rounds of requests/s and of p50/p99 latency, and the sums of errors and non-2xx answers.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

import type { ReadPathSetup } from "./setup.ts";

/** How much load, and how long. */
export type BenchOptions = {
  /** Measured rounds per side (after the warm-up). */
  rounds: number;
  /** Seconds per round (ignored when `amount` is set). */
  durationSeconds: number;
  /** Requests per round instead of a duration (the smoke test's bound). */
  amount?: number;
  connections: number;
  pipelining: number;
  /** Seconds of the discarded warm-up round per side (or `amount` requests when `amount` is set). */
  warmupSeconds: number;
};

/** One autocannon round's figures. */
export type RoundFigures = {
  side: "bare" | "node";
  round: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

/** One side's summary over its measured rounds. */
export type SideSummary = {
  medianRequestsPerSecond: number;
  minRequestsPerSecond: number;
  maxRequestsPerSecond: number;
  medianLatencyP50Ms: number;
  medianLatencyP99Ms: number;
  totalRequests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

/** What the benchmark reports (and writes to bench/results/read-path.json). */
export type ReadPathResult = {
  target: { ratio: number; statement: string };
  options: BenchOptions;
  machine: { cpus: number; node: string; platform: string };
  payload: { envelopeBytes: number; bodyBytes: number; contentType: string };
  bare: SideSummary;
  node: SideSummary;
  /** node median requests/s ÷ bare median requests/s. */
  ratio: number;
  /** Per-round ratios (node round i ÷ bare round i, each pair measured back to back). */
  pairRatios: number[];
  meetsTarget: boolean;
  /** Audit rows the node appended during the measured and warm-up rounds (one per grantee read, by design). */
  auditRowsWritten: number;
  rounds: RoundFigures[];
  measuredAt: string;
};

/** The statement the ratio is checked against. */
export const TARGET_RATIO = 0.5;

const require = createRequire(import.meta.url);
const AUTOCANNON_CLI = require.resolve("autocannon/autocannon.js");

/** Defaults for `npm run bench:read`; each can be overridden by an environment variable. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const number = (name: string, fallback: number, { min, max }: { min: number; max: number }): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be in [${min}, ${max}]`);
    return value;
  };
  const amount = env.READ_BENCH_AMOUNT ? number("READ_BENCH_AMOUNT", 0, { min: 1, max: 1_000_000 }) : undefined;
  return {
    rounds: Math.round(number("READ_BENCH_ROUNDS", 5, { min: 1, max: 20 })),
    durationSeconds: number("READ_BENCH_DURATION", 5, { min: 1, max: 30 }),
    ...(amount === undefined ? {} : { amount: Math.round(amount) }),
    connections: Math.round(number("READ_BENCH_CONNECTIONS", 10, { min: 1, max: 100 })),
    pipelining: Math.round(number("READ_BENCH_PIPELINING", 1, { min: 1, max: 10 })),
    warmupSeconds: number("READ_BENCH_WARMUP", 3, { min: 1, max: 30 }),
  };
}

/** The median of `values` (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

type AutocannonJson = {
  duration: number;
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
};

/** Runs autocannon once against `url` in a child process; refuses any host but 127.0.0.1. */
async function autocannon(
  url: string,
  authorization: string,
  {
    connections,
    pipelining,
    seconds,
    amount,
  }: { connections: number; pipelining: number; seconds: number; amount?: number },
): Promise<AutocannonJson> {
  if (new URL(url).hostname !== "127.0.0.1") throw new Error(`refusing to load ${url}: only 127.0.0.1`);
  const args = [
    AUTOCANNON_CLI,
    "--json",
    "--no-progress",
    "-c",
    String(connections),
    "-p",
    String(pipelining),
    ...(amount === undefined ? ["-d", String(seconds)] : ["-a", String(amount)]),
    "-t",
    "10",
    "-H",
    `authorization=${authorization}`,
    url,
  ];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // Hard bound: the round's length plus a generous margin for start-up and stalls.
  const limitMs = (amount === undefined ? seconds : 60) * 1000 + 30_000;
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code !== 0) throw new Error(`autocannon exited with ${code}: ${stderr.trim()}`);
  const line = stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as AutocannonJson;
}

function figures(side: "bare" | "node", round: number, json: AutocannonJson): RoundFigures {
  // autocannon's `duration` is in seconds; requests/s over the whole round (not its per-second sample mean).
  const seconds = json.duration;
  return {
    side,
    round,
    requests: json.requests.total,
    seconds,
    requestsPerSecond: seconds > 0 ? json.requests.total / seconds : 0,
    latencyP50Ms: json.latency.p50,
    latencyP99Ms: json.latency.p99,
    ok2xx: json["2xx"],
    non2xx: json.non2xx,
    errors: json.errors,
    timeouts: json.timeouts,
  };
}

function summarize(rounds: readonly RoundFigures[]): SideSummary {
  const rates = rounds.map((entry) => entry.requestsPerSecond);
  const sum = (pick: (entry: RoundFigures) => number): number =>
    rounds.reduce((total, entry) => total + pick(entry), 0);
  return {
    medianRequestsPerSecond: median(rates),
    minRequestsPerSecond: Math.min(...rates),
    maxRequestsPerSecond: Math.max(...rates),
    medianLatencyP50Ms: median(rounds.map((entry) => entry.latencyP50Ms)),
    medianLatencyP99Ms: median(rounds.map((entry) => entry.latencyP99Ms)),
    totalRequests: sum((entry) => entry.requests),
    ok2xx: sum((entry) => entry.ok2xx),
    non2xx: sum((entry) => entry.non2xx),
    errors: sum((entry) => entry.errors),
    timeouts: sum((entry) => entry.timeouts),
  };
}

/** Audit rows on record for the setup's owner. */
function auditRows(setup: ReadPathSetup): number {
  return setup.parts.store.auditLog.listByOwner({ chainId: setup.chainId, owner: setup.owner, limit: 1_000_000_000 })
    .length;
}

/**
 * Runs the warm-up and the alternating rounds against both sides of `setup`.
 *
 * @example
 * ```ts
 * const result = await runReadPathBench(setup, optionsFromEnv());
 * ```
 */
export async function runReadPathBench(
  setup: ReadPathSetup,
  options: BenchOptions,
  log: (line: string) => void = () => {},
): Promise<ReadPathResult> {
  const load = { connections: options.connections, pipelining: options.pipelining };
  const auditBefore = auditRows(setup);

  for (const [side, base] of [
    ["bare", setup.bareUrl],
    ["node", setup.nodeUrl],
  ] as const) {
    const warm = await autocannon(`${base}${setup.path}`, setup.authorization, {
      ...load,
      seconds: options.warmupSeconds,
      ...(options.amount === undefined ? {} : { amount: options.amount }),
    });
    log(`warm-up ${side}: ${warm.requests.total} requests (discarded)`);
  }

  const rounds: RoundFigures[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const [side, base] of [
      ["bare", setup.bareUrl],
      ["node", setup.nodeUrl],
    ] as const) {
      const json = await autocannon(`${base}${setup.path}`, setup.authorization, {
        ...load,
        seconds: options.durationSeconds,
        ...(options.amount === undefined ? {} : { amount: options.amount }),
      });
      const entry = figures(side, round, json);
      rounds.push(entry);
      log(
        `round ${round} ${side}: ${entry.requestsPerSecond.toFixed(0)} req/s, p50 ${entry.latencyP50Ms} ms, ` +
          `p99 ${entry.latencyP99Ms} ms, non-2xx ${entry.non2xx}, errors ${entry.errors}`,
      );
    }
  }

  const bare = summarize(rounds.filter((entry) => entry.side === "bare"));
  const node = summarize(rounds.filter((entry) => entry.side === "node"));
  const ratio = bare.medianRequestsPerSecond > 0 ? node.medianRequestsPerSecond / bare.medianRequestsPerSecond : 0;
  const pairRatios = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    const b = rounds.find((entry) => entry.side === "bare" && entry.round === round)!;
    const n = rounds.find((entry) => entry.side === "node" && entry.round === round)!;
    pairRatios.push(b.requestsPerSecond > 0 ? n.requestsPerSecond / b.requestsPerSecond : 0);
  }
  const { availableParallelism } = await import("node:os");
  return {
    target: {
      ratio: TARGET_RATIO,
      statement:
        "grant-checked reads at no less than half the rate of a bare fastify server returning the same bytes, " +
        "measured side by side",
    },
    options,
    machine: { cpus: availableParallelism(), node: process.version, platform: process.platform },
    payload: { envelopeBytes: setup.envelopeBytes, bodyBytes: setup.body.length, contentType: setup.contentType },
    bare,
    node,
    ratio,
    pairRatios,
    meetsTarget: ratio >= TARGET_RATIO && node.non2xx === 0 && node.errors === 0,
    auditRowsWritten: auditRows(setup) - auditBefore,
    rounds,
    measuredAt: new Date().toISOString(),
  };
}
