#!/usr/bin/env node
/**
 * The `idem` executable. Run `idem --help`, or `npm run idem -- --help` in this repository.
 *
 * @module
 */
import { runCli } from "./cli.ts";

// A reader that stops early (`idem read … | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(process.argv.slice(2), process.env);
