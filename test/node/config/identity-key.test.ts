import { chmodSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { Wallet } from "ethers";

import { createIdentityKey, loadIdentityKey } from "../../../node/src/config/identity-key.ts";
import { IdentityKeyError } from "../../../node/src/errors.ts";
import { HARDHAT_TEST_KEY, cleanup, tempDir } from "../helpers/build.ts";

/** The error `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<IdentityKeyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(IdentityKeyError);
    return error as IdentityKeyError;
  }
  expect.fail("the key was accepted");
}

describe("node identity key file", function () {
  afterEach(cleanup);

  it("loads a 0600 key file and derives its address", async function () {
    const path = join(tempDir(), "node.key");
    // Hardhat's well-known test key #0: public, test use only.
    writeFileSync(path, `${HARDHAT_TEST_KEY}\n`, { mode: 0o600 });
    const key = await loadIdentityKey({ path });
    expect(key.address).to.equal(new Wallet(HARDHAT_TEST_KEY).address);
  });

  it("refuses a key file others can read, without printing the key", async function () {
    const path = join(tempDir(), "node.key");
    writeFileSync(path, HARDHAT_TEST_KEY, { mode: 0o600 });
    chmodSync(path, 0o644);
    const error = await rejection(loadIdentityKey({ path }));
    expect(error.message).to.include("is readable by others").and.include("0644");
    expect(error.message).to.not.include(HARDHAT_TEST_KEY.slice(2));
  });

  it("refuses a missing file and one that holds no key", async function () {
    const dir = tempDir();
    expect((await rejection(loadIdentityKey({ path: join(dir, "absent.key") }))).message).to.include("cannot be read");
    const path = join(dir, "bad.key");
    writeFileSync(path, "not a key", { mode: 0o600 });
    expect((await rejection(loadIdentityKey({ path }))).message).to.include("does not hold a key");
    writeFileSync(path, `0x${"00".repeat(32)}`, { mode: 0o600 });
    expect((await rejection(loadIdentityKey({ path }))).message).to.include("does not hold a valid secp256k1 key");
  });

  it("creates a fresh key with mode 0600 and never overwrites one", async function () {
    const path = join(tempDir(), "node.key");
    const created = await createIdentityKey({ path });
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    expect((await loadIdentityKey({ path })).address).to.equal(created.address);
    await rejection(createIdentityKey({ path }));
    expect((await loadIdentityKey({ path })).address).to.equal(created.address);
  });
});
