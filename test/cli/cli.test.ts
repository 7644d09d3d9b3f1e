/**
 * The `idem` executable without a chain: help with examples for every command, keys refused on the command line,
 * keystores, and one-line errors with exit code 1.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { Wallet } from "ethers";

import { errorOf, runCli } from "./helpers/run-cli.ts";

const COMMANDS = [
  ["node", "start"],
  ["keys", "generate"],
  ["keys", "derive"],
  ["keys", "register"],
  ["issue"],
  ["anchor"],
  ["store"],
  ["request-grant"],
  ["grant"],
  ["approve"],
  ["revoke"],
  ["read"],
  ["delete"],
  ["audit"],
  ["status"],
];

describe("idem (no chain)", function () {
  this.timeout(60_000);
  let dir: string;

  before(function () {
    dir = mkdtempSync(join(tmpdir(), "idem-cli-"));
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("--help: every command describes itself and shows an example, exit 0", async function () {
    const runs = await Promise.all(COMMANDS.map((command) => runCli([...command, "--help"])));
    runs.forEach((run, index) => {
      expect(run.code, COMMANDS[index]!.join(" ")).to.equal(0);
      expect(run.stdout).to.include(`Usage: idem ${COMMANDS[index]!.join(" ")}`);
      expect(run.stdout).to.match(/Examples?:\n.*\$ (IDEM_\S+ )*idem /);
    });
    const top = await runCli(["--help"]);
    expect(top.stdout).to.include("Never on the command line");
  });

  it("refuses a key, a password or a recovery phrase on the command line, without echoing it", async function () {
    const key = Wallet.createRandom().privateKey;
    const runs = await Promise.all([
      runCli(["grant", `--private-key=${key}`]),
      runCli(["keys", "generate", "--out", "k.json", "--password", "hunter2hunter2"]),
      runCli(["grant", "--grantee", key, "--data-id", key]),
      runCli(["store", "--file", "test test test test test test test test test test test junk"]),
    ]);
    for (const run of runs) {
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal("");
      expect(errorOf(run)).to.match(/never read from the command line/);
      expect(run.stderr).to.not.include(key.slice(2));
      expect(run.stderr).to.not.include("hunter2");
    }
  });

  it("a command that signs without IDEM_PRIVATE_KEY or a keystore: exit 1, one line and a hint", async function () {
    const run = await runCli([
      "revoke",
      "--grantee",
      Wallet.createRandom().address,
      "--data-id",
      `0x${"ab".repeat(32)}`,
    ]);
    expect(run.code).to.equal(1);
    expect(errorOf(run)).to.match(/^error: No wallet.*\nhint: set IDEM_PRIVATE_KEY/);
  });

  it("malformed input: an address, a dataId, a time, a missing option; exit 1, one line", async function () {
    const env = { IDEM_PRIVATE_KEY: Wallet.createRandom().privateKey };
    const runs = await Promise.all([
      runCli(["grant", "--grantee", "0xnope", "--data-id", `0x${"ab".repeat(32)}`], env),
      runCli(["read", "--data-id", "0x1234"], env),
      runCli(["request-grant", "--owner", Wallet.createRandom().address, "--expires-at", "next week"], env),
      runCli(["revoke", "--grantee", Wallet.createRandom().address], env),
    ]);
    expect(runs.map((run) => run.code)).to.deep.equal([1, 1, 1, 1]);
    expect(errorOf(runs[0]!)).to.equal('error: --grantee: "0xnope" is not an address (0x + 40 hex digits).');
    expect(errorOf(runs[1]!)).to.equal('error: --data-id: "0x1234" is not 0x + 64 hex digits.');
    expect(errorOf(runs[2]!)).to.match(/^error: --expires-at: "next week" is neither unix seconds nor an ISO date/);
    expect(runs[3]!.stderr).to.match(/^error: required option '--data-id <id>' not specified/);
  });

  it("keys generate: an encrypted keystore (mode 0600, never overwritten) that opens with its password only", async function () {
    const file = join(dir, "user.json");
    const password = { IDEM_KEYSTORE_PASSWORD: "correct horse battery" };
    const generated = await runCli(["keys", "generate", "--out", file, "--json"], password);
    expect(generated.code).to.equal(0);
    const { address } = JSON.parse(generated.stdout) as { address: string };
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    const keystore = readFileSync(file, "utf8");
    expect(JSON.parse(keystore).address.toLowerCase()).to.equal(address.slice(2).toLowerCase());
    expect(generated.stdout + generated.stderr).to.not.include("correct horse");

    const [again, wrong, right] = await Promise.all([
      runCli(["keys", "generate", "--out", file], password),
      runCli(["keys", "derive", "--keystore", file], { IDEM_KEYSTORE_PASSWORD: "wrong password" }),
      // The keystore opens; the command then stops at the missing network file.
      runCli(["keys", "derive", "--network", join(dir, "none.json")], { IDEM_KEYSTORE: file, ...password }),
    ]);
    expect(errorOf(again)).to.equal(`error: ${file} exists; not replacing it.`);
    expect(readFileSync(file, "utf8")).to.equal(keystore);
    expect(errorOf(wrong)).to.match(/^error: Cannot open the keystore .*wrong password/);
    expect(errorOf(right)).to.match(/^error: No network file at .*none\.json\.\nhint: start a devnet/);
  });

  it("node start with an unreadable config: exit 1, one line naming the file", async function () {
    const run = await runCli(["node", "start", "--config", join(dir, "missing.json")]);
    expect(run.code).to.equal(1);
    expect(errorOf(run)).to.match(/^error: .*missing\.json: invalid node configuration: .*cannot be read$/);
  });
});
