import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { generateKeyPair, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { expect } from "chai";

import { KeyFileError } from "../../../node/src/p2p/errors.ts";
import { loadOrCreatePeerKey } from "../../../node/src/p2p/identity.ts";
import { rejection } from "./rejection.ts";

describe("p2p/identity", function () {
  let dir: string;

  beforeEach(async function () {
    dir = await mkdtemp(join(tmpdir(), "idem-identity-"));
  });

  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates an Ed25519 key in a file only the owner can read", async function () {
    const path = join(dir, "libp2p.key");
    const key = await loadOrCreatePeerKey({ path });
    expect(key.type).to.equal("Ed25519");
    expect((await stat(path)).mode & 0o777).to.equal(0o600);
    expect(new Uint8Array(await readFile(path))).to.deep.equal(privateKeyToProtobuf(key));
  });

  it("loads the same key, hence the same peer id, the second time", async function () {
    const path = join(dir, "libp2p.key");
    const first = await loadOrCreatePeerKey({ path });
    const second = await loadOrCreatePeerKey({ path });
    expect(peerIdFromPrivateKey(second).toString()).to.equal(peerIdFromPrivateKey(first).toString());
  });

  it("accepts a read-only (0400) key file", async function () {
    const path = join(dir, "libp2p.key");
    const first = await loadOrCreatePeerKey({ path });
    await chmod(path, 0o400);
    expect((await loadOrCreatePeerKey({ path })).equals(first)).to.equal(true);
  });

  for (const mode of [0o640, 0o604, 0o644, 0o660]) {
    it(`refuses a key file with mode 0${mode.toString(8)}`, async function () {
      const path = join(dir, "libp2p.key");
      await loadOrCreatePeerKey({ path });
      await chmod(path, mode);
      const error = await rejection(loadOrCreatePeerKey({ path }));
      expect(error).to.be.instanceOf(KeyFileError);
      expect((error as KeyFileError).path).to.equal(path);
      expect((error as KeyFileError).shortMessage).to.contain("readable by others");
    });
  }

  it("refuses a file that does not hold a libp2p key, without quoting it", async function () {
    const path = join(dir, "libp2p.key");
    await writeFile(path, "not a key at all", { mode: 0o600 });
    const error = await rejection(loadOrCreatePeerKey({ path }));
    expect(error).to.be.instanceOf(KeyFileError);
    expect((error as Error).message).to.not.contain("not a key at all");
    expect((error as Error).cause).to.equal(undefined);
  });

  it("refuses a key of another type", async function () {
    const path = join(dir, "libp2p.key");
    await writeFile(path, privateKeyToProtobuf(await generateKeyPair("secp256k1")), { mode: 0o600 });
    const error = await rejection(loadOrCreatePeerKey({ path }));
    expect(error).to.be.instanceOf(KeyFileError);
    expect((error as KeyFileError).details).to.contain("secp256k1");
  });

  it("fails with KeyFileError when the directory does not exist", async function () {
    const error = await rejection(loadOrCreatePeerKey({ path: join(dir, "missing", "libp2p.key") }));
    expect(error).to.be.instanceOf(KeyFileError);
  });
});
