/**
 * Reads the `DA:` line records of an lcov file, as Hardhat's coverage writes it (it writes no branch records).
 */

/**
 * Hit count of every instrumented line, per source file path.
 *
 * @example
 * ```ts
 * const hits = lineHitsByFile(await readFile("coverage/lcov.info", "utf8")).get("contracts/AccessGrants.sol");
 * ```
 */
export function lineHitsByFile(lcov: string): Map<string, Map<number, number>> {
  const files = new Map<string, Map<number, number>>();
  let current: Map<number, number> | undefined;
  for (const line of lcov.split("\n")) {
    if (line.startsWith("SF:")) {
      current = new Map();
      files.set(line.slice(3), current);
    } else if (current && line.startsWith("DA:")) {
      const [lineNumber, count] = line.slice(3).split(",").map(Number);
      current.set(lineNumber!, count!);
    }
  }
  return files;
}
