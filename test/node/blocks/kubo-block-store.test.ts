import { expect } from "chai";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

import { MAX_BLOCK_BYTES } from "../../../node/src/blocks/block-store.ts";
import type { BlockStore } from "../../../node/src/blocks/block-store.ts";
import {
  BlockBackendError,
  BlockNotFoundError,
  BlockTooLargeError,
  UnsupportedCidError,
} from "../../../node/src/blocks/errors.ts";
import { createKuboBlockStore } from "../../../node/src/blocks/kubo-block-store.ts";
import { rejection } from "../p2p/rejection.ts";
import { startKuboApiStandIn } from "./kubo-api-stand-in.ts";
import type { KuboApiStandIn } from "./kubo-api-stand-in.ts";

// Against a STAND-IN for Kubo's RPC API (see kubo-api-stand-in.ts): no Kubo can run on this machine.
describe("blocks/kubo-block-store (against a Kubo API stand-in)", function () {
  this.timeout(10_000);
  let kubo: KuboApiStandIn;
  let blocks: BlockStore;

  before(async function () {
    kubo = await startKuboApiStandIn();
    blocks = createKuboBlockStore({ url: kubo.url, defaultTimeoutMs: 2_000 });
  });

  beforeEach(function () {
    kubo.tamper.get = false;
    kubo.tamper.put = false;
    kubo.requests.length = 0;
  });

  after(async function () {
    await kubo.close();
  });

  it("puts a raw sha2-256 block, unpinned, and returns the independently computed bafkrei… CID", async function () {
    const bytes = new TextEncoder().encode("ciphertext for kubo");
    const cid = await blocks.put(bytes);
    expect(cid.toString()).to.equal(CID.createV1(raw.code, await sha256.digest(bytes)).toString());
    expect(cid.toString()).to.match(/^bafkrei/);
    const { endpoint, params } = kubo.requests[0]!;
    expect(endpoint).to.equal("block/put");
    expect(params.get("format")).to.equal("raw");
    expect(params.get("mhtype")).to.equal("sha2-256");
    expect(params.get("pin")).to.equal("false");
    expect(kubo.blocks.get(cid.toString())).to.deep.equal(bytes);
  });

  it("gets a block back, byte for byte", async function () {
    const bytes = new Uint8Array(256 * 1024).map((_, index) => index % 241);
    const cid = await blocks.put(bytes);
    expect(await blocks.get(cid)).to.deep.equal(bytes);
  });

  it("answers has() offline, from the daemon's repo only", async function () {
    const cid = await blocks.put(new TextEncoder().encode("has"));
    expect(await blocks.has(cid)).to.equal(true);
    expect(kubo.requests.at(-1)!.params.get("offline")).to.equal("true");
    const missing = CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode("never stored")));
    expect(await blocks.has(missing)).to.equal(false);
  });

  it("deletes a block, idempotently, and a get then fails with BlockNotFoundError after the timeout", async function () {
    const cid = await blocks.put(new TextEncoder().encode("delete me"));
    await blocks.delete(cid);
    await blocks.delete(cid);
    expect(kubo.blocks.has(cid.toString())).to.equal(false);
    expect(await blocks.has(cid)).to.equal(false);
    const started = performance.now();
    const error = await rejection(blocks.get(cid, { timeoutMs: 300 }));
    expect(performance.now() - started).to.be.at.least(250);
    expect(error).to.be.instanceOf(BlockNotFoundError);
    expect((error as BlockNotFoundError).cid).to.equal(cid.toString());
  });

  it("passes the read timeout to the daemon too", async function () {
    const cid = await blocks.put(new TextEncoder().encode("timeout param"));
    await blocks.get(cid, { timeoutMs: 1_234 });
    expect(kubo.requests.at(-1)!.params.get("timeout")).to.equal("1234ms");
  });

  it("rejects bytes from the daemon that do not match the CID", async function () {
    const cid = await blocks.put(new TextEncoder().encode("tampered"));
    kubo.tamper.get = true;
    expect(await rejection(blocks.get(cid))).to.be.instanceOf(BlockBackendError);
  });

  it("rejects a CID from the daemon that does not match the bytes", async function () {
    kubo.tamper.put = true;
    expect(await rejection(blocks.put(new TextEncoder().encode("misnamed")))).to.be.instanceOf(BlockBackendError);
  });

  it("refuses a block over MAX_BLOCK_BYTES without calling the daemon", async function () {
    const error = await rejection(blocks.put(new Uint8Array(MAX_BLOCK_BYTES + 1)));
    expect(error).to.be.instanceOf(BlockTooLargeError);
    expect(kubo.requests).to.have.length(0);
  });

  it("refuses CIDs that are not CIDv1 raw sha2-256", async function () {
    const dagPb = CID.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
    expect(await rejection(blocks.get(dagPb))).to.be.instanceOf(UnsupportedCidError);
    expect(await rejection(blocks.delete(dagPb))).to.be.instanceOf(UnsupportedCidError);
  });

  it("fails with BlockBackendError when the daemon is unreachable", async function () {
    const down = createKuboBlockStore({ url: "http://127.0.0.1:1/api/v0", requestTimeoutMs: 1_000 });
    expect(await rejection(down.put(new Uint8Array([1])))).to.be.instanceOf(BlockBackendError);
    const cid = CID.createV1(raw.code, await sha256.digest(new Uint8Array([1])));
    expect(await rejection(down.has(cid))).to.be.instanceOf(BlockBackendError);
    expect(await rejection(down.delete(cid))).to.be.instanceOf(BlockBackendError);
  });
});
