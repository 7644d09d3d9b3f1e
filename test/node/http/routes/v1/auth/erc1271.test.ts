import { expect } from "chai";
import { JsonRpcProvider, Wallet } from "ethers";

import { createChainGateway } from "../../../../../../node/src/chain/gateway.ts";
import { build, cleanup, hardhatGateway } from "../../../../helpers/build.ts";
import { fetchNonce, postSession, signInMessage } from "../../../../helpers/siwe.ts";

describe("node /v1/auth: Sign-In with Ethereum (ERC-1271 smart account)", function () {
  afterEach(cleanup);

  async function deployWallet() {
    const { gateway, ethers } = await hardhatGateway();
    const [keeper] = await ethers.getSigners();
    const account = await ethers.deployContract("ERC1271WalletMock", [keeper!.address]);
    await account.waitForDeployment();
    return { gateway, keeper: keeper!, accountAddress: await account.getAddress() };
  }

  it("signs in a smart account whose keeper signed the message (checked on-chain)", async function () {
    const { gateway, keeper, accountAddress } = await deployWallet();
    const { app } = await build({ chain: gateway });
    const nonce = await fetchNonce(app);
    const message = signInMessage({ address: accountAddress, nonce });
    const signature = await keeper.signMessage(message);

    const response = await postSession(app, { message, signature });
    expect(response.statusCode, response.body).to.equal(201);
    expect(response.json().address).to.equal(accountAddress);

    const me = await app.inject({
      method: "GET",
      url: "/v1/auth/session",
      headers: { authorization: `Bearer ${response.json().token}` },
    });
    expect(me.json().address).to.equal(accountAddress);
  });

  it("refuses a smart account sign-in signed by someone other than its keeper", async function () {
    const { gateway, accountAddress } = await deployWallet();
    const { app } = await build({ chain: gateway });
    const nonce = await fetchNonce(app);
    const message = signInMessage({ address: accountAddress, nonce });
    const signature = await Wallet.createRandom().signMessage(message);

    const response = await postSession(app, { message, signature });
    expect(response.statusCode).to.equal(401);
    expect(response.json().error.code).to.equal("SIWE_SIGNATURE_INVALID");
  });

  it("refuses a non-ECDSA signature for an address without code", async function () {
    const { gateway } = await deployWallet();
    const { app } = await build({ chain: gateway });
    const nonce = await fetchNonce(app);
    const message = signInMessage({ address: Wallet.createRandom().address, nonce });
    const response = await postSession(app, { message, signature: `0x${"ab".repeat(100)}` });
    expect(response.statusCode).to.equal(401);
    expect(response.json().error.code).to.equal("SIWE_SIGNATURE_INVALID");
  });

  it("answers 503 CHAIN_UNAVAILABLE when the chain cannot be reached for the ERC-1271 check", async function () {
    // Port 9 (discard) on loopback: nothing answers JSON-RPC there.
    const provider = new JsonRpcProvider("http://127.0.0.1:9", 31337, { staticNetwork: true });
    const { app } = await build({ chain: createChainGateway({ providers: new Map([[31337, provider]]) }) });
    const nonce = await fetchNonce(app);
    const message = signInMessage({ address: Wallet.createRandom().address, nonce });
    const response = await postSession(app, { message, signature: await Wallet.createRandom().signMessage(message) });
    provider.destroy();
    expect(response.statusCode).to.equal(503);
    expect(response.json()).to.deep.equal({
      error: { code: "CHAIN_UNAVAILABLE", message: "A chain this node follows is unreachable; try again later." },
    });
  });
});
