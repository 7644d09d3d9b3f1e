#!/usr/bin/env node
/**
 * The `idem` executable. Run `idem --help`, or `npm run idem -- --help` in this repository.
 *
 * @module
 */
import { runCli } from "./cli.ts";

process.exitCode = await runCli(process.argv.slice(2), process.env);
