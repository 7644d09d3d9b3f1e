import { expect } from "chai";

import { build, cleanup } from "../helpers/build.ts";

/** Every error answer: JSON `{ error: { code, message } }`, nothing else, no stack. */
function expectErrorShape(response: { headers: Record<string, unknown>; body: string }, status: number, code: string) {
  expect(String(response.headers["content-type"])).to.match(/^application\/json/);
  const body = JSON.parse(response.body) as { error: { code: string; message: string } };
  expect(Object.keys(body)).to.deep.equal(["error"]);
  expect(Object.keys(body.error).sort()).to.deep.equal(["code", "message"]);
  expect(body.error.code).to.equal(code);
  expect(response.body).to.not.match(/\bat .+:\d+:\d+|node_modules|\.ts:/);
  return { status, body };
}

describe("node HTTP: one JSON error shape, no stack traces", function () {
  afterEach(cleanup);

  it("404 for an unknown route", async function () {
    const { app } = await build();
    const response = await app.inject({ method: "GET", url: "/v1/nope" });
    expect(response.statusCode).to.equal(404);
    expectErrorShape(response, 404, "NOT_FOUND");
  });

  it("400 for malformed JSON", async function () {
    const { app } = await build();
    const response = await app.inject({
      method: "POST",
      url: "/v1/auth/session",
      headers: { "content-type": "application/json" },
      payload: '{"message": "x", ',
    });
    expect(response.statusCode).to.equal(400);
    expectErrorShape(response, 400, "MALFORMED_JSON");
  });

  it("400 for an empty JSON body", async function () {
    const { app } = await build();
    const response = await app.inject({
      method: "POST",
      url: "/v1/auth/session",
      headers: { "content-type": "application/json" },
      payload: "",
    });
    expect(response.statusCode).to.equal(400);
    expectErrorShape(response, 400, "EMPTY_BODY");
  });

  it("413 for a body over the limit", async function () {
    const { app, config } = await build();
    const response = await app.inject({
      method: "POST",
      url: "/v1/auth/session",
      payload: { message: "x".repeat(config.http.bodyLimit), signature: "0x00" },
    });
    expect(response.statusCode).to.equal(413);
    expectErrorShape(response, 413, "BODY_TOO_LARGE");
  });

  it("415 for a body that is not JSON", async function () {
    const { app } = await build();
    const response = await app.inject({
      method: "POST",
      url: "/v1/auth/session",
      headers: { "content-type": "text/plain" },
      payload: "hello",
    });
    expect(response.statusCode).to.equal(415);
    expectErrorShape(response, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("401 for a missing Authorization header", async function () {
    const { app } = await build();
    for (const method of ["GET", "DELETE"] as const) {
      const response = await app.inject({ method, url: "/v1/auth/session" });
      expect(response.statusCode).to.equal(401);
      expectErrorShape(response, 401, "UNAUTHENTICATED");
    }
  });

  it("400 for a body that fails the schema: a missing field, a bad pattern, an unknown key", async function () {
    const { app } = await build();
    const bodies = [
      { message: "x" },
      { message: "x", signature: "not hex" },
      { message: "x", signature: "0x00", extra: true },
      [],
    ];
    for (const payload of bodies) {
      const response = await app.inject({ method: "POST", url: "/v1/auth/session", payload });
      expect(response.statusCode, JSON.stringify(payload)).to.equal(400);
      const { body } = expectErrorShape(response, 400, "VALIDATION_FAILED");
      expect(body.error.message).to.match(/^body/);
    }
  });

  it("400 for a malformed URL (frameworkErrors)", async function () {
    const { app } = await build();
    const response = await app.inject({ method: "GET", url: "/v1/%zz" });
    expect(response.statusCode).to.equal(400);
    expectErrorShape(response, 400, "BAD_URL");
  });

  it("429 once the rate limit is spent, with Retry-After", async function () {
    const { app } = await build({ http: { rateLimit: { max: 2, timeWindowMs: 60_000 } } });
    const statuses: number[] = [];
    let last;
    for (let index = 0; index < 3; index += 1) {
      last = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
      statuses.push(last.statusCode);
    }
    expect(statuses).to.deep.equal([201, 201, 429]);
    expectErrorShape(last!, 429, "RATE_LIMITED");
    expect(last!.headers["retry-after"]).to.be.a("string");
    // Probes are not rate limited.
    expect((await app.inject({ method: "GET", url: "/health" })).statusCode).to.equal(200);
  });

  it("500 with a fixed message when the node itself fails (here: its store is closed)", async function () {
    const { app, store, logs } = await build();
    store.close();
    const response = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
    expect(response.statusCode).to.equal(500);
    expect(response.json()).to.deep.equal({ error: { code: "INTERNAL_ERROR", message: "Internal server error." } });
    expectErrorShape(response, 500, "INTERNAL_ERROR");
    // The cause goes to the log.
    expect(logs()).to.include("request failed");
    const health = await app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).to.equal(503);
    expectErrorShape(health, 503, "STORE_UNAVAILABLE");
  });
});
