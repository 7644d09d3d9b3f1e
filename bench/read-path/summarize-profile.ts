/**
 * Summarizes a V8 `.cpuprofile` (the `Profiler.stop` result): self time per function and per file, as a share of
 * all samples.
 */

/**
 * The parts of a V8 CPU profile this summary reads.
 *
 * @example
 * ```ts
 * const { profile } = await session.post("Profiler.stop") as { profile: CpuProfile };
 * ```
 */
export type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
};

/**
 * One row of the summary.
 *
 * @example
 * ```ts
 * { frame: "serialize node_modules/fastify/lib/reply.js:1", "self %": "3.1" }
 * ```
 */
export type ProfileRow = { frame: string; "self %": string };

const shortUrl = (url: string): string =>
  url === "" ? "(native)" : url.replace(/^file:\/\//, "").replace(/^.*?\/(node_modules\/|node\/|bench\/)/, "$1");

/**
 * The `top` frames by self time, by function (name, file, line) and by file.
 *
 * @example
 * ```ts
 * const { byFunction, byFile } = summarizeProfile(profile, { top: 30 });
 * console.table(byFunction);
 * ```
 */
export function summarizeProfile(
  profile: CpuProfile,
  { top = 30 }: { top?: number } = {},
): { byFunction: ProfileRow[]; byFile: ProfileRow[] } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = nodes.get(id);
    if (frame === undefined) continue;
    const file = shortUrl(frame.url);
    const name = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + 1);
    files.set(file, (files.get(file) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const rows = (counts: Map<string, number>): ProfileRow[] =>
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, count]) => ({ frame, "self %": ((100 * count) / total).toFixed(1) }));
  return { byFunction: rows(functions), byFile: rows(files) };
}
