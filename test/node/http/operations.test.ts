import { expect } from "chai";

import { build, cleanup } from "../helpers/build.ts";

describe("node HTTP: /health, /metrics, /v1/openapi.json, logging", function () {
  afterEach(cleanup);

  it("/health answers ok when the store answers", async function () {
    const { app } = await build();
    const response = await app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).to.equal(200);
    expect(response.json()).to.deep.equal({ status: "ok", store: "ok" });
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
      "/v1/auth/nonce",
      "/v1/auth/session",
    ]);
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
