import { expect } from "chai";
import { Wallet } from "ethers";

import { HARDHAT_TEST_KEY, build, cleanup } from "../../../../helpers/build.ts";
import { fetchNonce, postSession, signIn, signInMessage } from "../../../../helpers/siwe.ts";

/** Hardhat's well-known test account #0 (public key, test use only). */
const wallet = new Wallet(HARDHAT_TEST_KEY);
const MINUTE = 60_000;

describe("node /v1/auth: Sign-In with Ethereum (EOA)", function () {
  afterEach(cleanup);

  it("issues a nonce bound to the node's domain, origin and chains", async function () {
    const { app } = await build();
    const response = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
    expect(response.statusCode).to.equal(201);
    const body = response.json();
    expect(body.nonce).to.match(/^[0-9a-f]{32}$/);
    expect(body).to.include({ domain: "node1.idem.test", uri: "https://node1.idem.test" });
    expect(body.chainIds).to.deep.equal([31337]);
    expect(Date.parse(body.expiresAt) - Date.parse(body.issuedAt)).to.equal(300_000);
  });

  it("signs in, returns the caller, and logs out", async function () {
    const { app, store } = await build();
    const { response } = await signIn(app, wallet);
    expect(response.statusCode, response.body).to.equal(201);
    const { token, address, chainId, expiresAt } = response.json();
    expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(response.headers["cache-control"]).to.equal("no-store");
    expect(address).to.equal(wallet.address);
    expect(chainId).to.equal(31337);
    expect(Date.parse(expiresAt)).to.be.closeTo(Date.now() + 3600_000, 5000);

    // Only the token's hash is stored.
    const rows = store.db.prepare("SELECT token_hash FROM sessions").all() as { token_hash: Uint8Array }[];
    expect(rows).to.have.length(1);
    expect(Buffer.from(rows[0]!.token_hash).toString("base64url")).to.not.equal(token);

    const headers = { authorization: `Bearer ${token}` };
    const me = await app.inject({ method: "GET", url: "/v1/auth/session", headers });
    expect(me.statusCode).to.equal(200);
    expect(me.json()).to.deep.equal({ address: wallet.address, chainId: 31337, expiresAt });
    expect(me.headers["cache-control"]).to.equal("no-store");

    const out = await app.inject({ method: "DELETE", url: "/v1/auth/session", headers });
    expect(out.statusCode).to.equal(204);
    expect(out.body).to.equal("");
    const after = await app.inject({ method: "GET", url: "/v1/auth/session", headers });
    expect(after.statusCode).to.equal(401);
    expect(after.json().error.code).to.equal("UNAUTHENTICATED");
    expect(after.headers["www-authenticate"]).to.equal("Bearer");
    expect(after.headers["cache-control"]).to.equal("no-store");
  });

  it("refuses a replayed sign-in (the nonce is used)", async function () {
    const { app } = await build();
    const { response, message, signature } = await signIn(app, wallet);
    expect(response.statusCode).to.equal(201);
    const replay = await postSession(app, { message, signature });
    expect(replay.statusCode).to.equal(401);
    expect(replay.headers["www-authenticate"]).to.equal("Bearer");
    expect(replay.headers["cache-control"]).to.equal("no-store");
    expect(replay.json()).to.deep.equal({
      error: { code: "SIWE_NONCE_USED", message: "The sign-in nonce was already used." },
    });
  });

  it("lets exactly one of two concurrent sign-ins with one nonce through", async function () {
    const { app } = await build();
    const nonce = await fetchNonce(app);
    const message = signInMessage({ address: wallet.address, nonce });
    const signature = await wallet.signMessage(message);
    const answers = await Promise.all([
      postSession(app, { message, signature }),
      postSession(app, { message, signature }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).to.deep.equal([201, 401]);
  });

  it("refuses a message for another domain", async function () {
    const { app } = await build();
    const { response } = await signIn(app, wallet, { domain: "evil.example" });
    expect(response.statusCode).to.equal(401);
    expect(response.json().error.code).to.equal("SIWE_DOMAIN_MISMATCH");
  });

  it("refuses a message whose URI is another origin", async function () {
    const { app } = await build();
    const { response } = await signIn(app, wallet, { uri: "https://evil.example/login" });
    expect(response.statusCode).to.equal(401);
    expect(response.json().error.code).to.equal("SIWE_URI_MISMATCH");
  });

  it("refuses a chain the node does not follow", async function () {
    const { app } = await build();
    const { response } = await signIn(app, wallet, { chainId: 1 });
    expect(response.statusCode).to.equal(401);
    expect(response.json().error.code).to.equal("SIWE_CHAIN_UNSUPPORTED");
  });

  it("refuses an expired message", async function () {
    const { app } = await build();
    const { response } = await signIn(app, wallet, {
      issuedAt: new Date(Date.now() - 10 * MINUTE),
      expirationTime: new Date(Date.now() - MINUTE),
    });
    expect(response.statusCode).to.equal(401);
    expect(response.json().error.code).to.equal("SIWE_EXPIRED");
  });

  it("refuses a message issued in the future or not valid yet", async function () {
    const { app } = await build();
    const future = await signIn(app, wallet, { issuedAt: new Date(Date.now() + 10 * MINUTE) });
    expect(future.response.json().error.code).to.equal("SIWE_ISSUED_IN_FUTURE");
    const later = await signIn(app, wallet, { notBefore: new Date(Date.now() + 10 * MINUTE) });
    expect(later.response.json().error.code).to.equal("SIWE_NOT_YET_VALID");
  });

  it("refuses a nonce the node never issued", async function () {
    const { app } = await build();
    const { response } = await signIn(app, wallet, { nonce: "abcdef0123456789abcdef0123456789" });
    expect(response.statusCode).to.equal(401);
    expect(response.json().error.code).to.equal("SIWE_NONCE_UNKNOWN");
  });

  it("refuses an expired nonce", async function () {
    let now = Date.now();
    const { app } = await build({ clock: () => now });
    const nonce = await fetchNonce(app);
    now += 301_000;
    const { response } = await signIn(app, wallet, { nonce, issuedAt: new Date(now) });
    expect(response.statusCode).to.equal(401);
    expect(response.json().error.code).to.equal("SIWE_NONCE_EXPIRED");
  });

  it("refuses a tampered message (the signature no longer matches)", async function () {
    const { app } = await build();
    const nonce = await fetchNonce(app);
    const message = signInMessage({ address: wallet.address, nonce });
    const signature = await wallet.signMessage(message);
    const tampered = message.replace("Sign in to the Idem storage node.", "Sign in to the Idem storage node!");
    const response = await postSession(app, { message: tampered, signature });
    expect(response.statusCode).to.equal(401);
    expect(response.json().error.code).to.equal("SIWE_SIGNATURE_INVALID");
    // The nonce was not consumed by the failed attempt: the genuine message still signs in.
    expect((await postSession(app, { message, signature })).statusCode).to.equal(201);
  });

  it("refuses another account's signature", async function () {
    const { app } = await build();
    const nonce = await fetchNonce(app);
    const message = signInMessage({ address: wallet.address, nonce });
    const signature = await Wallet.createRandom().signMessage(message);
    const response = await postSession(app, { message, signature });
    expect(response.json().error.code).to.equal("SIWE_SIGNATURE_INVALID");
  });

  it("answers 400 for text that is not an EIP-4361 message, or not in canonical form", async function () {
    const { app } = await build();
    const garbage = await postSession(app, { message: "hello", signature: "0x00" });
    expect(garbage.statusCode).to.equal(400);
    expect(garbage.json().error.code).to.equal("SIWE_MESSAGE_MALFORMED");

    const nonce = await fetchNonce(app);
    const message = `${signInMessage({ address: wallet.address, nonce })}\n`;
    const response = await postSession(app, { message, signature: await wallet.signMessage(message) });
    expect(response.statusCode).to.equal(400);
    expect(response.json().error.code).to.equal("SIWE_MESSAGE_MALFORMED");
  });

  it("ends the session at the message's expiration time when that is sooner than the TTL", async function () {
    let now = Date.now();
    const { app } = await build({ clock: () => now });
    const expirationTime = new Date(now + 10 * MINUTE);
    const { response } = await signIn(app, wallet, { issuedAt: new Date(now), expirationTime });
    expect(response.statusCode).to.equal(201);
    const { token, expiresAt } = response.json();
    expect(Date.parse(expiresAt)).to.equal(Math.floor(expirationTime.getTime() / 1000) * 1000);

    const headers = { authorization: `Bearer ${token}` };
    now += 9 * MINUTE;
    expect((await app.inject({ method: "GET", url: "/v1/auth/session", headers })).statusCode).to.equal(200);
    now += 2 * MINUTE;
    const expired = await app.inject({ method: "GET", url: "/v1/auth/session", headers });
    expect(expired.statusCode).to.equal(401);
  });

  it("refuses a malformed or unknown bearer token", async function () {
    const { app } = await build();
    for (const authorization of ["Basic abc", "Bearer short", `Bearer ${"A".repeat(43)}`]) {
      const response = await app.inject({ method: "GET", url: "/v1/auth/session", headers: { authorization } });
      expect(response.statusCode, authorization).to.equal(401);
      expect(response.json().error.code).to.equal("UNAUTHENTICATED");
      expect(response.headers["www-authenticate"]).to.equal("Bearer");
    }
  });
});
