/**
 * Fails unless every shipped contract (contracts/, test-only contracts/mocks/ excluded) has every line covered in
 * coverage/lcov.info, as written by `hardhat test --coverage`.
 *
 * Hardhat 3's coverage (EDR) reports lines and statements but no branches; scripts/branch-coverage.ts measures
 * those.
 */
import { readFile } from "node:fs/promises";

const LCOV = new URL("../coverage/lcov.info", import.meta.url);
const SHIPPED = /^contracts\/(?!mocks\/)/;

/** Coverage of one source file. */
type FileCoverage = { path: string; linesFound: number; linesHit: number; missed: number[] };

function parseLcov(text: string): FileCoverage[] {
  const files: FileCoverage[] = [];
  let current: FileCoverage | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("SF:")) {
      current = { path: line.slice(3), linesFound: 0, linesHit: 0, missed: [] };
      files.push(current);
    } else if (current && line.startsWith("DA:")) {
      const [lineNumber, count] = line.slice(3).split(",").map(Number);
      current.linesFound += 1;
      if (count! > 0) current.linesHit += 1;
      else current.missed.push(lineNumber!);
    }
  }
  return files;
}

const shipped = parseLcov(await readFile(LCOV, "utf8")).filter((file) => SHIPPED.test(file.path));
if (shipped.length === 0) throw new Error(`${LCOV.pathname} lists no shipped contract`);

let complete = true;
for (const file of shipped) {
  const percent = ((file.linesHit / file.linesFound) * 100).toFixed(2);
  const note = file.missed.length > 0 ? `  missed lines: ${file.missed.join(", ")}` : "";
  console.log(`${percent.padStart(6)}% lines  ${file.path}${note}`);
  if (file.missed.length > 0) complete = false;
}
if (!complete) {
  console.error("coverage: every line of the shipped contracts must be covered");
  process.exit(1);
}
console.log(`coverage: ${shipped.length} shipped contracts, every line covered`);
