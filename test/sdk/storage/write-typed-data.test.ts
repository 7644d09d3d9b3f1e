/**
 * The storage write messages (`StoreRecord`, `WritePermission`): typehashes, the canonical readers hash, digests
 * that match what a wallet signs, and `signWritePermission`'s checks.
 */
import { expect } from "chai";
import { TypedDataEncoder, Wallet, getAddress, id, recoverAddress, sha256 } from "ethers";

import { InvalidStorageParametersError } from "../../../sdk/src/storage/data-errors.ts";
import { signWritePermission } from "../../../sdk/src/storage/sign-write-permission.ts";
import {
  WRITE_TYPEHASHES,
  WRITE_TYPES,
  WRITE_TYPE_STRINGS,
  envelopeHashOf,
  readersHash,
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
