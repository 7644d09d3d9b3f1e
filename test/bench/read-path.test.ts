/**
 * Smoke run of the read-path benchmark (`bench/read-path.ts`): a few hundred requests per side on 127.0.0.1,
 * checking that both sides answer 200 with identical bodies and that the result has its fields. Speed is judged by
 * `npm run bench:read`, never here: no timing assertion.
 */
import { expect } from "chai";

import { runReadPathBench } from "../../bench/read-path/run.ts";
import type { ReadPathResult } from "../../bench/read-path/run.ts";
import { readPathSetup } from "../../bench/read-path/setup.ts";
import type { ReadPathSetup } from "../../bench/read-path/setup.ts";

describe("bench: read path (smoke)", function () {
  this.timeout(180_000);
  let setup: ReadPathSetup | undefined;

  before(async function () {
    setup = await readPathSetup();
  });

  after(async function () {
    await setup?.close();
  });

  it("serves the grantee the same bytes on both sides", async function () {
    const { nodeUrl, bareUrl, path, authorization, body } = setup!;
    const [node, bare] = await Promise.all(
      [nodeUrl, bareUrl].map((base) => fetch(`${base}${path}`, { headers: { authorization } })),
    );
    expect(node!.status).to.equal(200);
    expect(bare!.status).to.equal(200);
    const nodeBody = Buffer.from(await node!.arrayBuffer());
    const bareBody = Buffer.from(await bare!.arrayBuffer());
    expect(nodeBody.equals(bareBody)).to.equal(true);
    expect(nodeBody.equals(body)).to.equal(true);
    const json = JSON.parse(nodeBody.toString("utf8")) as { cid: string; envelope: string; readers: unknown[] };
    expect(json.cid).to.equal(setup!.cid);
    expect(json.readers).to.have.length(1);
    expect(Buffer.from(json.envelope, "base64").length).to.equal(setup!.envelopeBytes);
  });

  it("runs alternating rounds and reports both sides (every request answered 200)", async function () {
    const result: ReadPathResult = await runReadPathBench(setup!, {
      rounds: 2,
      durationSeconds: 1,
      amount: 200,
      connections: 4,
      pipelining: 1,
      warmupSeconds: 1,
    });
    expect(result).to.include.keys(
      "target",
      "options",
      "payload",
      "bare",
      "node",
      "ratio",
      "pairRatios",
      "meetsTarget",
      "auditRowsWritten",
      "rounds",
    );
    for (const side of [result.bare, result.node]) {
      expect(side).to.include.keys(
        "medianRequestsPerSecond",
        "medianLatencyP50Ms",
        "medianLatencyP99Ms",
        "totalRequests",
        "ok2xx",
        "non2xx",
        "errors",
        "timeouts",
      );
      expect(side.totalRequests).to.be.at.least(400);
      expect(side.ok2xx).to.equal(side.totalRequests);
      expect(side.non2xx).to.equal(0);
      expect(side.errors).to.equal(0);
    }
    expect(result.rounds.map((round) => round.side)).to.deep.equal(["bare", "node", "bare", "node"]);
    expect(result.pairRatios).to.have.length(2);
    expect(result.ratio).to.be.a("number");
    expect(result.meetsTarget).to.be.a("boolean");
    // One audit row per grantee read on the node (warm-up included).
    expect(result.auditRowsWritten).to.equal(3 * 200);
  });
});
