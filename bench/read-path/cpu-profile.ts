/**
 * `hardhat run bench/read-path/cpu-profile.ts`: a CPU profile of the node's grantee read under load. The node app
 * runs in this process with V8's sampling profiler on (through `node:inspector`), while autocannon, in a child
 * process, drives it for READ_BENCH_DURATION seconds (10 by default). Prints the top frames by self time, by
 * function and by file, and writes the raw profile to bench/results/read-path.cpuprofile (open it in Chrome's
 * DevTools). READ_PROFILE_STUB_AUDIT=1 replaces the audit append by a no-op in this process's memory (as the
 * benchmark's diagnostic does), to see the rest of the read path's CPU without the wait for the fsync.
 */
import { spawn } from "node:child_process";
import { Session } from "node:inspector/promises";
import { createRequire } from "node:module";
import { mkdir, writeFile } from "node:fs/promises";

import { summarizeProfile } from "./summarize-profile.ts";
import type { CpuProfile } from "./summarize-profile.ts";
import { readPathSetup } from "./setup.ts";

const OUTPUT = new URL("../results/read-path.cpuprofile", import.meta.url);
const seconds = Number(process.env.READ_BENCH_DURATION ?? 10);
const require = createRequire(import.meta.url);

const setup = await readPathSetup();
if (process.env.READ_PROFILE_STUB_AUDIT === "1") {
  (setup.parts.auditBatcher as { append: typeof setup.parts.auditBatcher.append }).append = async () => 0;
}
const session = new Session();
session.connect();
try {
  const load = (duration: number) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          require.resolve("autocannon/autocannon.js"),
          "--json",
          "--no-progress",
          "-c",
          "10",
          "-d",
          String(duration),
          "-H",
          `authorization=${setup.authorization}`,
          `${process.env.READ_PROFILE_SIDE === "bare" ? setup.bareUrl : setup.nodeUrl}${setup.path}`,
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
      child.on("error", reject);
      child.on("close", () => resolve(out));
    });
  await load(3); // warm-up: JIT, caches
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  const result = JSON.parse((await load(seconds)).trim().split("\n").pop()!) as {
    requests: { total: number };
    duration: number;
  };
  const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
  console.log(`node under profiler: ${Math.round(result.requests.total / result.duration)} req/s`);
  const summary = summarizeProfile(profile, { top: 40 });
  console.log("\nself time by function:");
  console.table(summary.byFunction);
  console.log("self time by file:");
  console.table(summary.byFile);
  await mkdir(new URL("../results/", import.meta.url), { recursive: true });
  await writeFile(OUTPUT, JSON.stringify(profile));
} finally {
  session.disconnect();
  await setup.close();
}
