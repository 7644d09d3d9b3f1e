/**
 * `node:sqlite`, loaded with its one ExperimentalWarning silenced. Every other warning still prints.
 *
 * The builtin warns when it is first loaded, which a static `import` does before any of this module's code runs;
 * so the filter is installed first and the builtin is imported dynamically after it.
 */
const emitWarning = process.emitWarning.bind(process);

process.emitWarning = function filteredEmitWarning(warning: string | Error, ...rest: unknown[]): void {
  const first = rest[0];
  const type = typeof first === "string" ? first : (first as { type?: string } | undefined)?.type;
  const text = typeof warning === "string" ? warning : warning.message;
  if (type === "ExperimentalWarning" && text.startsWith("SQLite is an experimental feature")) return;
  (emitWarning as (warning: string | Error, ...rest: unknown[]) => void)(warning, ...rest);
} as typeof process.emitWarning;

const sqlite = await import("node:sqlite");

/**
 * The synchronous SQLite database class of `node:sqlite`.
 *
 * @example
 * ```ts
 * const db = new DatabaseSync(":memory:");
 * ```
 */
export const DatabaseSync = sqlite.DatabaseSync;

/** An open `node:sqlite` database. */
export type Database = InstanceType<typeof sqlite.DatabaseSync>;

/** A prepared statement of a {@link Database}. */
export type Statement = ReturnType<Database["prepare"]>;
