/**
 * `Issuer.write` with the owner's EIP-712 write permission, end to end on three real nodes: the owner derives its
 * key from a wallet signature (a public origin the issuer can name in the owner slot), signs the permission, the
 * issuer seals the credential for the owner's key and writes it; the owner reads it back and opens it.
 */
import { expect } from "chai";
import { getBytes } from "ethers";

import { IssuerKey } from "../../../sdk/src/credentials/issuer-key.ts";
import { open } from "../../../sdk/src/crypto/open.ts";
import type { EncryptionKeyPair } from "../../../sdk/src/keys/key-pair.ts";
import { keyPairFromWalletSignature } from "../../../sdk/src/keys/from-wallet-signature.ts";
import { Issuer } from "../../../sdk/src/roles/issuer.ts";
import { NodeHttpError, WriteQuorumError } from "../../../sdk/src/storage/errors.ts";
import { getEnvelope } from "../../../sdk/src/storage/get-envelope.ts";
import type { NodeSession } from "../../../sdk/src/storage/node-session.ts";
import { signWritePermission } from "../../../sdk/src/storage/sign-write-permission.ts";
import { caught } from "../grants/caught.ts";
import { rolesFixture } from "./helpers.ts";
import type { RolesFixture } from "./helpers.ts";

describe("sdk roles: Issuer.write with the owner's permission", function () {
  this.timeout(120_000);
  let f: RolesFixture;
  let issuer: Issuer;
  let ownerSessions: NodeSession[];
  let walletKey: EncryptionKeyPair;

  before(async function () {
    f = await rolesFixture();
    issuer = new Issuer({
      issuerKey: await IssuerKey.generate(),
      context: { ...f.shared, signer: f.stranger, sessions: await f.sessionsOf(f.stranger) },
    });
    ownerSessions = await f.sessionsOf(f.owner);
    walletKey = await keyPairFromWalletSignature({
      signer: f.owner,
      chainId: f.shared.chainId,
      verifyingContract: await f.keyRegistry.getAddress(),
    });
  });

  after(async function () {
    await f?.close();
  });

  /** A permission from the owner for the issuer (`f.stranger`) to write `dataId`, `seconds` from now. */
  const permit = (dataId: string, seconds: number) =>
    signWritePermission({
      signer: f.owner,
      chainId: f.shared.chainId,
      issuer: f.stranger.address,
      dataId,
      expiresAt: BigInt(Math.floor(Date.now() / 1000) + seconds),
    });

  it("writes the issued credential into the owner's profile; the owner opens it with its wallet key", async function () {
    const { credential, dataId } = await issuer.issueAndAnchor({
      subject: f.owner.address,
      claims: { kycLevel: "basic" },
    });
    const permission = await permit(dataId, 3600);
    const written = await issuer.write({
      permission,
      credential,
      ownerPublicKey: walletKey.publicKey,
      ownerKeyOrigin: walletKey.origin!,
    });
    expect(written.stored).to.have.length(3);
    expect(written.cid).to.match(/^bafkrei/);

    const { envelope } = await getEnvelope({ sessions: ownerSessions, chainId: f.shared.chainId, dataId });
    expect(envelope.ownerSlots).to.have.length(1);
    expect(envelope.ownerSlots[0]!.origin).to.deep.equal(walletKey.origin);
    const payload = open({ envelope, keyPair: walletKey, chainId: f.shared.chainId, dataId: getBytes(dataId) });
    expect(JSON.parse(new TextDecoder().decode(payload))).to.deep.equal(JSON.parse(JSON.stringify(credential)));
  });

  it("is refused by every node once the permission has expired (PERMISSION_EXPIRED)", async function () {
    const { credential, dataId } = await issuer.issueAndAnchor({
      subject: f.owner.address,
      claims: { kycLevel: "basic" },
    });
    const permission = await permit(dataId, -1);
    const error = await caught(
      issuer.write({ permission, credential, ownerPublicKey: walletKey.publicKey, ownerKeyOrigin: walletKey.origin! }),
      WriteQuorumError,
    );
    const codes = error.failures.map(({ error: failure }) => (failure as NodeHttpError).code);
    expect(codes).to.deep.equal(["PERMISSION_EXPIRED", "PERMISSION_EXPIRED", "PERMISSION_EXPIRED"]);
  });
});
