/**
 * Signed writes on `PUT /v1/data/:chainId/:dataId`: the writer's EIP-712 StoreRecord signature over exactly the
 * bytes sent, write ordering by `writtenAt`, and an issuer writing with the owner's EIP-712 WritePermission (the
 * owner an EOA, or an ERC-1271 account checked through the chain). Real chain, SQLite and Helia (see fixture.ts).
 */
import { expect } from "chai";
import { ZeroHash, getBytes, hexlify, randomBytes } from "ethers";

import { rawCid } from "../../../../../../node/src/blocks/raw-cid.ts";
import { open } from "../../../../../../sdk/src/crypto/open.ts";
import { decodeEnvelope } from "../../../../../../sdk/src/crypto/decode.ts";
import { signWritePermission } from "../../../../../../sdk/src/storage/sign-write-permission.ts";
import { dataFixture } from "./fixture.ts";
import type { DataFixture } from "./fixture.ts";

const CHAIN = 31337;
const url = (dataId: string): string => `/v1/data/${CHAIN}/${dataId}`;
/** Unix seconds an hour from now (permissions expire by the node's wall clock). */
const inAnHour = (): bigint => BigInt(Math.floor(Date.now() / 1000) + 3600);

describe("node PUT /v1/data: signed writes and write permissions", function () {
  this.timeout(60_000);
  let f: DataFixture;

  before(async function () {
    f = await dataFixture();
  });

  after(async function () {
    await f?.close();
  });

  /** The issuer `f.other`'s write permission for `dataId`: by the owner, for an hour, unless told otherwise. */
  const permissionFor = (
    dataId: string,
    {
      signer = f.owner,
      forDataId = dataId,
      expiresAt = inAnHour(),
    }: { signer?: DataFixture["owner"]; forDataId?: string; expiresAt?: bigint } = {},
  ) => signWritePermission({ signer, chainId: BigInt(CHAIN), issuer: f.other.address, dataId: forDataId, expiresAt });

  const put = async (dataId: string, signer: DataFixture["owner"], payload: object) =>
    f.app.inject({ method: "PUT", url: url(dataId), headers: await f.auth(signer), payload });

  const expectRefused = async (
    answer: Awaited<ReturnType<typeof put>>,
    status: number,
    code: string,
  ): Promise<void> => {
    expect(answer.statusCode, answer.body).to.equal(status);
    expect(answer.json().error.code).to.equal(code);
  };

  /** Nothing stored for `dataId` (no record, no block of `bytes`). */
  const expectNothingWritten = async (dataId: string, bytes: Uint8Array): Promise<void> => {
    expect(f.store.records.get({ chainId: CHAIN, dataId })).to.equal(undefined);
    expect(await f.blockStore.has(await rawCid(bytes))).to.equal(false);
  };

  describe("the owner's own writes", function () {
    it("stores the writer, writtenAt and signature with the record (the replication proof)", async function () {
      const dataId = await f.anchored();
      const sealed = f.sealed(dataId, "proved", [{ grantee: f.grantee.address, publicKey: f.granteeKey.publicKey }]);
      const body = await f.signed(dataId, sealed.body, { writtenAt: 1_000n });
      const answer = await put(dataId, f.owner, body);
      expect(answer.statusCode, answer.body).to.equal(201);
      const record = f.store.records.get({ chainId: CHAIN, dataId })!;
      expect(record.proof).to.deep.equal({
        writer: f.owner.address.toLowerCase(),
        writtenAt: 1_000,
        signature: getBytes(body.writer.signature),
      });
    });

    it("refuses a signature over another envelope (403 WRITE_SIGNATURE_INVALID)", async function () {
      const dataId = await f.anchored();
      const signedFor = f.sealed(dataId, "what the owner signed");
      const sent = f.sealed(dataId, "what reached the node");
      const body = { ...(await f.signed(dataId, signedFor.body)), envelope: sent.body.envelope };
      await expectRefused(await put(dataId, f.owner, body), 403, "WRITE_SIGNATURE_INVALID");
      await expectNothingWritten(dataId, sent.bare);
    });

    it("refuses a signature over other readers (403 WRITE_SIGNATURE_INVALID)", async function () {
      const dataId = await f.anchored();
      const sealed = f.sealed(dataId, "readers", [{ grantee: f.grantee.address, publicKey: f.granteeKey.publicKey }]);
      // Signed with no readers; the grantee's slot added on the way.
      const body = { ...(await f.signed(dataId, { envelope: sealed.body.envelope })), readers: sealed.body.readers };
      await expectRefused(await put(dataId, f.owner, body), 403, "WRITE_SIGNATURE_INVALID");
      await expectNothingWritten(dataId, sealed.bare);
    });

    it("refuses a StoreRecord signed by another account, or for another chain (403)", async function () {
      const dataId = await f.anchored();
      const sealed = f.sealed(dataId, "whose signature");
      const byStranger = await f.signed(dataId, sealed.body, { signer: f.stranger });
      await expectRefused(await put(dataId, f.owner, byStranger), 403, "WRITE_SIGNATURE_INVALID");
      const otherChain = await f.signed(dataId, sealed.body, { chainId: 1n });
      await expectRefused(await put(dataId, f.owner, otherChain), 403, "WRITE_SIGNATURE_INVALID");
      await expectNothingWritten(dataId, sealed.bare);
    });

    it("refuses a write not newer than the stored one (409 STALE_WRITE), and a replay", async function () {
      const dataId = await f.anchored();
      const first = await f.signed(dataId, f.sealed(dataId, "v2").body, { writtenAt: 2_000n });
      expect((await put(dataId, f.owner, first)).statusCode).to.equal(201);
      const stored = f.store.records.get({ chainId: CHAIN, dataId })!.cid;

      const older = await f.signed(dataId, f.sealed(dataId, "v1").body, { writtenAt: 1_999n });
      await expectRefused(await put(dataId, f.owner, older), 409, "STALE_WRITE");
      await expectRefused(await put(dataId, f.owner, first), 409, "STALE_WRITE");
      expect(f.store.records.get({ chainId: CHAIN, dataId })!.cid).to.equal(stored);

      const newer = await f.signed(dataId, f.sealed(dataId, "v3").body, { writtenAt: 2_001n });
      expect((await put(dataId, f.owner, newer)).statusCode).to.equal(201);
      expect(f.store.records.get({ chainId: CHAIN, dataId })!.proof!.writtenAt).to.equal(2_001);
    });

    it("refuses a writtenAt more than five minutes ahead of the node's clock (400 WRITE_IN_FUTURE)", async function () {
      const dataId = await f.anchored();
      const sealed = f.sealed(dataId, "from the future");
      const body = await f.signed(dataId, sealed.body, { writtenAt: BigInt(Date.now() + 10 * 60_000) });
      await expectRefused(await put(dataId, f.owner, body), 400, "WRITE_IN_FUTURE");
      await expectNothingWritten(dataId, sealed.bare);
    });
  });

  describe("an issuer with the owner's permission", function () {
    it("stores the issuer's write with both proofs; the owner reads and opens it", async function () {
      const dataId = await f.anchored();
      const permission = await permissionFor(dataId);
      // Sealed for the owner's key: the issuer holds only its public key.
      const sealed = f.sealed(dataId, "kyc=basic");
      const body = await f.signed(dataId, sealed.body, { signer: f.other, permission });
      const answer = await put(dataId, f.other, body);
      expect(answer.statusCode, answer.body).to.equal(201);

      const record = f.store.records.get({ chainId: CHAIN, dataId })!;
      expect(record.owner).to.equal(f.owner.address.toLowerCase());
      expect(record.proof).to.deep.equal({
        writer: f.other.address.toLowerCase(),
        writtenAt: body.writer.writtenAt,
        signature: getBytes(body.writer.signature),
        permission: {
          issuer: f.other.address.toLowerCase(),
          expiresAt: Number(permission.expiresAt),
          signature: getBytes(permission.signature),
        },
      });
      const get = await f.app.inject({ method: "GET", url: url(dataId), headers: await f.auth(f.owner) });
      expect(get.statusCode, get.body).to.equal(200);
      const envelope = decodeEnvelope({ bytes: Buffer.from(get.json().envelope, "base64") });
      const payload = open({ envelope, keyPair: f.ownerKey, chainId: BigInt(CHAIN), dataId: getBytes(dataId) });
      expect(new TextDecoder().decode(payload)).to.equal("kyc=basic");
    });

    it("refuses an expired permission (403 PERMISSION_EXPIRED)", async function () {
      const dataId = await f.anchored();
      const permission = await permissionFor(dataId, { expiresAt: BigInt(Math.floor(Date.now() / 1000) - 1) });
      const sealed = f.sealed(dataId, "too late");
      const body = await f.signed(dataId, sealed.body, { signer: f.other, permission });
      await expectRefused(await put(dataId, f.other, body), 403, "PERMISSION_EXPIRED");
      await expectNothingWritten(dataId, sealed.bare);
    });

    it("refuses a permission signed by someone other than the owner (403 PERMISSION_INVALID)", async function () {
      const dataId = await f.anchored();
      const permission = await permissionFor(dataId, { signer: f.stranger });
      const sealed = f.sealed(dataId, "not the owner's word");
      const body = await f.signed(dataId, sealed.body, { signer: f.other, permission });
      await expectRefused(await put(dataId, f.other, body), 403, "PERMISSION_INVALID");
      await expectNothingWritten(dataId, sealed.bare);
    });

    it("refuses a permission for another dataId (403 PERMISSION_INVALID)", async function () {
      const dataId = await f.anchored();
      const elsewhere = await f.anchored();
      const permission = await permissionFor(dataId, { forDataId: elsewhere });
      const sealed = f.sealed(dataId, "wrong dataId");
      const body = await f.signed(dataId, sealed.body, { signer: f.other, permission });
      await expectRefused(await put(dataId, f.other, body), 403, "PERMISSION_INVALID");
      await expectNothingWritten(dataId, sealed.bare);
    });

    it("refuses a caller the permission does not name, and an issuer without one (403)", async function () {
      const dataId = await f.anchored();
      const permission = await permissionFor(dataId);
      const sealed = f.sealed(dataId, "borrowed permission");
      const byStranger = await f.signed(dataId, sealed.body, { signer: f.stranger, permission });
      await expectRefused(await put(dataId, f.stranger, byStranger), 403, "PERMISSION_ISSUER_MISMATCH");
      const withoutPermission = await f.signed(dataId, sealed.body, { signer: f.other });
      await expectRefused(await put(dataId, f.other, withoutPermission), 403, "NOT_OWNER");
      await expectNothingWritten(dataId, sealed.bare);
    });

    it("refuses the issuer's StoreRecord signed by another account (403 WRITE_SIGNATURE_INVALID)", async function () {
      const dataId = await f.anchored();
      const permission = await permissionFor(dataId);
      const sealed = f.sealed(dataId, "signed by the owner, sent by the issuer");
      const body = await f.signed(dataId, sealed.body, { signer: f.owner, permission });
      await expectRefused(await put(dataId, f.other, body), 403, "WRITE_SIGNATURE_INVALID");
      await expectNothingWritten(dataId, sealed.bare);
    });

    it("refuses a write without the writer's signature (400), even with a permission", async function () {
      const dataId = await f.anchored();
      const permission = await permissionFor(dataId);
      const sealed = f.sealed(dataId, "unsigned issuer write");
      const body = {
        ...sealed.body,
        permission: {
          issuer: permission.issuer,
          expiresAt: Number(permission.expiresAt),
          signature: permission.signature,
        },
      };
      await expectRefused(await put(dataId, f.other, body), 400, "VALIDATION_FAILED");
      await expectRefused(await put(dataId, f.owner, sealed.body), 400, "VALIDATION_FAILED");
      await expectNothingWritten(dataId, sealed.bare);
    });

    it("accepts the permission of an ERC-1271 owner, checked through the chain", async function () {
      const wallet = await f.ethers.deployContract("ERC1271WalletMock", [f.owner.address]);
      const walletAddress = await wallet.getAddress();
      const dataId = hexlify(randomBytes(32));
      const anchor = f.accessGrants.interface.encodeFunctionData("anchorData", [dataId, ZeroHash]);
      await (await wallet.connect(f.owner).getFunction("execute")(await f.accessGrants.getAddress(), anchor)).wait();
      await f.poll();

      // The wallet's controller signs; the node asks the wallet (isValidSignature) since it is not the signer.
      const permission = await permissionFor(dataId);
      const sealed = f.sealed(dataId, "for a smart account");
      const answer = await put(dataId, f.other, await f.signed(dataId, sealed.body, { signer: f.other, permission }));
      expect(answer.statusCode, answer.body).to.equal(201);
      expect(f.store.records.get({ chainId: CHAIN, dataId })!.owner).to.equal(walletAddress.toLowerCase());

      // Someone the wallet does not answer for: refused by the same check.
      const forged = await permissionFor(dataId, { signer: f.stranger });
      const again = f.sealed(dataId, "forged");
      const refused = await put(
        dataId,
        f.other,
        await f.signed(dataId, again.body, { signer: f.other, permission: forged }),
      );
      await expectRefused(refused, 403, "PERMISSION_INVALID");
    });
  });
});
