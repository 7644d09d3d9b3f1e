import { expect } from "chai";
import type { CID } from "multiformats/cid";

import type { BlockGetOptions, BlockStore } from "../../../node/src/blocks/block-store.ts";
import { createCachedBlockStore } from "../../../node/src/blocks/cached-block-store.ts";
import { BlockNotFoundError } from "../../../node/src/blocks/errors.ts";
import { rawCid } from "../../../node/src/blocks/raw-cid.ts";

/** An in-memory inner store that counts its calls (a `get` of a missing block fails like a timed-out fetch). */
function innerStore() {
  const blocks = new Map<string, Uint8Array>();
  const calls = { put: 0, get: 0, has: 0, delete: 0, getOptions: [] as (BlockGetOptions | undefined)[] };
  let gate: Promise<void> | undefined;
  const store: BlockStore = {
    async put(bytes) {
      calls.put += 1;
      const cid = await rawCid(bytes);
      blocks.set(cid.toString(), bytes.slice());
      return cid;
    },
    async get(cid, options) {
      calls.get += 1;
      calls.getOptions.push(options);
      await gate;
      const bytes = blocks.get(cid.toString());
      if (bytes === undefined) throw new BlockNotFoundError({ cid: cid.toString() });
      return bytes.slice();
    },
    async has(cid) {
      calls.has += 1;
      return blocks.has(cid.toString());
    },
    async delete(cid) {
      calls.delete += 1;
      blocks.delete(cid.toString());
    },
  };
  return {
    store,
    blocks,
    calls,
    /** Holds every inner `get` until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

const block = (size: number, fill: number) => new Uint8Array(size).fill(fill);

describe("cached block store (LRU by bytes)", function () {
  it("round-trips put/get, serving the cached copy without asking the inner store", async function () {
    const inner = innerStore();
    const cached = createCachedBlockStore(inner.store, { maxBytes: 1024 });
    const bytes = block(100, 1);
    const cid = await cached.put(bytes);
    expect(cid.toString()).to.equal((await rawCid(bytes)).toString());
    expect(inner.calls.put).to.equal(1);
    expect(await cached.get(cid)).to.deep.equal(bytes);
    expect(await cached.has(cid)).to.equal(true);
    expect(await cached.getIfLocal(cid)).to.deep.equal(bytes);
    expect(inner.calls.get + inner.calls.has).to.equal(0);
    expect(cached.cachedBytes).to.equal(100);
  });

  it("keeps its own copies: mutating what went in or came out changes nothing served", async function () {
    const cached = createCachedBlockStore(innerStore().store);
    const bytes = block(10, 5);
    const cid = await cached.put(bytes);
    bytes.fill(0);
    const first = await cached.get(cid);
    first.fill(0);
    expect(await cached.get(cid)).to.deep.equal(block(10, 5));
  });

  it("caches a block read from the inner store on a miss", async function () {
    const inner = innerStore();
    const cid = await inner.store.put(block(50, 2));
    const cached = createCachedBlockStore(inner.store);
    expect(await cached.get(cid, { timeoutMs: 5 })).to.deep.equal(block(50, 2));
    expect(inner.calls.getOptions).to.deep.equal([{ timeoutMs: 5 }]);
    expect(await cached.get(cid)).to.deep.equal(block(50, 2));
    expect(inner.calls.get).to.equal(1);
  });

  it("evicts the least recently used blocks once over maxBytes", async function () {
    const inner = innerStore();
    const cached = createCachedBlockStore(inner.store, { maxBytes: 300 });
    const a = await cached.put(block(100, 1));
    const b = await cached.put(block(100, 2));
    const c = await cached.put(block(100, 3));
    expect(cached.cachedBytes).to.equal(300);
    await cached.get(a); // a is now the most recently used; b the least
    const d = await cached.put(block(150, 4));
    expect(cached.cachedBytes).to.equal(250);
    expect(cached.cachedBlocks).to.equal(2);

    inner.calls.get = 0;
    await cached.get(a);
    await cached.get(d);
    expect(inner.calls.get).to.equal(0);
    await cached.get(b);
    await cached.get(c);
    expect(inner.calls.get).to.equal(2); // both evicted, served by the inner store (and cached again)
    expect(cached.cachedBytes).to.be.at.most(300);
  });

  it("never caches a block bigger than maxBytes, and caches nothing with maxBytes 0", async function () {
    const inner = innerStore();
    const cached = createCachedBlockStore(inner.store, { maxBytes: 64 });
    const big = await cached.put(block(65, 1));
    expect(cached.cachedBlocks).to.equal(0);
    expect(await cached.get(big)).to.deep.equal(block(65, 1));
    expect(inner.calls.get).to.equal(1);
    const none = createCachedBlockStore(inner.store, { maxBytes: 0 });
    await none.put(block(1, 1));
    expect(none.cachedBytes).to.equal(0);
    expect(() => createCachedBlockStore(inner.store, { maxBytes: -1 })).to.throw(RangeError);
  });

  it("delete evicts from memory and deletes from the inner store", async function () {
    const inner = innerStore();
    const cached = createCachedBlockStore(inner.store);
    const cid = await cached.put(block(20, 9));
    await cached.delete(cid);
    expect(inner.calls.delete).to.equal(1);
    expect(inner.blocks.size).to.equal(0);
    expect(cached.cachedBytes).to.equal(0);
    expect(cached.cachedBlocks).to.equal(0);
    expect(await cached.has(cid)).to.equal(false);
    expect(await cached.getIfLocal(cid)).to.equal(undefined);
    let error: unknown;
    await cached.get(cid).catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(BlockNotFoundError);
    await cached.delete(cid); // deleting twice is not an error
  });

  it("a read in flight across a delete does not put the block back in memory", async function () {
    const inner = innerStore();
    const cid: CID = await inner.store.put(block(30, 3));
    const cached = createCachedBlockStore(inner.store);
    const release = inner.hold();
    const reading = cached.get(cid);
    await cached.delete(cid);
    release();
    await reading.catch(() => undefined);
    expect(cached.cachedBlocks).to.equal(0);
    expect(await cached.has(cid)).to.equal(false);
  });

  it("getIfLocal answers undefined for a block the inner store lacks, without a network get", async function () {
    const inner = innerStore();
    const cached = createCachedBlockStore(inner.store);
    const cid = await rawCid(block(10, 7));
    expect(await cached.getIfLocal(cid)).to.equal(undefined);
    expect(inner.calls.has).to.equal(1);
    expect(inner.calls.get).to.equal(0);
  });
});
