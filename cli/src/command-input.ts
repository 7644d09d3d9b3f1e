/** What cli.ts hands every command: its own options, the program's options, the environment and the output. */
import type { GlobalOptions } from "./global-options.ts";
import type { Output } from "./output.ts";

/**
 * One command's input.
 *
 * @example
 * ```ts
 * export async function revoke({ options, globals, env, output }: CommandInput<RevokeOptions>): Promise<void> { … }
 * ```
 */
export type CommandInput<Options> = {
  options: Options;
  globals: GlobalOptions;
  env: NodeJS.ProcessEnv;
  output: Output;
};
