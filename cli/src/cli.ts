/**
 * The `idem` command line: declares the commands and their options, dispatches each to `commands/<name>.ts`, and
 * prints every failure the same way (`error: <one line>`, a `hint:` line when there is one, exit code 1; the stack
 * only under `--debug`). Keys are refused on the command line before anything is parsed.
 */
import { Command, CommanderError } from "commander";

import { refuseKeysInArgv } from "./argv-guard.ts";
import type { CommandInput } from "./command-input.ts";
import type { GlobalOptions } from "./global-options.ts";
import { createOutput } from "./output.ts";
import { errorLines } from "./report-error.ts";

const KEYS_HELP = `
Keys: a keystore file (--keystore <file> or IDEM_KEYSTORE, password in IDEM_KEYSTORE_PASSWORD), or IDEM_PRIVATE_KEY.
      Never on the command line. The network: --network <file>, IDEM_NETWORK, or .idem/devnet.json.`;

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), process.env);
 * ```
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    refuseKeysInArgv(argv);
    await createProgram(env).parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    // Commander has printed its own one-line error (or the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    process.stderr.write(`${errorLines(error, { debug }).join("\n")}\n`);
    return 1;
  }
}

/**
 * The program with every command declared.
 *
 * @example
 * ```ts
 * createProgram(process.env).helpInformation();
 * ```
 */
export function createProgram(env: NodeJS.ProcessEnv): Command {
  // Each command's module loads only when it runs: `--help` and quick commands skip the node's and SDK's imports.
  const action =
    <Options>(load: () => Promise<(input: CommandInput<Options>) => Promise<void>>) =>
    async (options: Options, self: Command): Promise<void> => {
      const globals = self.optsWithGlobals<GlobalOptions>();
      const command = await load();
      await command({ options, globals, env, output: createOutput({ json: globals.json === true }) });
    };

  const program = new Command("idem")
    .description("Idem: encrypted credentials on storage nodes, access grants on-chain.")
    .option("--network <file>", "network file (default: IDEM_NETWORK, else .idem/devnet.json)")
    .option("--keystore <file>", "encrypted JSON keystore (default: IDEM_KEYSTORE; else IDEM_PRIVATE_KEY)")
    .option("--json", "print the result as one JSON object on stdout")
    .option("--debug", "print the stack of unexpected errors")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", KEYS_HELP);

  program
    .command("devnet")
    .description("start a local Idem network (chain, contracts, 3 nodes) and run the guided four-role scenario")
    .option("--once", "exit after the scenario: 0 if every step passed, else 1 naming the step (also when CI=true)")
    .option("--no-scenario", "only start the devnet")
    .option("--dir <dir>", "state directory, emptied at start; the network file is <dir>/devnet.json", ".idem")
    .option("--rpc-port <port>", "the chain's JSON-RPC port (taken: another free one; 0: any)", "8545")
    .option("--node-port <port>", "the first node's HTTP port; the others follow (0: any)", "7301")
    .option("--nodes <n>", "how many storage nodes", "3")
    .addHelpText(
      "after",
      "\nExamples:\n  $ idem devnet                     # scenario, then keep the devnet up until Ctrl-C\n  $ IDEM_SUMMARY=summary.json idem devnet --once\n  $ idem devnet --no-scenario       # a devnet for the other commands; they find it in .idem/devnet.json",
    )
    .action(action(async () => (await import("./commands/devnet.ts")).devnet));

  const node = program.command("node").description("run a storage node");
  node
    .command("start")
    .description("start a storage node from its config file; stops gracefully on SIGINT/SIGTERM")
    .requiredOption("--config <file>", "the node's JSON config (IDEM_NODE_* environment overrides apply)")
    .addHelpText("after", "\nExample:\n  $ idem node start --config node.json")
    .action(action(async () => (await import("./commands/node-start.ts")).nodeStart));

  const keys = program.command("keys").description("wallet keystores, issuer keys, encryption keys");
  keys
    .command("generate")
    .description("create a new wallet as an encrypted keystore (password: IDEM_KEYSTORE_PASSWORD), or an issuer key")
    .requiredOption("--out <file>", "where to write it (never replaced; mode 0600)")
    .option("--issuer", "an issuer's Ed25519 signing key (Multikey JSON) instead of a wallet")
    .addHelpText(
      "after",
      "\nExamples:\n  $ IDEM_KEYSTORE_PASSWORD=… idem keys generate --out user.json\n  $ idem keys generate --issuer --out issuer-key.json",
    )
    .action(action(async () => (await import("./commands/keys-generate.ts")).keysGenerate));
  keys
    .command("derive")
    .description("derive the wallet's encryption key pair from its signature; print the public key")
    .addHelpText("after", "\nExample:\n  $ IDEM_KEYSTORE=user.json IDEM_KEYSTORE_PASSWORD=… idem keys derive")
    .action(action(async () => (await import("./commands/keys-derive.ts")).keysDerive));
  keys
    .command("register")
    .description("register the wallet's encryption public key in the KeyRegistry (to be a grantee)")
    .addHelpText("after", "\nExample:\n  $ IDEM_PRIVATE_KEY=… idem keys register --json")
    .action(action(async () => (await import("./commands/keys-register.ts")).keysRegister));

  program
    .command("issue")
    .description(
      "issuer: sign a KYC credential (VC 2.0, eddsa-rdfc-2022) about an account (did:pkh on the network's chain)",
    )
    .requiredOption("--subject <address>", "the credential's subject (the user's account)")
    .option("--level <level>", "KYC level: basic, standard or enhanced", "basic")
    .option("--age-over-18", "attest that the subject is 18 or older")
    .option("--country <code>", "residence country, ISO 3166-1 alpha-2 (e.g. DE)")
    .option("--valid-until <time>", "end of validity (ISO date or unix seconds)")
    .option("--issuer-key <file>", "the issuer's key (default: IDEM_ISSUER_KEY_FILE, else IDEM_ISSUER_KEY)")
    .option("--out <file>", "write the credential here (default: stdout)")
    .addHelpText(
      "after",
      "\nExample:\n  $ idem issue --issuer-key issuer-key.json --subject 0x3C44…93BC --level enhanced --age-over-18 --country DE --out kyc.json",
    )
    .action(action(async () => (await import("./commands/issue.ts")).issue));

  program
    .command("anchor")
    .description("issuer: anchor a credential's dataId on-chain to its subject (prints the dataId)")
    .option("--credential <file>", "the issued credential (its did:pkh subject becomes the owner)")
    .option("--owner <address>", "the owner, instead of the credential's subject")
    .option("--data-id <id>", "the dataId (default: 32 random bytes)")
    .option("--schema <type>", "the credential type the schema id is hashed from (default: the KYC type)")
    .addHelpText("after", "\nExample:\n  $ IDEM_PRIVATE_KEY=… idem anchor --credential kyc.json --json")
    .action(action(async () => (await import("./commands/anchor.ts")).anchor));

  program
    .command("store")
    .description("owner: encrypt a credential or file and store it on the nodes (write quorum)")
    .option("--credential <file>", "a JSON credential")
    .option("--file <file>", "any file, stored as bytes")
    .option("--data-id <id>", "the dataId (an issuer-anchored credential's; default: a fresh one anchored to you)")
    .option("--reader <address...>", "grantees to seal a reader slot for at once (their registered keys)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ idem store --credential kyc.json --data-id 0x5d1c…\n  $ idem store --file passport.pdf --json",
    )
    .action(action(async () => (await import("./commands/store.ts")).store));

  const terms = (command: Command): Command =>
    command
      .option("--purpose <text>", "why (stored on-chain as its keccak256 hash)")
      .option("--lock-years <n>", "lock the grant for n years from now (e.g. AML record keeping)")
      .option("--locked-until <time>", "lock until this time (ISO date or unix seconds)")
      .option("--expires-at <time>", "the grant ends at this time (ISO date or unix seconds)");

  terms(
    program
      .command("request-grant")
      .description("consumer: ask an owner on-chain for a grant (approve with `idem approve`)")
      .requiredOption("--owner <address>", "the data owner")
      .option("--data-id <id>", "the data asked for (default: any of the owner's)"),
  )
    .addHelpText(
      "after",
      "\nExample:\n  $ idem request-grant --owner 0x3C44…93BC --data-id 0x5d1c… --purpose aml-record-keeping --lock-years 5",
    )
    .action(action(async () => (await import("./commands/request-grant.ts")).requestGrantCommand));

  terms(
    program
      .command("grant")
      .description("owner: grant a dataId to a grantee (on-chain, plus a reader slot for their registered key)")
      .requiredOption("--grantee <address>", "who may read")
      .requiredOption("--data-id <id>", "what they may read"),
  )
    .addHelpText(
      "after",
      "\nExample:\n  $ idem grant --grantee 0x90F7…b906 --data-id 0x5d1c… --purpose age-check --expires-at 2031-01-01",
    )
    .action(action(async () => (await import("./commands/grant.ts")).grantCommand));

  program
    .command("approve")
    .description("owner: sign the approval of a grant request; consumer: relay a signed approval on-chain")
    .option("--request-id <id>", "owner: the request to approve (signs; no transaction)")
    .option("--data-id <id>", "owner: the data, when the request asked for any")
    .option("--out <file>", "owner: write the signed approval here (default: stdout)")
    .option("--relay <file>", "consumer: send this signed approval on-chain (pays the gas)")
    .addHelpText(
      "after",
      "\nExamples:\n  owner:    $ idem approve --request-id 0x9a7e… --out approval.json\n  consumer: $ idem approve --relay approval.json",
    )
    .action(action(async () => (await import("./commands/approve.ts")).approve));

  program
    .command("revoke")
    .description("owner: end a grant (refused while its timelock runs)")
    .requiredOption("--grantee <address>", "whose grant")
    .requiredOption("--data-id <id>", "on which data")
    .addHelpText("after", "\nExample:\n  $ idem revoke --grantee 0x90F7…b906 --data-id 0x5d1c…")
    .action(action(async () => (await import("./commands/revoke.ts")).revokeCommand));

  program
    .command("read")
    .description("owner or grantee: fetch, decrypt and optionally verify a dataId")
    .requiredOption("--data-id <id>", "what to read")
    .option("--out <file>", "write the plaintext here (default: stdout)")
    .option("--trusted-issuer <did...>", "verify the credential, trusting these issuer DIDs")
    .addHelpText(
      "after",
      "\nExamples:\n  $ idem read --data-id 0x5d1c… --out kyc.json\n  $ idem read --data-id 0x5d1c… --trusted-issuer did:key:z6Mk… --json",
    )
    .action(action(async () => (await import("./commands/read.ts")).read));

  program
    .command("delete")
    .description("owner: request deletion; wait for each node's signed receipt, or print when a lock delays it")
    .requiredOption("--data-id <id>", "what to delete")
    .option("--receipts", "do not request; only fetch (or wait for) the receipts")
    .option("--timeout <seconds>", "how long to wait for the receipts", "60")
    .addHelpText(
      "after",
      "\nExamples:\n  $ idem delete --data-id 0x5d1c…\n  $ idem delete --data-id 0x5d1c… --receipts --json",
    )
    .action(action(async () => (await import("./commands/delete.ts")).deleteCommand));

  program
    .command("audit")
    .description("owner: who read your data, when, on which node (all nodes, newest first)")
    .option("--data-id <id>", "only this dataId")
    .option("--limit <n>", "at most n entries (1 … 1000)")
    .addHelpText("after", "\nExample:\n  $ idem audit --data-id 0x5d1c… --json")
    .action(action(async () => (await import("./commands/audit.ts")).audit));

  program
    .command("status")
    .description("the network: chain reachable, latest block, contracts deployed, each node's health")
    .addHelpText("after", "\nExample:\n  $ idem status --network .idem/devnet.json")
    .action(action(async () => (await import("./commands/status.ts")).status));

  return program;
}
