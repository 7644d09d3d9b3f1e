import { expect } from "chai";

import type { ChainStatus } from "../../../node/src/chain/indexer.ts";
import { HEALTH_MAX_CONSECUTIVE_FAILURES } from "../../../node/src/http/routes/health.ts";
import { build, cleanup } from "../helpers/build.ts";

describe("node HTTP: /health, /metrics, /v1/openapi.json, logging", function () {
  afterEach(cleanup);

  it("/health answers ok when the store answers", async function () {
    const { app } = await build();
    const response = await app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).to.equal(200);
    expect(response.json()).to.deep.equal({ status: "ok", store: "ok", chains: [] });
  });

  it("/health shows each chain's indexer and answers 503 once a chain has failed N polls in a row", async function () {
    const status: ChainStatus = {
      chainId: 31337,
      blockNumber: 12,
      blockTime: 1_764_000_000,
      lagBlocks: 2,
      lastSuccessAt: Date.now(),
      consecutiveFailures: 0,
      lastError: undefined,
    };
    const syncing: ChainStatus = {
      ...status,
      chainId: 1,
      blockNumber: undefined,
      blockTime: undefined,
      lagBlocks: undefined,
    };
    const { app } = await build({ chainStatus: () => [status, syncing] });
    const ok = await app.inject({ method: "GET", url: "/health" });
    expect(ok.statusCode).to.equal(200);
    expect(ok.json()).to.deep.equal({
      status: "ok",
      store: "ok",
      chains: [
        {
          chainId: 31337,
          status: "ok",
          confirmedBlock: 12,
          blockTime: 1_764_000_000,
          lagBlocks: 2,
          consecutiveFailures: 0,
          lastError: null,
        },
        {
          chainId: 1,
          status: "syncing",
          confirmedBlock: null,
          blockTime: null,
          lagBlocks: null,
          consecutiveFailures: 0,
          lastError: null,
        },
      ],
    });

    status.consecutiveFailures = HEALTH_MAX_CONSECUTIVE_FAILURES - 1;
    status.lastError = "connect ECONNREFUSED";
    expect((await app.inject({ method: "GET", url: "/health" })).statusCode).to.equal(200);

    status.consecutiveFailures = HEALTH_MAX_CONSECUTIVE_FAILURES;
    const failing = await app.inject({ method: "GET", url: "/health" });
    expect(failing.statusCode).to.equal(503);
    expect(failing.json()).to.deep.include({ status: "failing", store: "ok" });
    expect(failing.json().chains[0]).to.include({
      status: "failing",
      lastError: "connect ECONNREFUSED",
      confirmedBlock: 12,
    });
  });

  it("/metrics serves Prometheus text with default metrics and requests by route and status", async function () {
    const { app } = await build();
    await app.inject({ method: "GET", url: "/health" });
    await app.inject({ method: "GET", url: "/no/such/route/123" });
    const response = await app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).to.equal(200);
    expect(response.headers["content-type"]).to.match(/^text\/plain; version=0\.0\.4/);
    expect(response.body).to.include("idem_node_process_cpu_user_seconds_total");
    expect(response.body).to.match(
      /idem_node_http_requests_total\{method="GET",route="\/health",status_code="200"\} 1/,
    );
    expect(response.body).to.match(/idem_node_http_request_duration_seconds_bucket\{.*route="\/health"/);
    // An unknown path is not a label value.
    expect(response.body).to.not.include("/no/such/route");
  });

  it("/v1/openapi.json lists every route with its schemas", async function () {
    const { app } = await build();
    const response = await app.inject({ method: "GET", url: "/v1/openapi.json" });
    expect(response.statusCode).to.equal(200);
    const document = response.json();
    expect(document.openapi).to.equal("3.1.0");
    expect(Object.keys(document.paths).sort()).to.deep.equal([
      "/health",
      "/metrics",
      "/v1/audit",
      "/v1/auth/nonce",
      "/v1/auth/session",
      "/v1/data",
      "/v1/data/{chainId}/{dataId}",
      "/v1/data/{chainId}/{dataId}/readers/{grantee}",
      "/v1/receipts/{chainId}/{dataId}",
    ]);
    const receipts = document.paths["/v1/receipts/{chainId}/{dataId}"].get;
    expect(receipts.security).to.deep.equal([{ bearerAuth: [] }]);
    expect(receipts.responses["200"].content["application/json"].schema.items.properties).to.have.keys(
      "chainId",
      "dataId",
      "node",
      "purgedAt",
      "signature",
    );
    expect(Object.keys(document.paths["/v1/auth/session"]).sort()).to.deep.equal(["delete", "get", "post"]);
    const signIn = document.paths["/v1/auth/session"].post;
    expect(signIn.requestBody.content["application/json"].schema.required).to.deep.equal(["message", "signature"]);
    expect(signIn.responses["201"].content["application/json"].schema.properties).to.have.keys(
      "token",
      "address",
      "chainId",
      "expiresAt",
    );
    expect(signIn.responses["401"].content["application/json"].schema.properties).to.have.keys("error");
    expect(document.paths["/v1/auth/session"].get.security).to.deep.equal([{ bearerAuth: [] }]);
    expect(document.components.securitySchemes.bearerAuth).to.include({ type: "http", scheme: "bearer" });
  });

  it("logs requests without the Authorization header's value or cookies", async function () {
    const { app, logs } = await build();
    const secret = "S".repeat(43);
    await app.inject({
      method: "GET",
      url: "/v1/auth/session",
      headers: { authorization: `Bearer ${secret}`, cookie: "session=hunter2" },
    });
    const text = logs();
    expect(text).to.include('"authorization":"[redacted]"');
    expect(text).to.not.include(secret);
    expect(text).to.not.include("hunter2");
  });
});
