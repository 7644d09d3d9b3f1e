/**
 * `idem node start`: runs a storage node from its config file, as `node node/src/server.ts` does (the node's own
 * `loadConfig`, `startNode` and graceful shutdown on SIGINT / SIGTERM); its log goes to stderr, the started node's
 * URL, address and peer id to stdout.
 */
import { pino } from "pino";

import { ConfigError } from "../../../node/src/errors.ts";
import { loadConfig } from "../../../node/src/config/load-config.ts";
import { createLogger } from "../../../node/src/logging/logger.ts";
import { closeOnSignal, startNode } from "../../../node/src/server.ts";
import type { CommandInput } from "../command-input.ts";
import { CliError } from "../errors.ts";

/**
 * `idem node start` options.
 *
 * @example
 * ```ts
 * const options: NodeStartOptions = { config: "node.json" };
 * ```
 */
export type NodeStartOptions = { config: string };

/**
 * Starts the node; it runs until a signal.
 *
 * @example
 * ```ts
 * await nodeStart({ options: { config: "node.json" }, globals: {}, env: process.env, output });
 * ```
 */
export async function nodeStart({ options, env, output }: CommandInput<NodeStartOptions>): Promise<void> {
  let config;
  try {
    config = loadConfig({ path: options.config, env });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliError(`${options.config}: invalid node configuration: ${error.issues.join("; ")}`);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, destination: pino.destination(2) });
  const node = await startNode({ config, logger });
  closeOnSignal({ node, logger });
  output.result(
    { url: node.url, nodeAddress: node.nodeAddress, peerId: node.peerId, multiaddrs: node.multiaddrs() },
    `node ${node.nodeAddress} listening on ${node.url}\npeer id: ${node.peerId}\n(stop with Ctrl-C)`,
  );
}
