/**
 * SIWE sign-in, whoami and sign-out against a real node listening on 127.0.0.1 (SQLite store, chain gateway over
 * Hardhat's in-process chain).
 */
import { inspect } from "node:util";

import { expect } from "chai";
import { Wallet } from "ethers";
import type { Signer } from "ethers";

import { IdemError } from "../../../sdk/src/errors.ts";
import {
  InvalidNodeResponseError,
  InvalidNodeUrlError,
  InvalidSignInParametersError,
  NodeHttpError,
  NodeUnreachableError,
  SignInBindingError,
} from "../../../sdk/src/storage/errors.ts";
import { signIn } from "../../../sdk/src/storage/sign-in.ts";
import { signOut } from "../../../sdk/src/storage/sign-out.ts";
import { whoami } from "../../../sdk/src/storage/whoami.ts";
import {
  HARDHAT_CHAIN_ID,
  HARDHAT_TEST_KEY,
  cleanup,
  closedPort,
  hardhatGateway,
  startNode,
  startStub,
} from "./helpers.ts";

/** Runs `action` and returns what it threw (fails if it did not throw). */
async function thrown(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  expect.fail("expected a rejection");
}

/** A signer that records whether it was asked to sign. */
function recordingSigner(wallet: Wallet): Pick<Signer, "getAddress" | "signMessage"> & { signed: string[] } {
  const signed: string[] = [];
  return {
    signed,
    getAddress: () => wallet.getAddress(),
    signMessage: async (message) => {
      signed.push(String(message));
      return wallet.signMessage(message);
    },
  };
}

describe("sdk storage: sign-in, whoami, sign-out against a real node", function () {
  this.timeout(30_000);

  // Hardhat's well-known test account #0 key: public, test use only, never a real key.
  const eoa = new Wallet(HARDHAT_TEST_KEY);
  let nodeUrl: string;
  let smartAccount: string;

  before(async function () {
    const { gateway, ethers } = await hardhatGateway();
    // The ERC-1271 mock accepts the owner's ECDSA signature over the hash the node checks (EIP-191).
    const wallet = await ethers.deployContract("ERC1271WalletMock", [eoa.address]);
    await wallet.waitForDeployment();
    smartAccount = await wallet.getAddress();
    ({ url: nodeUrl } = await startNode({ chain: gateway }));
  });

  after(cleanup);

  it("signs in an EOA, tells who it is, signs out, and then the token is refused with 401 UNAUTHENTICATED", async function () {
    const before = Date.now();
    const session = await signIn({ nodeUrl, signer: eoa, chainId: HARDHAT_CHAIN_ID });
    expect(session.nodeUrl).to.equal(nodeUrl);
    expect(session.address).to.equal(eoa.address);
    expect(session.chainId).to.equal(HARDHAT_CHAIN_ID);
    expect(session.token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(session.expiresAt.getTime())
      .to.be.greaterThan(before)
      .and.at.most(before + 3600_000 + 2000);

    const me = await whoami({ session });
    expect(me).to.deep.equal({
      address: eoa.address,
      chainId: HARDHAT_CHAIN_ID,
      expiresAt: session.expiresAt,
    });

    await signOut({ session });
    const error = await thrown(() => whoami({ session }));
    expect(error).to.be.instanceOf(NodeHttpError).and.instanceOf(IdemError);
    const httpError = error as NodeHttpError;
    expect(httpError.status).to.equal(401);
    expect(httpError.code).to.equal("UNAUTHENTICATED");
    expect(httpError.url).to.equal(`${nodeUrl}/v1/auth/session`);

    const again = (await thrown(() => signOut({ session }))) as NodeHttpError;
    expect(again).to.be.instanceOf(NodeHttpError);
    expect(again.status).to.equal(401);
  });

  it("accepts a chain id as a bigint and a node URL with a trailing slash", async function () {
    const session = await signIn({ nodeUrl: `${nodeUrl}/`, signer: eoa, chainId: BigInt(HARDHAT_CHAIN_ID) });
    expect(session.nodeUrl).to.equal(nodeUrl);
    expect(session.chainId).to.equal(HARDHAT_CHAIN_ID);
  });

  it("ends the session when the message expires, if that is sooner than the node's session lifetime", async function () {
    const before = Date.now();
    const session = await signIn({ nodeUrl, signer: eoa, chainId: HARDHAT_CHAIN_ID, expiresInSeconds: 120 });
    expect(session.expiresAt.getTime()).to.be.within(before + 110_000, before + 122_000);
  });

  it("signs the EIP-4361 message the node asked for: its domain, origin, the chain, the nonce and the statement", async function () {
    const signer = recordingSigner(eoa);
    await signIn({ nodeUrl, signer, chainId: HARDHAT_CHAIN_ID, statement: "Read my credentials." });
    expect(signer.signed).to.have.length(1);
    const message = signer.signed[0]!;
    const host = new URL(nodeUrl).host;
    expect(message.split("\n").slice(0, 4)).to.deep.equal([
      `${host} wants you to sign in with your Ethereum account:`,
      eoa.address,
      "",
      "Read my credentials.",
    ]);
    expect(message).to.include(`\nURI: ${nodeUrl}\n`).and.include(`\nChain ID: ${HARDHAT_CHAIN_ID}\n`);
    expect(message)
      .to.match(/\nNonce: [0-9a-f]{32}\n/)
      .and.match(/\nExpiration Time: /);
  });

  it("signs in an ERC-1271 smart account with its owner's key (checked by the node on the chain)", async function () {
    const session = await signIn({ nodeUrl, signer: eoa, chainId: HARDHAT_CHAIN_ID, account: smartAccount });
    expect(session.address).to.equal(smartAccount);
    expect((await whoami({ session })).address).to.equal(smartAccount);
    await signOut({ session });
  });

  it("is refused with SIWE_SIGNATURE_INVALID when the smart account's owner is not the signer", async function () {
    const stranger = Wallet.createRandom();
    const error = (await thrown(() =>
      signIn({ nodeUrl, signer: stranger, chainId: HARDHAT_CHAIN_ID, account: smartAccount }),
    )) as NodeHttpError;
    expect(error).to.be.instanceOf(NodeHttpError);
    expect(error.status).to.equal(401);
    expect(error.code).to.equal("SIWE_SIGNATURE_INVALID");
  });

  it("is refused with the node's SIWE_CHAIN_UNSUPPORTED on a chain the node does not follow", async function () {
    const error = (await thrown(() => signIn({ nodeUrl, signer: eoa, chainId: 1 }))) as NodeHttpError;
    expect(error).to.be.instanceOf(NodeHttpError);
    expect(error.status).to.equal(401);
    expect(error.code).to.equal("SIWE_CHAIN_UNSUPPORTED");
    expect(error.url).to.equal(`${nodeUrl}/v1/auth/session`);
    expect(error.details).to.include("chain");
  });

  it("refuses, before signing, a node that asks to be named as another site (a relayable sign-in)", async function () {
    const { url } = await startNode({ publicUrl: "https://node1.idem.test" });
    const signer = recordingSigner(eoa);
    const error = (await thrown(() =>
      signIn({ nodeUrl: url, signer, chainId: HARDHAT_CHAIN_ID }),
    )) as SignInBindingError;
    expect(error).to.be.instanceOf(SignInBindingError);
    expect(error.nodeUrl).to.equal(url);
    expect(error.claimedDomain).to.equal("node1.idem.test");
    expect(error.claimedUri).to.equal("https://node1.idem.test");
    expect(signer.signed).to.deep.equal([]);
  });

  it("fails with NodeUnreachableError when nothing listens at the URL", async function () {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const error = (await thrown(() =>
      signIn({ nodeUrl: url, signer: eoa, chainId: HARDHAT_CHAIN_ID }),
    )) as NodeUnreachableError;
    expect(error).to.be.instanceOf(NodeUnreachableError);
    expect(error.url).to.equal(`${url}/v1/auth/nonce`);
    expect(error.timedOut).to.equal(false);
    expect(error.cause).to.be.instanceOf(Error);
  });

  it("fails with NodeUnreachableError (timedOut) when the node accepts but does not answer in time", async function () {
    const stall = await startStub(() => {
      /* never answers */
    });
    try {
      const error = (await thrown(() =>
        signIn({ nodeUrl: stall.url, signer: eoa, chainId: HARDHAT_CHAIN_ID, timeoutMs: 200 }),
      )) as NodeUnreachableError;
      expect(error).to.be.instanceOf(NodeUnreachableError);
      expect(error.timedOut).to.equal(true);
      expect(error.shortMessage).to.equal("The node did not answer in time.");
    } finally {
      await stall.close();
    }
  });

  it("throws the caller's abort reason, not a node error, when the caller aborts", async function () {
    const stall = await startStub(() => {
      /* never answers */
    });
    try {
      const controller = new AbortController();
      const reason = new Error("user navigated away");
      setTimeout(() => controller.abort(reason), 50);
      const error = await thrown(() =>
        signIn({ nodeUrl: stall.url, signer: eoa, chainId: HARDHAT_CHAIN_ID, signal: controller.signal }),
      );
      expect(error).to.equal(reason);
    } finally {
      await stall.close();
    }
  });

  it("maps a non-JSON error page to NodeHttpError without a code, and a non-JSON success to InvalidNodeResponseError", async function () {
    const proxy = await startStub((_request, response) => {
      response.writeHead(502, { "content-type": "text/html" }).end("<html>Bad gateway</html>");
    });
    const notANode = await startStub((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>");
    });
    try {
      const http = (await thrown(() => signIn({ nodeUrl: proxy.url, signer: eoa, chainId: 1 }))) as NodeHttpError;
      expect(http).to.be.instanceOf(NodeHttpError);
      expect(http.status).to.equal(502);
      expect(http.code).to.equal(undefined);
      const invalid = await thrown(() => signIn({ nodeUrl: notANode.url, signer: eoa, chainId: 1 }));
      expect(invalid).to.be.instanceOf(InvalidNodeResponseError);
      expect((invalid as InvalidNodeResponseError).status).to.equal(200);
    } finally {
      await proxy.close();
      await notANode.close();
    }
  });

  it("does not follow a redirect, so the bearer token is never sent elsewhere", async function () {
    const reached: string[] = [];
    const elsewhere = await startStub((request, response) => {
      reached.push(request.headers.authorization ?? "");
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    const redirecting = await startStub((_request, response) => {
      response.writeHead(307, { location: `${elsewhere.url}/v1/auth/session` }).end();
    });
    try {
      const error = (await thrown(() =>
        whoami({ session: { nodeUrl: redirecting.url, token: "tok_secret_0123456789" } }),
      )) as NodeHttpError;
      expect(error).to.be.instanceOf(NodeHttpError);
      expect(error.status).to.equal(307);
      expect(reached).to.deep.equal([]);
    } finally {
      await redirecting.close();
      await elsewhere.close();
    }
  });

  it("rejects bad parameters before any request", async function () {
    // Nothing listens here: a request would fail with NodeUnreachableError instead.
    const url = `http://127.0.0.1:${await closedPort()}`;
    const cases = [
      { statement: "two\nlines" },
      { expiresInSeconds: 0 },
      { expiresInSeconds: 1.5 },
      { chainId: 0 },
      { account: "0x1234" },
    ];
    for (const overrides of cases) {
      const error = await thrown(() => signIn({ nodeUrl: url, signer: eoa, chainId: HARDHAT_CHAIN_ID, ...overrides }));
      expect(error, JSON.stringify(overrides)).to.be.instanceOf(InvalidSignInParametersError);
    }
    for (const bad of [
      "node1.idem.example",
      "ftp://node1.idem.example",
      "https://user:pw@node1.idem.example",
      `${url}?x=1`,
    ]) {
      const error = (await thrown(() =>
        signIn({ nodeUrl: bad, signer: eoa, chainId: HARDHAT_CHAIN_ID }),
      )) as InvalidNodeUrlError;
      expect(error, bad).to.be.instanceOf(InvalidNodeUrlError);
      expect(error.message).to.not.include("pw");
    }
  });

  describe("secret hygiene", function () {
    /** Every way an error might be shown or serialized. */
    function renderings(error: unknown): string[] {
      const value = error as Error;
      return [
        value.message,
        String(value),
        value.stack ?? "",
        JSON.stringify(value),
        JSON.stringify({ ...value }),
        inspect(value, { depth: 10, showHidden: true }),
      ];
    }

    it("never puts the session token in a NodeHttpError (after sign-out)", async function () {
      const session = await signIn({ nodeUrl, signer: eoa, chainId: HARDHAT_CHAIN_ID });
      await signOut({ session });
      for (const failing of [() => whoami({ session }), () => signOut({ session })]) {
        const error = await thrown(failing);
        expect(error).to.be.instanceOf(NodeHttpError);
        for (const text of renderings(error)) expect(text).to.not.include(session.token);
      }
    });

    it("never puts the token in a NodeUnreachableError", async function () {
      const token = "tok_secret_0123456789abcdefghijklmnopqrstuvwxyz";
      const url = `http://127.0.0.1:${await closedPort()}`;
      const error = await thrown(() => whoami({ session: { nodeUrl: url, token } }));
      expect(error).to.be.instanceOf(NodeUnreachableError);
      for (const text of renderings(error)) expect(text).to.not.include(token);
    });

    it("scrubs the token when a node echoes it in its error body", async function () {
      const echo = await startStub((request, response) => {
        const authorization = request.headers.authorization ?? "";
        response
          .writeHead(401, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { code: `BAD_${authorization}`, message: `Refused ${authorization}.` } }));
      });
      const token = "tok_secret_0123456789abcdefghijklmnopqrstuvwxyz";
      try {
        const error = (await thrown(() => whoami({ session: { nodeUrl: echo.url, token } }))) as NodeHttpError;
        expect(error).to.be.instanceOf(NodeHttpError);
        expect(error.details).to.include("Refused Bearer [redacted].");
        expect(error.code).to.equal("BAD_Bearer [redacted]");
        for (const text of renderings(error)) expect(text).to.not.include(token);
      } finally {
        await echo.close();
      }
    });
  });
});
