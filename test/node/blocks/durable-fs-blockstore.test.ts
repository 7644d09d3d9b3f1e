import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { FsBlockstore } from "blockstore-fs";
import { NextToLast } from "blockstore-fs/sharding";

import { DurableFsBlockstore } from "../../../node/src/blocks/durable-fs-blockstore.ts";
import { systemDurableFs } from "../../../node/src/blocks/durable-write.ts";
import type { DurableFs } from "../../../node/src/blocks/durable-write.ts";
import { BlockBackendError } from "../../../node/src/blocks/errors.ts";
import { rawCid } from "../../../node/src/blocks/raw-cid.ts";
import { rejection } from "../p2p/rejection.ts";

/**
 * The real file system, with every call recorded in order ("sync <path>" for an fsync) and an optional gate that
 * holds each fsync of a directory until the test releases it.
 */
function recordingFs(root: string, { holdDirectorySyncs = false } = {}) {
  const calls: string[] = [];
  const held: (() => void)[] = [];
  const name = (path: string) => path.slice(root.length) || "/";
  const fs: DurableFs = {
    async mkdir(path, options) {
      calls.push(`mkdir ${name(path)}`);
      return systemDurableFs.mkdir(path, options);
    },
    async open(path, flags) {
      const handle = await systemDurableFs.open(path, flags);
      const isDirectory = (await stat(path)).isDirectory();
      return {
        writeFile: async (data) => {
          calls.push(`write ${name(path)}`);
          await handle.writeFile(data);
        },
        sync: async () => {
          if (isDirectory && holdDirectorySyncs) await new Promise<void>((resolve) => held.push(resolve));
          await handle.sync();
          calls.push(`sync ${name(path)}`);
        },
        close: () => handle.close(),
      };
    },
    async rename(from, to) {
      calls.push(`rename ${name(from)} ${name(to)}`);
      return systemDurableFs.rename(from, to);
    },
    async unlink(path) {
      calls.push(`unlink ${name(path)}`);
      return systemDurableFs.unlink(path);
    },
  };
  return { fs, calls, held };
}

/** A block's chunks, joined. */
async function collect(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe("blocks/durable-fs-blockstore", function () {
  let root: string;
  const bytes = new TextEncoder().encode("ciphertext, durably");

  beforeEach(async function () {
    root = await mkdtemp(join(tmpdir(), "idem-durable-blocks-"));
  });

  afterEach(async function () {
    await rm(root, { recursive: true, force: true });
  });

  it("writes the block under the data dir in blockstore-fs's layout, readable by a plain FsBlockstore", async function () {
    const store = new DurableFsBlockstore(join(root, "blocks"));
    await store.open();
    const cid = await rawCid(bytes);
    await store.put(cid, bytes);

    const { dir, file } = new NextToLast().encode(cid);
    expect(new Uint8Array(await readFile(join(root, "blocks", dir, file)))).to.deep.equal(bytes);
    expect(await readdir(join(root, "blocks", dir))).to.deep.equal([file]);
    const plain = new FsBlockstore(join(root, "blocks"));
    expect(await plain.has(cid)).to.equal(true);
    expect(await collect(plain.get(cid))).to.deep.equal(Buffer.from(bytes));
    expect(await store.has(cid)).to.equal(true);
  });

  it("fsyncs the temp file before the rename, then the directories, and only then resolves the put", async function () {
    const { fs, calls, held } = recordingFs(root, { holdDirectorySyncs: true });
    const store = new DurableFsBlockstore(join(root, "blocks"), { fs });
    await store.open();
    const cid = await rawCid(bytes);
    const { dir, file } = new NextToLast().encode(cid);
    let settled = false;
    const put = store.put(cid, bytes).finally(() => (settled = true));

    // The block's directory `blocks/<dir>` is new: it, then its parent `blocks`, get fsynced before the answer.
    for (const expected of [`/blocks/${dir}`, "/blocks"]) {
      while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(settled, `settled before the fsync of ${expected}`).to.equal(false);
      held.shift()!();
    }
    expect(await put).to.equal(cid);

    const temp = calls.find((call) => call.startsWith("write "))!.slice("write ".length);
    expect(temp).to.match(new RegExp(`^/blocks/${dir}/${file}\\.[0-9a-f]{16}\\.tmp$`));
    expect(calls).to.deep.equal([
      `mkdir /blocks/${dir}`,
      `write ${temp}`,
      `sync ${temp}`,
      `rename ${temp} /blocks/${dir}/${file}`,
      `sync /blocks/${dir}`,
      "sync /blocks",
    ]);
  });

  it("fsyncs only the block's directory when it already exists, and a second put of a block rewrites it", async function () {
    const { fs, calls } = recordingFs(root);
    const store = new DurableFsBlockstore(join(root, "blocks"), { fs });
    await store.open();
    const cid = await rawCid(bytes);
    const { dir } = new NextToLast().encode(cid);
    await store.put(cid, bytes);
    calls.length = 0;
    await store.put(cid, [bytes.subarray(0, 5), bytes.subarray(5)]);

    expect(calls.filter((call) => call.startsWith("sync "))).to.have.length(2);
    expect(calls.at(-1)).to.equal(`sync /blocks/${dir}`);
    expect(await collect(store.get(cid))).to.deep.equal(Buffer.from(bytes));
  });

  it("rejects the put with a BlockBackendError when fsync fails, leaving neither the block nor a temp file", async function () {
    const failing: DurableFs = {
      ...systemDurableFs,
      async open(path, flags) {
        const handle = await systemDurableFs.open(path, flags);
        return {
          writeFile: (data) => handle.writeFile(data),
          sync: async () => {
            throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
          },
          close: () => handle.close(),
        };
      },
    };
    const store = new DurableFsBlockstore(join(root, "blocks"), { fs: failing });
    await store.open();
    const cid = await rawCid(bytes);
    const { dir } = new NextToLast().encode(cid);

    const error = await rejection(store.put(cid, bytes));
    expect(error).to.be.instanceOf(BlockBackendError);
    expect((error as BlockBackendError).cause).to.have.property("code", "EIO");
    expect(await readdir(join(root, "blocks", dir))).to.deep.equal([]);
    expect(await store.has(cid)).to.equal(false);
  });

  it("fsyncs the block's directory after a delete, and deleting a block never stored is not an error", async function () {
    const { fs, calls } = recordingFs(root);
    const store = new DurableFsBlockstore(join(root, "blocks"), { fs });
    await store.open();
    const cid = await rawCid(bytes);
    const { dir } = new NextToLast().encode(cid);
    await store.put(cid, bytes);
    calls.length = 0;

    await store.delete(cid);
    expect(calls).to.deep.equal([`sync /blocks/${dir}`]);
    expect(await store.has(cid)).to.equal(false);
    await store.delete(await rawCid(new TextEncoder().encode("never stored")));
  });
});
