/**
 * The node reads wall-clock time through one seam, so tests set the time instead of sleeping. (Grant checks use
 * block time from the chain, never this clock.)
 */

/**
 * Returns the current time in unix milliseconds.
 *
 * @example
 * ```ts
 * const fixed: Clock = () => Date.parse("2030-01-01T00:00:00Z");
 * ```
 */
export type Clock = () => number;

/**
 * The system clock.
 *
 * @example
 * ```ts
 * buildApp({ ..., clock: systemClock });
 * ```
 */
export const systemClock: Clock = () => Date.now();

/**
 * The clock's time in whole unix seconds (what the store keeps).
 *
 * @example
 * ```ts
 * const now = unixSeconds(clock);
 * ```
 */
export function unixSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}
