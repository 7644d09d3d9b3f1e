import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";

import { expect } from "chai";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

import type { BlockStore } from "../../../node/src/blocks/block-store.ts";
import { BlockNotFoundError, UnsupportedCidError } from "../../../node/src/blocks/errors.ts";
import { createHeliaBlockStore } from "../../../node/src/blocks/helia-block-store.ts";
import { generateNetworkKey } from "../../../node/src/p2p/network-key.ts";
import { rejection } from "../p2p/rejection.ts";
import { testNetwork } from "../p2p/test-network.ts";
import type { TestNode } from "../p2p/test-network.ts";

describe("blocks/helia-block-store", function () {
  this.timeout(20_000);
  const nodes = testNetwork();
  let a: TestNode;
  let b: TestNode;
  let storeA: BlockStore;
  let storeB: BlockStore;

  before(async function () {
    const psk = generateNetworkKey();
    [a, b] = await Promise.all([nodes.start({ psk }), nodes.start({ psk })]);
    storeA = createHeliaBlockStore({ helia: a.helia, defaultTimeoutMs: 5_000 });
    storeB = createHeliaBlockStore({ helia: b.helia, defaultTimeoutMs: 5_000 });
    await b.dial(a.multiaddrs()[0]!);
  });

  after(async function () {
    await nodes.stopAll();
  });

  it("puts a raw block under its CIDv1 raw sha2-256 CID (bafkrei…), computed independently", async function () {
    const bytes = marker("put");
    const cid = await storeA.put(bytes);
    const expected = CID.createV1(raw.code, await sha256.digest(bytes));
    expect(cid.toString()).to.equal(expected.toString());
    expect(cid.toString()).to.match(/^bafkrei/);
    expect(await storeA.get(cid)).to.deep.equal(bytes);
  });

  it("gives the well-known CID of 'hello', the same as `ipfs block put`", async function () {
    const cid = await storeA.put(new TextEncoder().encode("hello"));
    expect(cid.toString()).to.equal("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
  });

  it("puts the same bytes twice under the same CID", async function () {
    const bytes = marker("twice");
    expect((await storeA.put(bytes)).equals(await storeA.put(bytes))).to.equal(true);
  });

  it("fetches a block put on A from B over bitswap, verified and then stored locally on B", async function () {
    const bytes = new Uint8Array(1024 * 1024).map((_, index) => index % 251);
    const cid = await storeA.put(bytes);
    expect(await storeB.has(cid)).to.equal(false);
    expect(await storeB.get(cid, { timeoutMs: 10_000 })).to.deep.equal(bytes);
    expect(await storeB.has(cid)).to.equal(true);
  });

  it("answers has() from local storage only", async function () {
    const cid = await storeA.put(marker("local only"));
    expect(await storeA.has(cid)).to.equal(true);
    expect(await storeB.has(cid)).to.equal(false);
  });

  it("deletes the block file from disk, and a get then fails with BlockNotFoundError after the timeout", async function () {
    const bytes = marker("delete me");
    const cid = await storeA.put(bytes);
    await storeB.get(cid);
    expect(await filesHolding(a, bytes)).to.have.length(1);
    expect(await filesHolding(b, bytes)).to.have.length(1);

    await storeA.delete(cid);
    await storeB.delete(cid);
    expect(await storeA.has(cid)).to.equal(false);
    expect(await filesHolding(a, bytes)).to.have.length(0);
    expect(await filesHolding(b, bytes)).to.have.length(0);

    const started = performance.now();
    const error = await rejection(storeA.get(cid, { timeoutMs: 500 }));
    expect(performance.now() - started).to.be.at.least(450);
    expect(error).to.be.instanceOf(BlockNotFoundError);
    expect((error as BlockNotFoundError).cid).to.equal(cid.toString());
  });

  it("deletes idempotently", async function () {
    const cid = await storeA.put(marker("twice deleted"));
    await storeA.delete(cid);
    await storeA.delete(cid);
    expect(await storeA.has(cid)).to.equal(false);
  });

  it("passes the caller's own abort through as is", async function () {
    const cid = await storeA.put(marker("aborted"));
    await storeA.delete(cid);
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    setTimeout(() => controller.abort(reason), 50);
    expect(await rejection(storeA.get(cid, { signal: controller.signal, timeoutMs: 5_000 }))).to.equal(reason);
  });

  it("refuses CIDs that are not CIDv1 raw sha2-256", async function () {
    const dagPb = CID.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
    const error = await rejection(storeA.get(dagPb));
    expect(error).to.be.instanceOf(UnsupportedCidError);
    expect(await rejection(storeA.has(dagPb))).to.be.instanceOf(UnsupportedCidError);
  });

  it("leaves no block data outside the blockstore directory", async function () {
    const bytes = marker("where on disk");
    await storeA.put(bytes);
    const holders = await filesHolding(a, bytes, a.dataDir);
    expect(holders).to.have.length(1);
    expect(holders[0]).to.contain(join(a.dataDir, "node", "blocks"));
  });
});

/** Distinct bytes for each test, easy to find on disk. */
function marker(label: string): Uint8Array {
  return new TextEncoder().encode(`IDEM-TEST-MARKER ${label} ${Math.random()}`);
}

/** Every file under the node's blockstore (or `root`) whose content contains `bytes`. */
async function filesHolding(node: TestNode, bytes: Uint8Array, root = join(node.dataDir, "node", "blocks")) {
  const needle = Buffer.from(bytes);
  const found: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path)).includes(needle)) found.push(path);
  }
  return found;
}
