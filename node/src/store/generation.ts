/**
 * A counter of writes to the tables a read is served from (`records`, `reader_slots`): every write through their
 * repositories advances it, so a value derived from those tables at one generation is known to be current while
 * the generation has not moved. The node's process is the only writer of those tables.
 */

/**
 * The write counter of the served tables.
 *
 * @example
 * ```ts
 * const generation = createGeneration();
 * const seen = generation.value;
 * generation.advance(); // a write
 * generation.value !== seen; // true
 * ```
 */
export type Generation = {
  /** The current generation. */
  readonly value: number;
  /** Marks a write (called before the statement runs, so no read in between can see it under the old value). */
  advance(): void;
};

/**
 * A counter at 0.
 *
 * @example
 * ```ts
 * const records = recordsRepository(db, createGeneration());
 * ```
 */
export function createGeneration(): Generation {
  let value = 0;
  return {
    get value() {
      return value;
    },
    advance() {
      value += 1;
    },
  };
}
