/**
 * The storage write messages (`StoreRecord`, `WritePermission`): typehashes, the canonical readers hash (over
 * reader leaves), digests that match what a wallet signs, reader-change signing, and `signWritePermission`'s checks.
 */
import { expect } from "chai";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 as multihash } from "multiformats/hashes/sha2";
import { AbiCoder, TypedDataEncoder, Wallet, getAddress, id, keccak256, recoverAddress, sha256 } from "ethers";

import { InvalidStorageParametersError } from "../../../sdk/src/storage/data-errors.ts";
import { signReaderChange } from "../../../sdk/src/storage/sign-reader-change.ts";
import { signWritePermission } from "../../../sdk/src/storage/sign-write-permission.ts";
import {
  WRITE_TYPEHASHES,
  WRITE_TYPES,
  WRITE_TYPE_STRINGS,
  envelopeHashOf,
  readerLeafOf,
  readersHash,
  readersHashOfLeaves,
  storageDomain,
  storeRecordDigest,
  storeRecordMessage,
  writePermissionDigest,
} from "../../../sdk/src/storage/write-typed-data.ts";

const DATA_ID = `0x${"ab".repeat(32)}`;
const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const slot = (fill: number) => new Uint8Array(128).fill(fill);

describe("sdk storage: write typed data", function () {
  it("has typehashes equal to keccak256 of the type strings, and tables that encode to them", function () {
    expect(WRITE_TYPEHASHES.StoreRecord).to.equal(id(WRITE_TYPE_STRINGS.StoreRecord));
    expect(WRITE_TYPEHASHES.WritePermission).to.equal(id(WRITE_TYPE_STRINGS.WritePermission));
    expect(TypedDataEncoder.from({ StoreRecord: [...WRITE_TYPES.StoreRecord] }).encodeType("StoreRecord")).to.equal(
      WRITE_TYPE_STRINGS.StoreRecord,
    );
    expect(
      TypedDataEncoder.from({ WritePermission: [...WRITE_TYPES.WritePermission] }).encodeType("WritePermission"),
    ).to.equal(WRITE_TYPE_STRINGS.WritePermission);
    expect(storageDomain({ chainId: 1 })).to.deep.equal({ name: "Idem Storage", version: "1", chainId: 1n });
  });

  it("hashes the envelope with sha2-256 (the CID's digest)", function () {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(envelopeHashOf(bytes)).to.equal(sha256(bytes));
  });

  it("hashes readers independently of their order and address case, and binds every slot byte", function () {
    const one = readersHash([
      { grantee: A, slot: slot(1) },
      { grantee: B, slot: slot(2) },
    ]);
    expect(
      readersHash([
        { grantee: B.toLowerCase(), slot: slot(2) },
        { grantee: A, slot: slot(1) },
      ]),
    ).to.equal(one);
    const flipped = slot(2);
    flipped[127] = 3;
    expect(
      readersHash([
        { grantee: A, slot: slot(1) },
        { grantee: B, slot: flipped },
      ]),
    ).to.not.equal(one);
    expect(
      readersHash([
        { grantee: A, slot: slot(2) },
        { grantee: B, slot: slot(1) },
      ]),
    ).to.not.equal(one);
    expect(readersHash([])).to.match(/^0x[0-9a-f]{64}$/);
  });

  it("commits to each reader as (grantee, keccak256(slot)), so a leaf stands in for a dropped slot", function () {
    const leafA = readerLeafOf({ grantee: A.toLowerCase(), slot: slot(1) });
    expect(leafA).to.deep.equal({ grantee: A, slotHash: keccak256(slot(1)) });
    // The canonical encoding, spelled out: leaves sorted by lowercase address, ABI tuple(address, bytes32)[].
    const [first, second] = [A, B].sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : 1));
    const expected = keccak256(
      AbiCoder.defaultAbiCoder().encode(
        ["tuple(address grantee, bytes32 slotHash)[]"],
        [
          [
            [first, keccak256(slot(first === A ? 1 : 2))],
            [second, keccak256(slot(second === A ? 1 : 2))],
          ],
        ],
      ),
    );
    const whole = readersHash([
      { grantee: A, slot: slot(1) },
      { grantee: B, slot: slot(2) },
    ]);
    expect(whole).to.equal(expected);
    // B's slot dropped, its leaf kept: the same hash, so the same signature verifies.
    expect(readersHashOfLeaves([leafA, readerLeafOf({ grantee: B, slot: slot(2) })])).to.equal(whole);
    expect(
      storeRecordMessage({
        dataId: DATA_ID,
        envelope: new Uint8Array([1]),
        readers: [{ grantee: A, slot: slot(1) }],
        droppedReaders: [readerLeafOf({ grantee: B, slot: slot(2) })],
        writtenAt: 1n,
      }).readersHash,
    ).to.equal(whole);
  });

  it("signs a reader change over the envelope a CID names and the new reader set", async function () {
    const wallet = Wallet.createRandom();
    const envelope = new Uint8Array([7, 7, 7]);
    // CIDv1, raw, sha2-256 of `envelope`.
    const cid = CID.create(1, raw.code, await multihash.digest(envelope)).toString();
    const readers = [readerLeafOf({ grantee: A, slot: slot(1) })];
    const writer = await signReaderChange({
      signer: wallet,
      chainId: 31337n,
      dataId: DATA_ID,
      cid,
      readers,
      writtenAt: 9n,
    });
    const digest = storeRecordDigest({
      chainId: 31337n,
      message: storeRecordMessage({
        dataId: DATA_ID,
        envelope,
        readers: [{ grantee: A, slot: slot(1) }],
        writtenAt: 9n,
      }),
    });
    expect(writer.writtenAt).to.equal(9);
    expect(recoverAddress(digest, writer.signature)).to.equal(wallet.address);
    const error = await signReaderChange({
      signer: wallet,
      chainId: 1n,
      dataId: DATA_ID,
      cid: "nope",
      readers,
      writtenAt: 9n,
    }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(InvalidStorageParametersError);
  });

  it("gives digests a wallet's signTypedData signs, bound to the chain", async function () {
    const wallet = Wallet.createRandom();
    const message = storeRecordMessage({ dataId: DATA_ID, envelope: new Uint8Array([9]), readers: [], writtenAt: 7n });
    const signature = await wallet.signTypedData(
      storageDomain({ chainId: 31337n }),
      { StoreRecord: [...WRITE_TYPES.StoreRecord] },
      message,
    );
    expect(recoverAddress(storeRecordDigest({ chainId: 31337, message }), signature)).to.equal(wallet.address);
    expect(recoverAddress(storeRecordDigest({ chainId: 1, message }), signature)).to.not.equal(wallet.address);

    const permission = await signWritePermission({
      signer: wallet,
      chainId: 31337n,
      issuer: A.toLowerCase(),
      dataId: DATA_ID.toUpperCase().replace("0X", "0x"),
      expiresAt: 100n,
    });
    expect(permission).to.include({ issuer: getAddress(A), dataId: DATA_ID, expiresAt: 100n });
    const digest = writePermissionDigest({ chainId: 31337n, message: permission });
    expect(recoverAddress(digest, permission.signature)).to.equal(wallet.address);
  });

  it("refuses a bad issuer, dataId or expiry before signing", async function () {
    const wallet = Wallet.createRandom();
    const base = { signer: wallet, chainId: 1n, issuer: A, dataId: DATA_ID, expiresAt: 1n };
    for (const bad of [{ issuer: "0x1234" }, { dataId: "0x12" }, { expiresAt: -1n }, { expiresAt: 2n ** 64n }]) {
      let error: unknown;
      try {
        await signWritePermission({ ...base, ...bad });
      } catch (caught) {
        error = caught;
      }
      expect(
        error,
        JSON.stringify(bad, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
      ).to.be.instanceOf(InvalidStorageParametersError);
    }
  });
});
