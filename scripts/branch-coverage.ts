/**
 * Branch coverage of the shipped contracts, which Hardhat 3's own coverage does not measure (its EDR engine reports
 * lines and statements only).
 *
 * How: copies the project into `.branch-coverage/`, rewrites every `if` of every shipped contract so that each of
 * its two outcomes starts with a probe statement on a line of its own (`if (c) { probe; … } else { probe; … }`),
 * runs the contract tests there with `hardhat test --coverage`, and reads each probe line's hit count from the
 * copy's lcov. A branch is covered when its probe line ran. Shipped contracts may not use `?:`, whose arms have no
 * statement to probe; `&&`/`||` short-circuits are conditions, not branches, and are not counted.
 *
 * Fails unless every branch of every shipped contract (contracts/, except contracts/mocks/) is taken.
 */
import { spawnSync } from "node:child_process";
import { cp, mkdir, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { parse, visit } from "@solidity-parser/parser";
import { lineHitsByFile } from "./lcov.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const COPY = join(ROOT, ".branch-coverage");
const SHIPPED = /^contracts\/(?!mocks\/).*\.sol$/;
const COPIED = [
  "contracts",
  "test",
  "bench",
  "sdk",
  "deploy",
  "hardhat.config.ts",
  "package.json",
  "tsconfig.json",
  "remappings.txt",
];
const TESTS = ["test/solidity", "test/contracts", "test/deploy"];
const PROBE = "__idemBranchProbe";

/** One branch outcome of one `if`, located in the original source. */
type Branch = { file: string; line: number; outcome: "true" | "false"; probeLine: number };

/** One text insertion into a source file. */
type Insertion = { at: number; text: string; order: number };

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Rewrites `source` so every `if` outcome begins with a probe call; returns the new text and the probe list. */
function instrument(file: string, source: string): { text: string; branches: Omit<Branch, "probeLine">[] } {
  const ast = parse(source, { range: true, loc: true });
  const insertions: Insertion[] = [];
  const branches: Omit<Branch, "probeLine">[] = [];
  let ternaries = 0;
  visit(ast, {
    Conditional: () => {
      ternaries += 1;
    },
    IfStatement: (node) => {
      const line = node.loc!.start.line;
      const [trueStart, trueEnd] = node.trueBody.range!;
      insertions.push({ at: trueStart, text: `{\n${PROBE}(${branches.length});\n`, order: 1 });
      insertions.push({ at: trueEnd + 1, text: "\n}", order: 1 });
      branches.push({ file, line, outcome: "true" });
      if (node.falseBody) {
        const [falseStart, falseEnd] = node.falseBody.range!;
        insertions.push({ at: falseStart, text: `{\n${PROBE}(${branches.length});\n`, order: 1 });
        insertions.push({ at: falseEnd + 1, text: "\n}", order: 1 });
      } else {
        insertions.push({ at: trueEnd + 1, text: ` else {\n${PROBE}(${branches.length});\n}`, order: 0 });
      }
      branches.push({ file, line, outcome: "false" });
    },
  });
  if (ternaries > 0) throw new Error(`${file}: ${ternaries} "?:" expression(s); write them as if/else`);
  // Apply from the end so earlier offsets stay valid. At one offset, a later insertion lands before an earlier
  // one, so the lower `order` goes first: the appended `else` ends up after the `}` that closes the true arm.
  insertions.sort((a, b) => b.at - a.at || a.order - b.order);
  let text = source;
  for (const { at, text: inserted } of insertions) text = text.slice(0, at) + inserted + text.slice(at);
  if (branches.length > 0) text += `\n// solhint-disable-next-line\nfunction ${PROBE}(uint256) pure {}\n`;
  return { text, branches };
}

/** Lines (1-based) at which each probe index sits in `text`. */
function probeLines(text: string): Map<number, number> {
  const lines = new Map<number, number>();
  text.split("\n").forEach((line, i) => {
    const match = new RegExp(`^${PROBE}\\((\\d+)\\);$`).exec(line.trim());
    if (match) lines.set(Number(match[1]), i + 1);
  });
  return lines;
}

await rm(COPY, { recursive: true, force: true });
await mkdir(COPY);
for (const entry of COPIED) await cp(join(ROOT, entry), join(COPY, entry), { recursive: true });
await symlink(join(ROOT, "node_modules"), join(COPY, "node_modules"));

const branches: Branch[] = [];
for (const file of (await filesUnder("contracts")).filter((path) => SHIPPED.test(path))) {
  const { text, branches: found } = instrument(file, await readFile(join(ROOT, file), "utf8"));
  await writeFile(join(COPY, file), text);
  const lines = probeLines(text);
  found.forEach((branch, index) => branches.push({ ...branch, probeLine: lines.get(index)! }));
}

const testFiles = (await Promise.all(TESTS.map(filesUnder))).flat().filter((path) => /\.(t\.sol|test\.ts)$/.test(path));
const run = spawnSync("npx", ["hardhat", "test", "--coverage", "--grep-exclude", "gas ceilings", ...testFiles], {
  cwd: COPY,
  stdio: ["ignore", "ignore", "inherit"],
  encoding: "utf8",
});
if (run.status !== 0) throw new Error(`the instrumented test run failed (exit ${run.status})`);

const hitsByFile = lineHitsByFile(await readFile(join(COPY, "coverage", "lcov.info"), "utf8"));
let missed = 0;
for (const file of [...new Set(branches.map((branch) => branch.file))]) {
  const hits = hitsByFile.get(file) ?? new Map<number, number>();
  const own = branches.filter((branch) => branch.file === file);
  const untaken = own.filter((branch) => !((hits.get(branch.probeLine) ?? 0) > 0));
  missed += untaken.length;
  const percent = (((own.length - untaken.length) / own.length) * 100).toFixed(2);
  const note = untaken.map((branch) => `line ${branch.line} ${branch.outcome}`).join(", ");
  console.log(
    `${percent.padStart(6)}% branches (${own.length - untaken.length}/${own.length})  ${file}${note ? `  untaken: ${note}` : ""}`,
  );
}
await rm(COPY, { recursive: true, force: true });
if (missed > 0) {
  console.error(`branch coverage: ${missed} branch outcome(s) never taken`);
  process.exit(1);
}
console.log(`branch coverage: ${branches.length} branch outcomes in the shipped contracts, every one taken`);
