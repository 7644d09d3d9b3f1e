import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";

import { expect } from "chai";

import { HARDHAT_TEST_KEY, cleanup, tempDir } from "./helpers/build.ts";
import { rawTestConfig } from "./helpers/config.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Sends raw bytes and returns everything the server answers before closing. */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString("utf8")));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

describe("node server process", function () {
  this.timeout(30_000);
  afterEach(cleanup);

  it("listens on 127.0.0.1:0, serves, answers parser errors as JSON, and shuts down gracefully on SIGTERM", async function () {
    const dir = tempDir();
    // Hardhat's well-known test key #0: public, test use only.
    writeFileSync(join(dir, "node.key"), `${HARDHAT_TEST_KEY}\n`, { mode: 0o600 });
    writeFileSync(join(dir, "node.json"), JSON.stringify(rawTestConfig()));
    const child = spawn(
      join(ROOT, "node_modules/.bin/node"),
      [join(ROOT, "node/src/server.ts"), "--config", join(dir, "node.json")],
      { env: { PATH: process.env.PATH, IDEM_NODE_HTTP_PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
        const started = stdout.split("\n").find((line) => line.includes('"msg":"node started"'));
        if (started !== undefined) resolve((JSON.parse(started) as { port: number }).port);
      });
      void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    try {
      expect(port).to.be.greaterThan(0);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.deep.equal({ status: "ok", store: "ok" });

      // Rejected by Node's HTTP parser before fastify sees it: still the JSON error shape.
      const answer = await rawRequest(port, "GARBAGE / HTTP/1.1\r\n\r\n");
      expect(answer).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(answer).to.include("Content-Type: application/json");
      expect(JSON.parse(answer.split("\r\n\r\n")[1]!)).to.deep.equal({
        error: { code: "BAD_REQUEST", message: "Bad Request." },
      });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).to.equal(0);
    expect(stdout).to.include('"msg":"shutting down"').and.include('"msg":"node stopped"');
    expect(stderr).to.not.include("ExperimentalWarning");
  });

  it("exits non-zero with one short message when the configuration is invalid", async function () {
    const dir = tempDir();
    writeFileSync(join(dir, "node.json"), JSON.stringify({ ...rawTestConfig(), http: { port: 1 } }));
    const child = spawn(
      join(ROOT, "node_modules/.bin/node"),
      [join(ROOT, "node/src/server.ts"), "--config", join(dir, "node.json")],
      {
        env: { PATH: process.env.PATH },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).to.equal(1);
    expect(stderr).to.include("Invalid node configuration.").and.include("http.publicUrl: is required");
    expect(stderr).to.not.match(/\n\s+at /);
  });
});
