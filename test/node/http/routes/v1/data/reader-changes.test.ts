/**
 * Reader changes after a write (`PUT`/`DELETE /v1/data/:chainId/:dataId/readers/:grantee`) are signed by the owner:
 * an EIP-712 StoreRecord over the stored envelope and the new reader set, with a newer `writtenAt`. The node
 * verifies it, keeps it as the record's proof with the slots, atomically, and refuses every way around it.
 */
import { expect } from "chai";
import { getAddress, recoverAddress } from "ethers";
import { CID } from "multiformats/cid";
import { hexlify } from "ethers";

import { recordFromStore } from "../../../../../../node/src/replication/message.ts";
import { addReader } from "../../../../../../sdk/src/crypto/add-reader.ts";
import { encodeReaderSlot } from "../../../../../../sdk/src/crypto/encode.ts";
import {
  readerLeafOf,
  readersHashOfLeaves,
  storeRecordDigest,
} from "../../../../../../sdk/src/storage/write-typed-data.ts";
import { dataFixture } from "./fixture.ts";
import type { DataFixture } from "./fixture.ts";

const CHAIN = 31337;
const url = (dataId: string, suffix = ""): string => `/v1/data/${CHAIN}/${dataId}${suffix}`;

describe("node reader changes: signed by the owner over the new reader set", function () {
  this.timeout(60_000);
  let f: DataFixture;

  before(async function () {
    f = await dataFixture();
  });

  after(async function () {
    await f?.close();
  });

  /** A record stored with the grantee's slot, and a slot for `other` (registered key) ready to add. */
  async function stored() {
    const { dataId, sealed, cid } = await f.storedGranted("reader changes");
    const added = addReader({ envelope: sealed.bare, keyPair: f.ownerKey, readerPublicKey: f.otherKey.publicKey });
    const slot = Buffer.from(encodeReaderSlot({ slot: added.readerSlots.at(-1)! })).toString("base64");
    const granteeLeaf = readerLeafOf({
      grantee: f.grantee.address,
      slot: Buffer.from(sealed.body.readers[0]!.slot, "base64"),
    });
    return { dataId, cid, slot, granteeLeaf, granteeSlot: sealed.body.readers[0]!.slot };
  }

  /** The record's proof and readers, to show a refusal changed nothing. */
  const snapshot = (dataId: string) => ({
    proof: f.store.records.get({ chainId: CHAIN, dataId })?.proof,
    slots: f.store.readerSlots.list({ chainId: CHAIN, dataId }),
    dropped: f.store.readerSlots.listDropped({ chainId: CHAIN, dataId }),
  });

  const putReader = async (dataId: string, grantee: string, payload: object, signer = f.owner) =>
    f.app.inject({
      method: "PUT",
      url: url(dataId, `/readers/${grantee}`),
      headers: await f.auth(signer),
      payload,
    });

  it("stores the owner's signature as the record's proof, which re-verifies over the stored slots", async function () {
    const { dataId, cid, slot, granteeLeaf } = await stored();
    const writtenAt = BigInt(Date.now()) + 1n;
    const response = await putReader(
      dataId,
      f.other.address,
      await f.readerChange(dataId, cid, { grantee: f.other.address, slot, readers: [granteeLeaf], writtenAt }),
    );
    expect(response.statusCode, response.body).to.equal(204);

    const record = f.store.records.get({ chainId: CHAIN, dataId })!;
    expect(record.proof?.writtenAt).to.equal(Number(writtenAt));
    expect(record.proof?.writer).to.equal(f.owner.address.toLowerCase());
    // What a peer is offered verifies from the stored slots alone.
    const message = recordFromStore(
      record,
      f.store.readerSlots.list({ chainId: CHAIN, dataId }),
      f.store.readerSlots.listDropped({ chainId: CHAIN, dataId }),
    )!;
    expect(message.readers.map((reader) => reader.grantee)).to.have.members([
      f.grantee.address.toLowerCase(),
      f.other.address.toLowerCase(),
    ]);
    const digest = storeRecordDigest({
      chainId: CHAIN,
      message: {
        dataId,
        envelopeHash: hexlify(CID.parse(cid).multihash.digest),
        readersHash: readersHashOfLeaves(message.readers.map(readerLeafOf)),
        writtenAt,
      },
    });
    expect(recoverAddress(digest, hexlify(message.writerSignature))).to.equal(getAddress(f.owner.address));
  });

  it("refuses a reader change signed by someone other than the owner (403 WRITE_SIGNATURE_INVALID)", async function () {
    const { dataId, cid, slot, granteeLeaf } = await stored();
    const before = snapshot(dataId);
    const body = await f.readerChange(dataId, cid, {
      grantee: f.other.address,
      slot,
      readers: [granteeLeaf],
      signer: f.grantee,
    });
    const response = await putReader(dataId, f.other.address, body);
    expect(response.statusCode, response.body).to.equal(403);
    expect(response.json().error.code).to.equal("WRITE_SIGNATURE_INVALID");
    expect(snapshot(dataId)).to.deep.equal(before);

    // The removal path too.
    const removal = await f.app.inject({
      method: "DELETE",
      url: url(dataId, `/readers/${f.grantee.address}`),
      headers: await f.auth(f.owner),
      payload: await f.readerChange(dataId, cid, { signer: f.other }),
    });
    expect(removal.statusCode, removal.body).to.equal(403);
    expect(removal.json().error.code).to.equal("WRITE_SIGNATURE_INVALID");
    expect(snapshot(dataId)).to.deep.equal(before);
  });

  it("refuses a non-owner's session even with the owner's signature (403 NOT_OWNER)", async function () {
    const { dataId, cid, slot, granteeLeaf } = await stored();
    const body = await f.readerChange(dataId, cid, { grantee: f.other.address, slot, readers: [granteeLeaf] });
    const response = await putReader(dataId, f.other.address, body, f.grantee);
    expect(response.statusCode).to.equal(403);
    expect(response.json().error.code).to.equal("NOT_OWNER");
  });

  it("refuses a replayed or older reader-change signature (409 STALE_WRITE)", async function () {
    const { dataId, cid, slot, granteeLeaf } = await stored();
    const now = BigInt(Date.now()) + 10n;
    const add = await f.readerChange(dataId, cid, {
      grantee: f.other.address,
      slot,
      readers: [granteeLeaf],
      writtenAt: now,
    });
    const remove = await f.readerChange(dataId, cid, { readers: [granteeLeaf], writtenAt: now + 1n });
    expect((await putReader(dataId, f.other.address, add)).statusCode).to.equal(204);
    const removed = await f.app.inject({
      method: "DELETE",
      url: url(dataId, `/readers/${f.other.address}`),
      headers: await f.auth(f.owner),
      payload: remove,
    });
    expect(removed.statusCode, removed.body).to.equal(204);
    const before = snapshot(dataId);

    // Replaying the (older) addition would give the removed grantee its key back.
    const replayed = await putReader(dataId, f.other.address, add);
    expect(replayed.statusCode).to.equal(409);
    expect(replayed.json().error.code).to.equal("STALE_WRITE");
    // The same removal again is a replay too.
    const again = await f.app.inject({
      method: "DELETE",
      url: url(dataId, `/readers/${f.other.address}`),
      headers: await f.auth(f.owner),
      payload: remove,
    });
    expect(again.statusCode).to.equal(409);
    expect(snapshot(dataId)).to.deep.equal(before);
    expect(f.store.readerSlots.get({ chainId: CHAIN, dataId, grantee: f.other.address })).to.equal(undefined);
  });

  it("refuses a slot other than the one signed (403 WRITE_SIGNATURE_INVALID)", async function () {
    const { dataId, cid, slot, granteeLeaf } = await stored();
    const before = snapshot(dataId);
    const forged = Buffer.from(slot, "base64");
    forged[100] = forged[100]! ^ 1;
    const body = await f.readerChange(dataId, cid, {
      grantee: f.other.address,
      slot: forged.toString("base64"),
      signedSlot: slot,
      readers: [granteeLeaf],
    });
    const response = await putReader(dataId, f.other.address, body);
    expect(response.statusCode, response.body).to.equal(403);
    expect(response.json().error.code).to.equal("WRITE_SIGNATURE_INVALID");
    expect(snapshot(dataId)).to.deep.equal(before);
  });

  it("refuses a signature over another envelope, and other readers than signed (403 WRITE_SIGNATURE_INVALID)", async function () {
    const { dataId, cid, slot, granteeLeaf } = await stored();
    const other = await stored();
    const before = snapshot(dataId);
    const elsewhere = await f.readerChange(dataId, other.cid, {
      grantee: f.other.address,
      slot,
      readers: [granteeLeaf],
    });
    expect((await putReader(dataId, f.other.address, elsewhere)).json().error.code).to.equal("WRITE_SIGNATURE_INVALID");
    // Signed without the grantee's leaf, sent with it.
    const signedAlone = await f.readerChange(dataId, cid, { grantee: f.other.address, slot });
    const response = await putReader(dataId, f.other.address, { ...signedAlone, readers: [granteeLeaf] });
    expect(response.statusCode).to.equal(403);
    expect(response.json().error.code).to.equal("WRITE_SIGNATURE_INVALID");
    expect(snapshot(dataId)).to.deep.equal(before);
  });

  it("keeps the slot on-chain checks: a slot for another key than the grantee registered (400)", async function () {
    const { dataId, cid, slot, granteeLeaf } = await stored();
    const body = await f.readerChange(dataId, cid, { grantee: f.stranger.address, slot, readers: [granteeLeaf] });
    const response = await putReader(dataId, f.stranger.address, body);
    expect(response.statusCode).to.equal(400);
    expect(response.json().error.code).to.equal("READER_KEY_NOT_REGISTERED");
  });

  it("refuses a change without the owner's signature, or naming the grantee twice (400)", async function () {
    const { dataId, cid, slot, granteeLeaf, granteeSlot } = await stored();
    const unsigned = await putReader(dataId, f.other.address, { slot, readers: [] });
    expect(unsigned.statusCode).to.equal(400);
    expect(unsigned.json().error.code).to.equal("VALIDATION_FAILED");
    const twice = await putReader(
      dataId,
      f.grantee.address,
      await f.readerChange(dataId, cid, { grantee: f.grantee.address, slot: granteeSlot, readers: [granteeLeaf] }),
    );
    expect(twice.statusCode).to.equal(400);
    expect(twice.json().error.code).to.equal("DUPLICATE_READER");
  });

  it("makes the readers exactly the signed set: a reader the owner leaves out loses its slot", async function () {
    const { dataId, cid, slot } = await stored();
    const response = await putReader(
      dataId,
      f.other.address,
      await f.readerChange(dataId, cid, { grantee: f.other.address, slot }),
    );
    expect(response.statusCode, response.body).to.equal(204);
    const rows = f.store.db
      .prepare("SELECT grantee FROM reader_slots WHERE chain_id = ? AND data_id = ?")
      .all(CHAIN, dataId) as { grantee: string }[];
    expect(rows).to.deep.equal([{ grantee: f.other.address.toLowerCase() }]);
  });
});
