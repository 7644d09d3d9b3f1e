import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { KeyFileError } from "../../../node/src/p2p/errors.ts";
import {
  NETWORK_KEY_LENGTH,
  generateNetworkKey,
  isNetworkKey,
  loadOrCreateNetworkKey,
} from "../../../node/src/p2p/network-key.ts";
import { rejection } from "./rejection.ts";

describe("p2p/network-key", function () {
  let dir: string;

  beforeEach(async function () {
    dir = await mkdtemp(join(tmpdir(), "idem-psk-"));
  });

  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("generates a 95-byte pnet v1 key", function () {
    const psk = generateNetworkKey();
    expect(psk).to.have.length(NETWORK_KEY_LENGTH);
    expect(new TextDecoder().decode(psk)).to.match(/^\/key\/swarm\/psk\/1\.0\.0\/\n\/base16\/\n[0-9a-f]{64}$/);
    expect(generateNetworkKey()).to.not.deep.equal(psk);
  });

  it("creates the key file with mode 0600 and loads the same key the second time", async function () {
    const path = join(dir, "swarm.key");
    const psk = await loadOrCreateNetworkKey({ path });
    expect((await stat(path)).mode & 0o777).to.equal(0o600);
    expect(new Uint8Array(await readFile(path))).to.deep.equal(psk);
    expect(await loadOrCreateNetworkKey({ path })).to.deep.equal(psk);
  });

  it("refuses a group- or world-readable key file", async function () {
    const path = join(dir, "swarm.key");
    await loadOrCreateNetworkKey({ path });
    await chmod(path, 0o644);
    const error = await rejection(loadOrCreateNetworkKey({ path }));
    expect(error).to.be.instanceOf(KeyFileError);
    expect((error as KeyFileError).details).to.contain("0644");
  });

  it("refuses a file that is not a pnet key, without quoting it", async function () {
    const path = join(dir, "swarm.key");
    const wrong = "/key/swarm/psk/1.0.0/\n/base16/\n" + "zz".repeat(32);
    await writeFile(path, wrong, { mode: 0o600 });
    const error = await rejection(loadOrCreateNetworkKey({ path }));
    expect(error).to.be.instanceOf(KeyFileError);
    expect((error as Error).message).to.not.contain("zz");
  });

  it("tells a well-formed key from a truncated or padded one", function () {
    const psk = generateNetworkKey();
    expect(isNetworkKey(psk)).to.equal(true);
    expect(isNetworkKey(psk.subarray(0, 94))).to.equal(false);
    expect(isNetworkKey(new Uint8Array([...psk, 0x0a]))).to.equal(false);
  });
});
