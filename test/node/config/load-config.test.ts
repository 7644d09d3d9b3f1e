import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { expect } from "chai";

import { loadConfig } from "../../../node/src/config/load-config.ts";
import { ConfigError } from "../../../node/src/errors.ts";
import { cleanup, tempDir } from "../helpers/build.ts";
import { rawTestConfig } from "../helpers/config.ts";

/** Writes `raw` as the config file and loads it with `env`. */
function load(raw: unknown, env: Record<string, string> = {}) {
  const dir = tempDir();
  const path = join(dir, "node.json");
  writeFileSync(path, typeof raw === "string" ? raw : JSON.stringify(raw));
  return { dir, config: () => loadConfig({ path, env }) };
}

/** The ConfigError's issues when loading `raw`. */
function issuesOf(raw: unknown, env: Record<string, string> = {}): string[] {
  try {
    load(raw, env).config();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).message).to.include("Invalid node configuration.");
    return [...(error as ConfigError).issues];
  }
  expect.fail("the configuration was accepted");
}

/** A test configuration with one change applied. */
function withChange(change: (raw: Record<string, any>) => void): Record<string, unknown> {
  const raw = rawTestConfig() as Record<string, any>;
  change(raw);
  return raw;
}

describe("node config: file + environment, validated at boot", function () {
  afterEach(cleanup);

  it("fills in defaults and resolves paths against the file's directory", function () {
    const raw = rawTestConfig();
    delete raw.p2p;
    const { dir, config } = load(raw);
    const loaded = config();
    expect(loaded.identityKeyFile).to.equal(join(dir, "node.key"));
    expect(loaded.dataDir).to.equal(join(dir, "data"));
    expect(loaded.http).to.include({ host: "127.0.0.1", port: 7300, bodyLimit: 1024 * 1024 });
    expect(loaded.http.rateLimit).to.deep.equal({ max: 300, timeWindowMs: 60_000 });
    expect(loaded.auth).to.deep.equal({ sessionTtlSeconds: 3600, nonceTtlSeconds: 300, clockSkewSeconds: 60 });
    expect(loaded.logLevel).to.equal("info");
    expect(loaded.p2p).to.deep.equal({
      peerKeyFile: join(dir, "peer.key"),
      networkKeyFile: join(dir, "network.key"),
      listen: ["/ip4/127.0.0.1/tcp/0"],
      peers: [],
      registryRefreshMs: 60_000,
      requireRegisteredPeers: true,
    });
  });

  it("resolves p2p key paths against the file's directory and reads p2p from the environment", function () {
    const peer = "/ip4/10.0.0.2/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    const { dir, config } = load(
      withChange((raw) => (raw.p2p = { peerKeyFile: "keys/peer.key", networkKeyFile: "/etc/idem/swarm.key" })),
      {
        IDEM_NODE_P2P_LISTEN: "/ip4/0.0.0.0/tcp/4001, /ip6/::/tcp/4001",
        IDEM_NODE_P2P_PEERS: peer,
        IDEM_NODE_P2P_REGISTRY_REFRESH_MS: "5000",
      },
    );
    expect(config().p2p).to.deep.equal({
      peerKeyFile: join(dir, "keys/peer.key"),
      networkKeyFile: "/etc/idem/swarm.key",
      listen: ["/ip4/0.0.0.0/tcp/4001", "/ip6/::/tcp/4001"],
      peers: [peer],
      registryRefreshMs: 5000,
      requireRegisteredPeers: true,
    });
  });

  it("rejects bad p2p addresses, naming the field and its source", function () {
    expect(issuesOf(withChange((raw) => (raw.p2p = { listen: ["not-a-multiaddr"] })))).to.deep.equal([
      "p2p.listen.0: not a multiaddr",
    ]);
    expect(issuesOf(rawTestConfig(), { IDEM_NODE_P2P_PEERS: "/ip4/10.0.0.2/tcp/4001" })).to.deep.equal([
      "p2p.peers.0 (from IDEM_NODE_P2P_PEERS): must end in /p2p/<peerId>",
    ]);
    expect(issuesOf(withChange((raw) => (raw.p2p = { listen: [] }))).join("\n")).to.include(
      "p2p.listen: must NOT have fewer than 1 items",
    );
    expect(issuesOf(withChange((raw) => (raw.p2p = { peerKey: "x" })))).to.deep.equal(["p2p.peerKey: unknown key"]);
  });

  it("accepts node/config.example.json as it ships, and it sets every field", function () {
    const path = new URL("../../../node/config.example.json", import.meta.url).pathname;
    const raw = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    const loaded = loadConfig({ path, env: {} });
    expect(loaded.p2p.peerKeyFile).to.equal(join(dirname(path), "peer.key"));
    // Nothing left to a default: the example documents every field by name.
    expect(
      JSON.parse(JSON.stringify(loaded, (key, value) => (key.endsWith("File") || key === "dataDir" ? "" : value))),
    ).to.deep.equal(
      JSON.parse(JSON.stringify(raw, (key, value) => (key.endsWith("File") || key === "dataDir" ? "" : value))),
    );
  });

  it("applies IDEM_NODE_* environment overrides", function () {
    const loaded = load(rawTestConfig(), {
      IDEM_NODE_HTTP_PORT: "8080",
      IDEM_NODE_HTTP_HOST: "::1",
      IDEM_NODE_SESSION_TTL_SECONDS: "600",
      IDEM_NODE_RATE_LIMIT_MAX: "5",
      OTHER_VARIABLE: "ignored",
    }).config();
    expect(loaded.http.port).to.equal(8080);
    expect(loaded.http.host).to.equal("::1");
    expect(loaded.auth.sessionTtlSeconds).to.equal(600);
    expect(loaded.http.rateLimit.max).to.equal(5);
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ["a missing public URL", withChange((raw) => delete raw.http.publicUrl), "http.publicUrl: is required"],
    ["a port out of range", withChange((raw) => (raw.http.port = 70000)), "http.port: must be <= 65535"],
    [
      "a public URL with a path",
      withChange((raw) => (raw.http.publicUrl = "https://a.example/x")),
      "http.publicUrl: must match pattern",
    ],
    ["a body limit of 0", withChange((raw) => (raw.http.bodyLimit = 0)), "http.bodyLimit: must be >= 1024"],
    [
      "a session TTL of a week",
      withChange((raw) => (raw.auth = { sessionTtlSeconds: 604800 })),
      "auth.sessionTtlSeconds: must be <= 86400",
    ],
    ["a rate limit of 0", withChange((raw) => (raw.http.rateLimit = { max: 0 })), "http.rateLimit.max: must be >= 1"],
    ["no chains", withChange((raw) => (raw.chains = [])), "chains: must NOT have fewer than 1 items"],
    [
      "an RPC URL that is not a URL",
      withChange((raw) => (raw.chains[0].rpcUrl = "localhost:8545")),
      "chains.0.rpcUrl: must match",
    ],
    [
      "a short address",
      withChange((raw) => (raw.chains[0].accessGrants = "0x1234")),
      "chains.0.accessGrants: must match pattern",
    ],
    [
      "an address with a bad checksum",
      withChange((raw) => (raw.chains[0].keyRegistry = "0xE7f1725E7734CE288F8367e1Bb143E90bb3F0512")),
      "chains.0.keyRegistry: invalid EIP-55 checksum",
    ],
    [
      "a negative confirmation depth",
      withChange((raw) => (raw.chains[0].confirmations = -1)),
      "chains.0.confirmations: must be >= 0",
    ],
    [
      "a fractional poll interval",
      withChange((raw) => (raw.chains[0].pollIntervalMs = 1.5)),
      "chains.0.pollIntervalMs: must be integer",
    ],
    [
      "a duplicate chain",
      withChange((raw) => raw.chains.push({ ...raw.chains[0] })),
      "chains.1.chainId: duplicate chain id 31337",
    ],
    [
      "a registry chain that is not followed",
      withChange((raw) => (raw.registryChain.chainId = 1)),
      "registryChain.chainId: chain 1 is not one of `chains`",
    ],
    ["a missing registry chain", withChange((raw) => delete raw.registryChain), "registryChain: is required"],
    ["an unknown log level", withChange((raw) => (raw.logLevel = "loud")), "logLevel: must be one of"],
    [
      "a registry refresh under a second",
      withChange((raw) => (raw.p2p = { registryRefreshMs: 10 })),
      "p2p.registryRefreshMs: must be >= 1000",
    ],
    ["an unknown key (typo)", withChange((raw) => (raw.http.hots = "0.0.0.0")), "http.hots: unknown key"],
    ["an unknown key in a chain", withChange((raw) => (raw.chains[0].rpcURL = "x")), "chains.0.rpcURL: unknown key"],
    ["a secret in the file", withChange((raw) => (raw.privateKey = "0x01")), "privateKey: unknown key"],
  ];
  for (const [what, raw, issue] of cases) {
    it(`rejects ${what}, naming the field`, function () {
      const issues = issuesOf(raw);
      expect(
        issues.some((line) => line.startsWith(issue)),
        issues.join("\n"),
      ).to.equal(true);
    });
  }

  it("names the environment variable a bad value came from", function () {
    expect(issuesOf(rawTestConfig(), { IDEM_NODE_HTTP_PORT: "99999" })).to.deep.equal([
      "http.port (from IDEM_NODE_HTTP_PORT): must be <= 65535",
    ]);
    expect(issuesOf(rawTestConfig(), { IDEM_NODE_HTTP_PORT: "eighty" })).to.deep.equal([
      "http.port (from IDEM_NODE_HTTP_PORT): must be an integer",
    ]);
  });

  it("rejects an unknown IDEM_NODE_* variable", function () {
    const issues = issuesOf(rawTestConfig(), { IDEM_NODE_HTTP_PROT: "8080" });
    expect(issues[0]).to.match(/^IDEM_NODE_HTTP_PROT: unknown environment variable/);
  });

  it("rejects a file that is not JSON, or missing", function () {
    expect(issuesOf("{ not json")[0]).to.match(/is not valid JSON$/);
    expect(issuesOf("[]")[0]).to.match(/must hold a JSON object$/);
    expect(() => loadConfig({ path: join(tempDir(), "absent.json") })).to.throw(ConfigError, /cannot be read/);
  });

  it("reports every bad field at once", function () {
    const raw = withChange((raw) => {
      raw.http.port = -1;
      raw.chains[0].fromBlock = -5;
    });
    expect(issuesOf(raw)).to.have.members(["http.port: must be >= 0", "chains.0.fromBlock: must be >= 0"]);
  });
});
