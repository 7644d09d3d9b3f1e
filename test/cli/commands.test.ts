/**
 * The `idem` commands end to end: the real executable in child processes, against one devnet (EDR chain, the
 * contracts, three nodes) started by this file. Accounts are Hardhat's public test keys (test use only): the devnet's
 * issuer (1), user (2) and exchange (3), and a dApp (4).
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { computeAddress, hexlify, randomBytes } from "ethers";

import { DEV_ACCOUNT_ROLES, hardhatTestKey } from "../../cli/src/devnet/dev-accounts.ts";
import { startDevnet, type Devnet } from "../../cli/src/devnet/start-devnet.ts";
import { connectChain, type Chain } from "../../cli/src/context/chain.ts";
import { createIdentityKey } from "../../node/src/config/identity-key.ts";
import { pickPort } from "../../cli/src/devnet/free-port.ts";
import { accountEnv, CLI_MAIN, errorOf, runCli, runJson } from "./helpers/run-cli.ts";

const DAPP = 4;

describe("idem commands (devnet)", function () {
  this.timeout(180_000);
  let dir: string;
  let devnet: Devnet;
  let chain: Chain;
  let issuerEnv: Record<string, string>;
  let userEnv: Record<string, string>;
  let exchangeEnv: Record<string, string>;
  let dappEnv: Record<string, string>;
  const user = computeAddress(hardhatTestKey(DEV_ACCOUNT_ROLES.user));
  const exchange = computeAddress(hardhatTestKey(DEV_ACCOUNT_ROLES.exchange));
  const dapp = computeAddress(hardhatTestKey(DAPP));
  // Set by the tests in order: the issued credential, its dataId, the issuer's DID.
  let credential: Record<string, unknown>;
  let dataId: string;
  let issuerDid: string;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "idem-cli-"));
    devnet = await startDevnet({ dir, rpcPort: 0, firstNodePort: 0, pollIntervalMs: 100 });
    chain = connectChain(devnet.network);
    issuerEnv = accountEnv(DEV_ACCOUNT_ROLES.issuer, devnet.networkFile);
    userEnv = accountEnv(DEV_ACCOUNT_ROLES.user, devnet.networkFile);
    exchangeEnv = accountEnv(DEV_ACCOUNT_ROLES.exchange, devnet.networkFile);
    dappEnv = accountEnv(DAPP, devnet.networkFile);
  });

  after(async function () {
    chain?.provider.destroy();
    await devnet?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("status: the chain, every contract and all three nodes are up", async function () {
    const status = await runJson(["status", "--network", devnet.networkFile]);
    expect(status.ok).to.equal(true);
    expect(status.chain).to.include({ reachable: true, chainId: devnet.network.chainId });
    expect(status.contracts.every((contract: { deployed: boolean }) => contract.deployed)).to.equal(true);
    expect(status.nodes).to.have.length(3);
    expect(status.nodes.every((node: { healthy: boolean }) => node.healthy)).to.equal(true);
    expect(status.nodes.map((node: { registry: string }) => node.registry)).to.deep.equal([
      "Active",
      "Active",
      "Active",
    ]);
  });

  it("status: a node the network file names but NodeRegistry does not know makes it exit 1", async function () {
    const impostor = { ...devnet.network.nodes[0]!, address: computeAddress(hexlify(randomBytes(32))) };
    const file = join(dir, "impostor.json");
    writeFileSync(file, JSON.stringify({ ...devnet.network, nodes: [impostor, ...devnet.network.nodes.slice(1)] }));
    const run = await runCli(["status", "--network", file, "--json"]);

    expect(run.code).to.equal(1);
    expect(JSON.parse(run.stdout).nodes.map((node: { registry: string }) => node.registry)).to.deep.equal([
      "None",
      "Active",
      "Active",
    ]);
    expect(errorOf(run)).to.match(/^error: The network devnet is not healthy/);
  });

  it("keys register: the dApp's and the exchange's derived keys land in the KeyRegistry", async function () {
    const [registered] = await Promise.all([
      runJson(["keys", "register"], dappEnv),
      runJson(["keys", "register"], exchangeEnv),
    ]);
    expect(hexlify(await chain.keyRegistry.encryptionKeyOf(dapp))).to.equal(registered.publicKey);
    const derived = await runJson(["keys", "derive"], dappEnv);
    expect(derived).to.deep.equal({ address: dapp, publicKey: registered.publicKey, registered: "this key" });
  });

  it("issue + anchor: a signed KYC credential about the user, its dataId anchored to the user by the issuer", async function () {
    const issuerKeyFile = join(dir, "issuer-key.json");
    const generated = await runJson(["keys", "generate", "--issuer", "--out", issuerKeyFile]);
    issuerDid = generated.did;
    const credentialFile = join(dir, "kyc.json");
    const issued = await runJson(
      ["issue", "--subject", user, "--level", "enhanced", "--age-over-18", "--country", "DE", "--out", credentialFile],
      { ...issuerEnv, IDEM_ISSUER_KEY_FILE: issuerKeyFile },
    );
    expect(issued).to.deep.equal({ issuer: issuerDid, subject: user, file: credentialFile });
    credential = JSON.parse(readFileSync(credentialFile, "utf8"));
    expect(credential.issuer).to.equal(issuerDid);

    const anchored = await runJson(["anchor", "--credential", credentialFile], issuerEnv);
    dataId = anchored.dataId;
    const anchor = await chain.accessGrants.getAnchor(dataId);
    expect(anchor.owner).to.equal(user);
    expect(anchor.issuer).to.equal(computeAddress(hardhatTestKey(DEV_ACCOUNT_ROLES.issuer)));
  });

  it("store + read: the user stores the credential; reading it back as owner gives it, verified", async function () {
    const credentialFile = join(dir, "kyc.json");
    const stored = await runJson(["store", "--credential", credentialFile, "--data-id", dataId], userEnv);
    expect(stored.dataId).to.equal(dataId);
    expect(stored.stored.length).to.be.at.least(2);
    const read = await runJson(["read", "--data-id", dataId, "--trusted-issuer", issuerDid], userEnv);
    expect(read.credential).to.deep.equal(credential);
    expect(read.checks).to.include({ signature: true, issuerTrusted: true, validity: "valid" });
  });

  it("grant + read + audit + revoke: the dApp reads while granted, the read is audited, then it is refused", async function () {
    const granted = await runJson(["grant", "--grantee", dapp, "--data-id", dataId, "--purpose", "age-check"], userEnv);
    expect(granted.grantee).to.equal(dapp);
    expect(await chain.accessGrants.isGranted(user, dapp, dataId)).to.equal(true);

    const plain = await runCli(["read", "--data-id", dataId], dappEnv);
    expect(plain.code).to.equal(0);
    expect(JSON.parse(plain.stdout)).to.deep.equal(credential);

    const audit = await runJson(["audit", "--data-id", dataId], userEnv);
    expect(audit.entries.some((entry: { reader: string }) => entry.reader === dapp)).to.equal(true);

    await runJson(["revoke", "--grantee", dapp, "--data-id", dataId], userEnv);
    expect(await chain.accessGrants.isGranted(user, dapp, dataId)).to.equal(false);
    const refused = await runCli(["read", "--data-id", dataId], dappEnv);
    expect(refused.code).to.equal(1);
    expect(refused.stdout).to.equal("");
    expect(errorOf(refused)).to.match(
      /^error: The node answered 403 NOT_GRANTED\. \(http:\/\/127\.0\.0\.1:\d+\)\nhint: /,
    );
  });

  it("request-grant + approve + relay: the exchange gets a 5-year locked grant by the user's signature and reads", async function () {
    const requested = await runJson(
      ["request-grant", "--owner", user, "--data-id", dataId, "--purpose", "aml-record-keeping", "--lock-years", "5"],
      exchangeEnv,
    );
    const approvalFile = join(dir, "approval.json");
    const signed = await runJson(["approve", "--request-id", requested.requestId, "--out", approvalFile], userEnv);
    expect(signed.file).to.equal(approvalFile);
    expect(await chain.accessGrants.isGranted(user, exchange, dataId)).to.equal(false);

    const relayed = await runJson(["approve", "--relay", approvalFile], exchangeEnv);
    expect(relayed).to.include({ owner: user, grantee: exchange, dataId });
    const grant = await chain.accessGrants.getGrant(user, exchange, dataId);
    expect(grant.lockedUntil).to.equal(BigInt(requested.lockedUntil));

    const read = await runJson(["read", "--data-id", dataId], exchangeEnv);
    expect(read.credential).to.deep.equal(credential);
    const locked = await runCli(["revoke", "--grantee", exchange, "--data-id", dataId], userEnv);
    expect(locked.code).to.equal(1);
    expect(errorOf(locked)).to.match(/^error: .*lock/i);
  });

  it("delete: a locked dataId's deletion waits for the lock, then 3 receipts; an unlocked one is purged at once", async function () {
    const pending = await runJson(["delete", "--data-id", dataId], userEnv);
    const grant = await chain.accessGrants.getGrant(user, exchange, dataId);
    expect(pending).to.include({ pending: true, effectiveAt: grant.lockedUntil.toString() });
    expect(await chain.accessGrants.deletionEffectiveAt(dataId)).to.equal(grant.lockedUntil);
    await devnet.increaseTime(6n * 365n * 86_400n);
    const purged = await runJson(["delete", "--data-id", dataId, "--receipts"], userEnv);
    expect(purged.receipts).to.have.length(3);

    const file = join(dir, "note.txt");
    writeFileSync(file, "a note to delete");
    const stored = await runJson(["store", "--file", file], userEnv);
    const deleted = await runJson(["delete", "--data-id", stored.dataId], userEnv);
    expect(deleted.pending).to.equal(false);
    expect(deleted.receipts.map((receipt: { node: string }) => receipt.node).sort()).to.deep.equal(
      devnet.network.nodes.map((node) => node.address).sort(),
    );
    const gone = await runCli(["read", "--data-id", stored.dataId], userEnv);
    expect(gone.code).to.equal(1);
  });

  it("bad input: an unknown dataId, a missing key, a malformed address, a key in argv: exit 1, one line", async function () {
    const unknown = hexlify(randomBytes(32));
    const runs = await Promise.all([
      runCli(["read", "--data-id", unknown], userEnv),
      runCli(["grant", "--grantee", dapp, "--data-id", dataId], { IDEM_NETWORK: devnet.networkFile }),
      runCli(["grant", "--grantee", "0x1234", "--data-id", dataId], userEnv),
      runCli(["grant", "--grantee", dapp, "--data-id", dataId, "--key", hardhatTestKey(DAPP)], userEnv),
    ]);
    for (const run of runs) {
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal("");
      expect(errorOf(run)).to.match(/^error: /);
    }
    expect(errorOf(runs[0]!)).to.match(/404|not anchored|no node/i);
    expect(runs[1]!.stderr).to.include("No wallet");
    expect(runs[2]!.stderr).to.include('"0x1234" is not an address');
    expect(runs[3]!.stderr).to.not.include(hardhatTestKey(DAPP).slice(2));
  });

  it("node start: a fourth node runs from its config, serves /health, and stops cleanly on SIGTERM", async function () {
    const nodeDir = join(dir, "node-4");
    mkdirSync(join(nodeDir, "data"), { recursive: true });
    copyFileSync(join(dir, "devnet", "network.key"), join(nodeDir, "network.key"));
    await createIdentityKey({ path: join(nodeDir, "node.key") });
    const port = await pickPort(0);
    const first = JSON.parse(readFileSync(join(dir, "devnet", "node-1", "node.json"), "utf8"));
    const config = {
      ...first,
      http: { ...first.http, port, publicUrl: `http://127.0.0.1:${port}` },
      p2p: { ...first.p2p, listen: ["/ip4/127.0.0.1/tcp/0"], peers: [] },
    };
    writeFileSync(join(nodeDir, "node.json"), JSON.stringify(config));

    const child = spawn(
      process.execPath,
      [CLI_MAIN, "node", "start", "--config", join(nodeDir, "node.json"), "--json"],
      {
        env: { PATH: process.env.PATH ?? "" },
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    const exited = once(child, "exit").then(([code]) => code as number | null);
    const line = await Promise.race([
      once(child.stdout, "data").then(([chunk]) => (chunk as Buffer).toString()),
      exited.then((code) => {
        throw new Error(`idem node start exited ${code}: ${stderr}`);
      }),
    ]);
    const started = JSON.parse(line) as { url: string; nodeAddress: string };
    expect(started.url).to.equal(`http://127.0.0.1:${port}`);
    const health = await fetch(`${started.url}/health`);
    expect(health.status).to.equal(200);
    expect((await health.json()).chains[0].chainId).to.equal(devnet.network.chainId);

    child.kill("SIGTERM");
    expect(await exited).to.equal(0);
    expect(stderr).to.include("node stopped");
  });
});
