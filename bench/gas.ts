/**
 * `npm run bench:gas`: measures the AccessGrants hot paths on the in-process chain, prints a table against the
 * ceilings and the reference system's figures, and writes bench/results/gas.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { network } from "hardhat";
import { measureGas } from "./gas/scenarios.ts";
import { GAS_EXTRAS, GAS_TARGETS, REFERENCE_GAS, type GasKey } from "./gas/targets.ts";

const RESULTS = new URL("./results/gas.json", import.meta.url);

const { ethers } = await network.getOrCreate();
const report = await measureGas(ethers);

const rows = [
  ...(Object.keys(GAS_TARGETS) as GasKey[]).map((key) => {
    const target = GAS_TARGETS[key];
    const reference = REFERENCE_GAS[key];
    return {
      key,
      gas: report[key],
      target,
      "of target": `${((report[key] / target) * 100).toFixed(1)}%`,
      "reference system": reference ?? "",
      "x cheaper": reference ? (reference / report[key]).toFixed(1) : "",
      ok: report[key] <= target ? "yes" : "NO",
    };
  }),
  ...GAS_EXTRAS.map((key) => ({ key, gas: report[key], target: "", "of target": "", ok: "" })),
];
console.table(rows);

await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(RESULTS, JSON.stringify(report, null, 2) + "\n");
console.log(`wrote ${RESULTS.pathname}`);

const failed = (Object.keys(GAS_TARGETS) as GasKey[]).filter((key) => report[key] > GAS_TARGETS[key]);
if (failed.length > 0) {
  console.error(`over target: ${failed.join(", ")}`);
  process.exitCode = 1;
}
