/**
 * Fails unless every shipped contract (contracts/, test-only contracts/mocks/ excluded) has every line covered in
 * coverage/lcov.info, as written by `hardhat test --coverage`.
 *
 * Hardhat 3's coverage (EDR) reports lines and statements but no branches; scripts/branch-coverage.ts measures
 * those.
 */
import { readFile } from "node:fs/promises";
import { lineHitsByFile } from "./lcov.ts";

const LCOV = new URL("../coverage/lcov.info", import.meta.url);
const SHIPPED = /^contracts\/(?!mocks\/)/;

const shipped = [...lineHitsByFile(await readFile(LCOV, "utf8"))]
  .filter(([path]) => SHIPPED.test(path))
  .map(([path, hits]) => ({
    path,
    linesFound: hits.size,
    linesHit: [...hits.values()].filter((count) => count > 0).length,
    missed: [...hits].filter(([, count]) => count === 0).map(([line]) => line),
  }));
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
