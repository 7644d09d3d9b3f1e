/**
 * `npm run bench:read`: grant-checked reads on a real node against a bare fastify app serving the same bytes,
 * measured side by side on 127.0.0.1 (alternating rounds, warm-up discarded, medians per side). Prints a table
 * with the ratio node/bare against the design's target (≥ 0.5) and writes bench/results/read-path.json. When the
 * ratio misses the target, a brief profile of the read path follows (also written to the JSON).
 *
 * Knobs (environment): READ_BENCH_ROUNDS (5), READ_BENCH_DURATION seconds per round (5), READ_BENCH_CONNECTIONS
 * (10), READ_BENCH_PIPELINING (1), READ_BENCH_WARMUP seconds (3), READ_BENCH_AMOUNT (requests per round instead of
 * a duration), READ_BENCH_PROFILE (auto | always | never).
 */
import { mkdir, writeFile } from "node:fs/promises";

import { profileReadPath } from "./read-path/profile.ts";
import type { ReadPathProfile } from "./read-path/profile.ts";
import { TARGET_RATIO, optionsFromEnv, runReadPathBench } from "./read-path/run.ts";
import { readPathSetup } from "./read-path/setup.ts";

const RESULTS = new URL("./results/read-path.json", import.meta.url);

const options = optionsFromEnv();
const profileMode = process.env.READ_BENCH_PROFILE ?? "auto";
const setup = await readPathSetup();
try {
  console.log(
    `node ${setup.nodeUrl}  bare ${setup.bareUrl}  GET ${setup.path}\n` +
      `envelope ${setup.envelopeBytes} B as stored, response body ${setup.body.length} B (identical on both sides)\n` +
      `rounds ${options.rounds} × ${options.amount === undefined ? `${options.durationSeconds} s` : `${options.amount} requests`}` +
      ` per side, alternating bare/node; connections ${options.connections}, pipelining ${options.pipelining}; ` +
      `warm-up ${options.warmupSeconds} s per side discarded`,
  );
  const result = await runReadPathBench(setup, options, (line) => console.log(`  ${line}`));

  const row = (side: "bare" | "node") => {
    const summary = result[side];
    return {
      side,
      "median req/s": Math.round(summary.medianRequestsPerSecond),
      "min..max req/s": `${Math.round(summary.minRequestsPerSecond)}..${Math.round(summary.maxRequestsPerSecond)}`,
      "p50 ms (median)": summary.medianLatencyP50Ms,
      "p99 ms (median)": summary.medianLatencyP99Ms,
      requests: summary.totalRequests,
      errors: summary.errors + summary.timeouts,
      "non-2xx": summary.non2xx,
    };
  };
  console.table([row("bare"), row("node")]);
  console.table([
    {
      "ratio node/bare (medians)": result.ratio.toFixed(3),
      "per-round ratios": result.pairRatios.map((ratio) => ratio.toFixed(2)).join(" "),
      target: `≥ ${TARGET_RATIO}`,
      meets: result.meetsTarget ? "yes" : "NO",
    },
  ]);
  console.log(
    `note: every grantee read appends an audit row and answers only once it is durable (WAL, synchronous = FULL; ` +
      `rows are group-committed on a worker thread, so concurrent reads share an fsync) — part of the measured path by design. ${result.auditRowsWritten} audit rows ` +
      `were written during these rounds (node 2xx in measured rounds: ${result.node.ok2xx}).`,
  );

  let profile: ReadPathProfile | undefined;
  if (profileMode === "always" || (profileMode === "auto" && !result.meetsTarget)) {
    console.log("\nprofile of the grantee read (median µs per call, in-process):");
    profile = await profileReadPath(setup, { ...options, rounds: Math.min(options.rounds, 3) });
    console.table(
      profile.steps.map(({ step, medianMicroseconds }) => ({ step, "µs/call": medianMicroseconds.toFixed(1) })),
    );
    const diagnostics = [
      ["audit append stubbed", profile.withoutAudit],
      ["audit stubbed + envelope from memory", profile.withoutAuditCachedBlock],
    ] as const;
    console.log("diagnostics (patched in this process's memory only, never in the repo):");
    console.table(
      diagnostics
        .filter(([, rates]) => rates !== undefined)
        .map(([variant, rates]) => ({
          variant,
          "node median req/s": Math.round(rates!.nodeMedianRequestsPerSecond),
          "bare median req/s": Math.round(rates!.bareMedianRequestsPerSecond),
          ratio: rates!.ratio.toFixed(3),
        })),
    );
  }

  await mkdir(new URL("./results/", import.meta.url), { recursive: true });
  await writeFile(
    RESULTS,
    JSON.stringify({ ...result, ...(profile === undefined ? {} : { profile }) }, null, 2) + "\n",
  );
  console.log(`wrote ${RESULTS.pathname}`);
  if (!result.meetsTarget) process.exitCode = 1;
} finally {
  await setup.close();
}
