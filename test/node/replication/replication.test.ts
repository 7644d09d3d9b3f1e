/**
 * Replication between real nodes in one process: real SQLite stores, real Helia nodes on one private libp2p
 * network, real contracts on Hardhat's in-process chain, each node's grant view polled after chain changes.
 */
import { expect } from "chai";
import { ZeroHash, getBytes, hexlify, randomBytes } from "ethers";
import { CID } from "multiformats/cid";

import { METADATA_TOPIC } from "../../../node/src/p2p/announcements.ts";
import { putRecord } from "../../../node/src/records/put-record.ts";
import { encodeReplicatedRecord, recordFromStore } from "../../../node/src/replication/message.ts";
import type { ReplicatedRecord } from "../../../node/src/replication/message.ts";
import { addReader } from "../../../sdk/src/crypto/add-reader.ts";
import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import { encodeReaderSlot } from "../../../sdk/src/crypto/encode.ts";
import { signReaderChange } from "../../../sdk/src/storage/sign-reader-change.ts";
import type { ReaderLeaf } from "../../../sdk/src/storage/write-typed-data.ts";
import { readerLeafOf } from "../../../sdk/src/storage/write-typed-data.ts";
import { HARDHAT_CHAIN_ID } from "../helpers/config.ts";
import { replicationFixture } from "./fixture.ts";
import type { ReplicaNode, ReplicationFixture } from "./fixture.ts";

const CHAIN = HARDHAT_CHAIN_ID;

describe("replication between nodes (push, gossip, catch-up)", function () {
  this.timeout(60_000);
  let f: ReplicationFixture;
  let a: ReplicaNode;
  let b: ReplicaNode;

  before(async function () {
    f = await replicationFixture();
    a = await f.startNode("a");
    b = await f.startNode("b", { peers: [a] });
  });

  after(async function () {
    await f?.close();
  });

  /** The stored message of `dataId` on `node` (what its peers would be offered). */
  const messageOn = (node: ReplicaNode, dataId: string): ReplicatedRecord => {
    const record = node.store.records.get({ chainId: CHAIN, dataId });
    if (record === undefined) throw new Error(`no record of ${dataId} on ${node.name}`);
    const message = recordFromStore(record, node.store.readerSlots.list({ chainId: CHAIN, dataId }));
    if (message === undefined) throw new Error("record without proof");
    return message;
  };

  /** A dataId anchored to the owner, known to both nodes' views. */
  const anchoredEverywhere = async (): Promise<string> => {
    const dataId = await f.anchor();
    await a.poll();
    await b.poll();
    return dataId;
  };

  it("a write on A lands on B, block and metadata, and the PUT counts both replicas", async function () {
    const dataId = await anchoredEverywhere();
    const { body, bare } = await f.putBody(dataId, "credential v1");
    const response = await f.put(a, dataId, body);
    expect(response.statusCode, response.body).to.equal(201);
    const { cid, replicas } = response.json() as { cid: string; replicas: number };
    expect(replicas).to.equal(2);

    const onB = b.store.records.get({ chainId: CHAIN, dataId });
    expect(onB?.cid).to.equal(cid);
    expect(onB?.owner).to.equal(f.owner.address.toLowerCase());
    expect(onB?.proof?.writer).to.equal(f.owner.address.toLowerCase());
    expect(b.store.readerSlots.list({ chainId: CHAIN, dataId }).map((slot) => slot.grantee)).to.deep.equal([
      f.grantee.address.toLowerCase(),
    ]);
    expect(await b.blockStore.has(CID.parse(cid))).to.equal(true);
    expect(await b.blockStore.get(CID.parse(cid), { timeoutMs: 500 })).to.deep.equal(bare);

    // The owner reads it back from B over B's own HTTP API, as from A.
    const read = await b.app.inject({
      method: "GET",
      url: `/v1/data/${CHAIN}/${dataId}`,
      headers: await b.auth(f.owner),
    });
    expect(read.statusCode, read.body).to.equal(200);
    expect((read.json() as { cid: string }).cid).to.equal(cid);
  });

  describe("forged messages are refused and nothing is stored", function () {
    /** A genuine write on A (not pushed to B: B's view does not know the dataId when it happens). */
    let genuine: ReplicatedRecord;
    let dataId: string;

    before(async function () {
      dataId = await f.anchor();
      await a.poll();
      const { body } = await f.putBody(dataId, "genuine");
      const response = await f.put(a, dataId, body);
      expect(response.statusCode, response.body).to.equal(201);
      genuine = messageOn(a, dataId);
      await b.poll();
    });

    const expectNothingOnB = async (cid: string): Promise<void> => {
      expect(b.store.records.get({ chainId: CHAIN, dataId })).to.equal(undefined);
      expect(b.store.readerSlots.list({ chainId: CHAIN, dataId })).to.deep.equal([]);
      expect(await b.blockStore.has(CID.parse(cid))).to.equal(false);
    };

    it("a bad writer signature", async function () {
      const forged = { ...genuine, writerSignature: getBytes(randomBytes(65)) };
      expect(await f.push(a, b, forged)).to.deep.equal({ status: "refused", code: "WRITE_SIGNATURE_INVALID" });
      await expectNothingOnB(genuine.cid);
    });

    it("a signature over other envelope bytes (another CID)", async function () {
      // A second genuine envelope of the same dataId is on A as a block; the signature is the first one's.
      const { bare } = await f.putBody(dataId, "other bytes");
      const otherCid = (await a.blockStore.put(bare)).toString();
      const forged = { ...genuine, cid: otherCid };
      expect(await f.push(a, b, forged)).to.deep.equal({ status: "refused", code: "WRITE_SIGNATURE_INVALID" });
      await expectNothingOnB(otherCid);
      await expectNothingOnB(genuine.cid);
    });

    it("other readers than the writer signed", async function () {
      const forged = { ...genuine, readers: [] };
      expect(await f.push(a, b, forged)).to.deep.equal({ status: "refused", code: "WRITE_SIGNATURE_INVALID" });
      await expectNothingOnB(genuine.cid);
    });

    it("a write signed by someone who is not the owner", async function () {
      const { body, bare } = await f.putBody(dataId, "stranger's", { signer: f.stranger });
      const cid = (await a.blockStore.put(bare)).toString();
      const forged: ReplicatedRecord = {
        ...genuine,
        cid,
        writer: f.stranger.address.toLowerCase(),
        writtenAt: body.writer.writtenAt,
        writerSignature: getBytes(body.writer.signature),
      };
      expect(await f.push(a, b, forged)).to.deep.equal({ status: "refused", code: "NOT_OWNER" });
      await expectNothingOnB(cid);
      // The genuine write is still accepted afterwards.
      expect(await f.push(a, b, genuine)).to.deep.equal({ status: "stored" });
      expect(b.store.records.get({ chainId: CHAIN, dataId })?.cid).to.equal(genuine.cid);
    });

    it("a malformed message gets the protocol's generic failure", async function () {
      const bad = { ...genuine, dataId: "0x1234" };
      try {
        await f.push(a, b, bad);
        expect.fail("expected a failure");
      } catch (error) {
        expect((error as Error).name).to.equal("SyncFailedError");
      }
    });
  });

  it("a stale message does not replace a newer record", async function () {
    const dataId = await anchoredEverywhere();
    const first = await f.putBody(dataId, "old", { writtenAt: BigInt(Date.now() - 10_000) });
    const firstResponse = await f.put(a, dataId, first.body);
    expect(firstResponse.statusCode, firstResponse.body).to.equal(201);
    const old = messageOn(a, dataId);
    const second = await f.putBody(dataId, "new");
    const response = await f.put(a, dataId, second.body);
    expect(response.statusCode).to.equal(201);
    const newCid = (response.json() as { cid: string }).cid;
    expect(b.store.records.get({ chainId: CHAIN, dataId })?.cid).to.equal(newCid);

    expect(await f.push(a, b, old)).to.deep.equal({ status: "refused", code: "STALE_WRITE" });
    expect(b.store.records.get({ chainId: CHAIN, dataId })?.cid).to.equal(newCid);
    // Delivering the current write again is harmless and confirms it.
    expect(await f.push(a, b, messageOn(a, dataId))).to.deep.equal({ status: "stored" });
  });

  it("a deletion-pending dataId is neither applied from a push nor from catch-up", async function () {
    const dataId = await f.anchor();
    await a.poll();
    const { body } = await f.putBody(dataId, "to be deleted");
    const response = await f.put(a, dataId, body);
    expect(response.statusCode).to.equal(201);
    // B did not know the dataId yet: the push stayed pending there.
    expect((response.json() as { replicas: number }).replicas).to.equal(1);
    const message = messageOn(a, dataId);

    await (await f.accessGrants.connect(f.owner).getFunction("requestDeletion")(dataId)).wait();
    await b.poll(); // B sees the deletion request; A's view does not yet.
    expect(await f.push(a, b, message)).to.deep.equal({ status: "refused", code: "DELETION_PENDING" });
    await b.replication.catchUp();
    expect(b.store.records.get({ chainId: CHAIN, dataId })).to.equal(undefined);
    expect(await b.blockStore.has(CID.parse(message.cid))).to.equal(false);
    expect(b.replication.pendingCount()).to.equal(0);
    await a.poll();
  });

  it("a write for a dataId B's view does not know yet stays pending and lands once B's view catches up", async function () {
    const dataId = await f.anchor();
    await a.poll();
    const { body } = await f.putBody(dataId, "anchored late on B");
    const response = await f.put(a, dataId, body);
    expect(response.statusCode).to.equal(201);
    expect((response.json() as { replicas: number }).replicas).to.equal(1);
    expect(b.store.records.get({ chainId: CHAIN, dataId })).to.equal(undefined);
    expect(b.replication.pendingCount()).to.be.greaterThan(0);

    await b.poll();
    await b.replication.catchUp();
    expect(b.store.records.get({ chainId: CHAIN, dataId })?.cid).to.equal((response.json() as { cid: string }).cid);
    expect(b.replication.pendingCount()).to.equal(0);
  });

  it("B stopped during a write catches up from A on restart: metadata and block, verified", async function () {
    const dataId = await anchoredEverywhere();
    await b.stop();
    const { body, bare } = await f.putBody(dataId, "written while B was down");
    const response = await f.put(a, dataId, body);
    expect(response.statusCode, response.body).to.equal(201);
    const { cid, replicas } = response.json() as { cid: string; replicas: number };
    expect(replicas).to.equal(1);

    b = await f.startNode("b", { peers: [a] }); // dials A and catches up before it would serve
    const onB = b.store.records.get({ chainId: CHAIN, dataId });
    expect(onB?.cid).to.equal(cid);
    expect(onB?.proof?.writtenAt).to.equal(body.writer.writtenAt);
    expect(await b.blockStore.get(CID.parse(cid), { timeoutMs: 500 })).to.deep.equal(bare);
    // Earlier records are still there, and a second catch-up asks only for what is new (nothing).
    await b.replication.catchUp();
    expect(b.replication.pendingCount()).to.equal(0);
  });

  describe("reader changes", function () {
    /** A reader-change request body for `dataId` (envelope `cid`) signed by `signer` over `leaves`. */
    const readerChange = async (
      dataId: string,
      cid: string,
      leaves: ReaderLeaf[],
      { signer = f.owner, writtenAt = BigInt(Date.now()) } = {},
    ) => signReaderChange({ signer, chainId: BigInt(CHAIN), dataId, cid, readers: leaves, writtenAt });

    it("a reader removed and added again on A while B is down reaches B on catch-up, under the owner's proof", async function () {
      const dataId = await anchoredEverywhere();
      const { body, bare } = await f.putBody(dataId, "readers change while B is down");
      const response = await f.put(a, dataId, body);
      expect(response.statusCode, response.body).to.equal(201);
      const { cid } = response.json() as { cid: string };
      expect(b.store.records.get({ chainId: CHAIN, dataId })?.cid).to.equal(cid);
      await b.stop();

      const headers = await a.auth(f.owner);
      const readerUrl = `/v1/data/${CHAIN}/${dataId}/readers/${f.grantee.address}`;
      const now = BigInt(Date.now());
      const removed = await a.app.inject({
        method: "DELETE",
        url: readerUrl,
        headers,
        payload: { readers: [], writer: await readerChange(dataId, cid, [], { writtenAt: now }) },
      });
      expect(removed.statusCode, removed.body).to.equal(204);
      // A fresh slot for the same key (a new ephemeral sender key): other bytes than the write's.
      const slot = encodeReaderSlot({
        slot: addReader({
          envelope: decodeEnvelope({ bytes: bare }),
          keyPair: f.ownerKey,
          readerPublicKey: f.granteeKey.publicKey,
        }).readerSlots.at(-1)!,
      });
      const leaf = readerLeafOf({ grantee: f.grantee.address, slot });
      const writer = await readerChange(dataId, cid, [leaf], { writtenAt: now + 1n });
      const added = await a.app.inject({
        method: "PUT",
        url: readerUrl,
        headers,
        payload: { slot: Buffer.from(slot).toString("base64"), readers: [], writer },
      });
      expect(added.statusCode, added.body).to.equal(204);

      b = await f.startNode("b", { peers: [a] }); // catches up from A before it would serve
      const onB = b.store.records.get({ chainId: CHAIN, dataId });
      expect(onB?.proof?.writtenAt).to.equal(writer.writtenAt);
      expect(onB?.proof?.writer).to.equal(f.owner.address.toLowerCase());
      const slots = b.store.readerSlots.list({ chainId: CHAIN, dataId });
      expect(slots.map((row) => [row.grantee, hexlify(row.slot)])).to.deep.equal([
        [f.grantee.address.toLowerCase(), hexlify(slot)],
      ]);
      expect(b.replication.pendingCount()).to.equal(0);
    });

    it("a record whose reader A dropped verifies on B from the leaf: B keeps the leaf, never the key", async function () {
      // Written on A before B's view knows the dataId: B holds nothing of it yet.
      const dataId = await f.anchor();
      await a.poll();
      const { body, readers } = await f.putBody(dataId, "a dropped reader");
      const response = await f.put(a, dataId, body);
      expect(response.statusCode, response.body).to.equal(201);
      await b.poll();
      const current = messageOn(a, dataId);
      const leaf = readerLeafOf(readers[0]!);
      const writer = await readerChange(dataId, current.cid, [leaf], { writtenAt: BigInt(Date.now()) + 1n });
      // As A would offer it once its indexer dropped the grantee's key: the leaf in place of the slot.
      const dropped: ReplicatedRecord = {
        ...current,
        writtenAt: writer.writtenAt,
        writerSignature: getBytes(writer.signature),
        readers: [],
        droppedReaders: [{ grantee: leaf.grantee.toLowerCase(), slotHash: leaf.slotHash }],
      };

      // A leaf for other slot bytes than the owner signed is refused.
      const forged = { ...dropped, droppedReaders: [{ ...dropped.droppedReaders[0]!, slotHash: ZeroHash }] };
      expect(await f.push(a, b, forged)).to.deep.equal({ status: "refused", code: "WRITE_SIGNATURE_INVALID" });

      expect(await f.push(a, b, dropped)).to.deep.equal({ status: "stored" });
      const key = { chainId: CHAIN, dataId };
      expect(b.store.readerSlots.list(key)).to.deep.equal([]);
      expect(b.store.readerSlots.listDropped(key)).to.deep.equal(dropped.droppedReaders);
      // B offers it onward with the leaf.
      const offered = recordFromStore(
        b.store.records.get(key)!,
        b.store.readerSlots.list(key),
        b.store.readerSlots.listDropped(key),
      );
      expect(offered?.droppedReaders).to.deep.equal(dropped.droppedReaders);
      expect(offered?.writtenAt).to.equal(dropped.writtenAt);

      // A later message that still carries the dropped key (from a peer that had not seen the grant end) is
      // stored, but the key B dropped stays dropped.
      const later = await readerChange(dataId, current.cid, [leaf], { writtenAt: BigInt(Date.now()) + 2n });
      const stale: ReplicatedRecord = {
        ...current,
        writtenAt: later.writtenAt,
        writerSignature: getBytes(later.signature),
      };
      expect(await f.push(a, b, stale)).to.deep.equal({ status: "stored" });
      expect(b.store.records.get(key)?.proof?.writtenAt).to.equal(later.writtenAt);
      expect(b.store.readerSlots.list(key)).to.deep.equal([]);
      expect(b.store.readerSlots.listDropped(key)).to.deep.equal(dropped.droppedReaders);
    });
  });

  it("a write announced only on gossipsub lands on B", async function () {
    const dataId = await anchoredEverywhere();
    const { body, readers } = await f.putBody(dataId, "gossiped");
    // Stored on A without its push hook: only the announcement tells B.
    const { cid, replicas } = await putRecord(a.deps, {
      chainId: CHAIN,
      dataId,
      caller: f.owner.address,
      envelope: Buffer.from(body.envelope, "base64"),
      readers,
      writer: { writtenAt: body.writer.writtenAt, signature: getBytes(body.writer.signature) },
    });
    expect(replicas).to.equal(1);
    const pubsub = a.network.helia.libp2p.services.pubsub;
    const deadline = Date.now() + 5_000;
    while (pubsub.getSubscribers(METADATA_TOPIC).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await pubsub.publish(METADATA_TOPIC, encodeReplicatedRecord(messageOn(a, dataId)));
    while (b.store.records.get({ chainId: CHAIN, dataId }) === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(b.store.records.get({ chainId: CHAIN, dataId })?.cid).to.equal(cid);
  });

  it("three nodes: a write on C reaches A and B", async function () {
    const c = await f.startNode("c", { peers: [a, b] });
    const dataId = hexlify(randomBytes(32));
    await (await f.accessGrants.connect(f.owner).getFunction("anchorData")(dataId, `0x${"00".repeat(32)}`)).wait();
    await Promise.all([a.poll(), b.poll(), c.poll()]);
    const { body } = await f.putBody(dataId, "from C");
    const response = await f.put(c, dataId, body);
    expect(response.statusCode, response.body).to.equal(201);
    const { cid, replicas } = response.json() as { cid: string; replicas: number };
    expect(replicas).to.equal(3);
    expect(a.store.records.get({ chainId: CHAIN, dataId })?.cid).to.equal(cid);
    expect(b.store.records.get({ chainId: CHAIN, dataId })?.cid).to.equal(cid);
    await c.stop();
  });
});
