/**
 * Health checks and picking a healthy node, against real nodes listening on 127.0.0.1 and closed ports.
 */
import { expect } from "chai";

import {
  InvalidNodeResponseError,
  InvalidNodeUrlError,
  NoHealthyNodeError,
  NodeHttpError,
  NodeUnreachableError,
} from "../../../sdk/src/storage/errors.ts";
import { checkHealth } from "../../../sdk/src/storage/health.ts";
import { pickHealthyNode } from "../../../sdk/src/storage/pick-healthy-node.ts";
import { cleanup, closedPort, startNode, startStub } from "./helpers.ts";

/** Runs `action` and returns what it threw (fails if it did not throw). */
async function thrown(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  expect.fail("expected a rejection");
}

describe("sdk storage: health and pickHealthyNode", function () {
  this.timeout(30_000);

  let live: string;
  let other: string;
  let dead: string;

  before(async function () {
    live = (await startNode()).url;
    other = (await startNode()).url;
    dead = `http://127.0.0.1:${await closedPort()}`;
  });

  after(cleanup);

  it("reports a live node healthy, with its /health body", async function () {
    const health = await checkHealth({ nodeUrl: `${live}/` });
    expect(health.healthy).to.equal(true);
    expect(health.nodeUrl).to.equal(live);
    if (!health.healthy) return;
    expect(health.details).to.deep.equal({ status: "ok", store: "ok", chains: [] });
    expect(health.latencyMs).to.be.at.least(0);
  });

  it("reports a dead node unhealthy with NodeUnreachableError, without throwing", async function () {
    const health = await checkHealth({ nodeUrl: dead });
    expect(health.healthy).to.equal(false);
    if (health.healthy) return;
    expect(health.error).to.be.instanceOf(NodeUnreachableError);
    expect(health.error.url).to.equal(`${dead}/health`);
  });

  it("reports a node that answers 503 or a body other than status ok as unhealthy", async function () {
    const down = await startStub((_request, response) => {
      response
        .writeHead(503, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: "STORE_UNAVAILABLE", message: "The metadata store is not answering." } }));
    });
    const odd = await startStub((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "starting" }));
    });
    try {
      const unavailable = await checkHealth({ nodeUrl: down.url });
      expect(unavailable.healthy).to.equal(false);
      if (unavailable.healthy) return;
      expect(unavailable.error).to.be.instanceOf(NodeHttpError);
      expect((unavailable.error as NodeHttpError).code).to.equal("STORE_UNAVAILABLE");
      const starting = await checkHealth({ nodeUrl: odd.url });
      expect(starting.healthy).to.equal(false);
      if (starting.healthy) return;
      expect(starting.error).to.be.instanceOf(InvalidNodeResponseError);
    } finally {
      await down.close();
      await odd.close();
    }
  });

  it("skips a dead node and picks the next healthy one", async function () {
    const picked = await pickHealthyNode({ nodeUrls: [dead, live] });
    expect(picked.nodeUrl).to.equal(live);
    expect(picked.healthy).to.equal(true);
  });

  it("picks the first healthy node in the order given, not the fastest", async function () {
    expect((await pickHealthyNode({ nodeUrls: [other, live] })).nodeUrl).to.equal(other);
    expect((await pickHealthyNode({ nodeUrls: [live, other] })).nodeUrl).to.equal(live);
  });

  it("checks in parallel: a stalled node ahead in the list costs one timeout, not one per node", async function () {
    const stall = await startStub(() => {
      /* never answers */
    });
    try {
      const started = Date.now();
      const picked = await pickHealthyNode({ nodeUrls: [stall.url, stall.url, stall.url, live], timeoutMs: 300 });
      expect(picked.nodeUrl).to.equal(live);
      expect(Date.now() - started).to.be.below(800);
    } finally {
      await stall.close();
    }
  });

  it("throws NoHealthyNodeError with each node's failure when none is healthy", async function () {
    const otherDead = `http://127.0.0.1:${await closedPort()}`;
    const error = (await thrown(() => pickHealthyNode({ nodeUrls: [dead, otherDead] }))) as NoHealthyNodeError;
    expect(error).to.be.instanceOf(NoHealthyNodeError);
    expect(error.failures.map((failure) => failure.nodeUrl)).to.deep.equal([dead, otherDead]);
    for (const failure of error.failures) expect(failure.error).to.be.instanceOf(NodeUnreachableError);
    expect(error.details).to.include(dead).and.include(otherDead);
  });

  it("throws NoHealthyNodeError for an empty list, and InvalidNodeUrlError for a malformed URL", async function () {
    const empty = (await thrown(() => pickHealthyNode({ nodeUrls: [] }))) as NoHealthyNodeError;
    expect(empty).to.be.instanceOf(NoHealthyNodeError);
    expect(empty.failures).to.deep.equal([]);
    expect(await thrown(() => pickHealthyNode({ nodeUrls: [live, "not a url"] }))).to.be.instanceOf(
      InvalidNodeUrlError,
    );
  });

  it("throws the caller's abort reason when the caller aborts", async function () {
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    expect(await thrown(() => pickHealthyNode({ nodeUrls: [live], signal: controller.signal }))).to.equal(reason);
  });
});
