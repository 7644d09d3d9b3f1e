/**
 * A scenario step whose check failed: what was expected and what the run saw.
 */

/**
 * A failed check inside a scenario step.
 *
 * @example
 * ```ts
 * throw new ScenarioCheckError("the exchange read other bytes than the user stored");
 * ```
 */
export class ScenarioCheckError extends Error {
  override name = "ScenarioCheckError";
}

/**
 * Throws {@link ScenarioCheckError} with `message` unless `condition` holds.
 *
 * @example
 * ```ts
 * check(stored.length >= 2, `the write landed on ${stored.length} node(s), not 2 or more`);
 * ```
 */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ScenarioCheckError(message);
}
