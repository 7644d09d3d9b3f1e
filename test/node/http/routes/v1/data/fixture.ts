/**
 * Fixture of the data-route tests: AccessGrants and KeyRegistry on Hardhat's in-process chain, the SDK's
 * GrantReader over a MemoryGrantViewStore (polled by the test after each chain change) adapted to GrantAccess, and
 * a node app over a real SQLite store and a real Helia block store (on disk, private libp2p, no peers), all in one
 * temp data directory. Envelopes are sealed with the SDK.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { ZeroHash, getBytes, hexlify, randomBytes } from "ethers";
import { network } from "hardhat";

import { createHeliaBlockStore } from "../../../../../../node/src/blocks/helia-block-store.ts";
import type { BlockStore } from "../../../../../../node/src/blocks/block-store.ts";
import { createChainGateway } from "../../../../../../node/src/chain/gateway.ts";
import { buildApp } from "../../../../../../node/src/http/app.ts";
import type { App } from "../../../../../../node/src/http/types.ts";
import { createLogger } from "../../../../../../node/src/logging/logger.ts";
import { loadOrCreatePeerKey } from "../../../../../../node/src/p2p/identity.ts";
import { generateNetworkKey } from "../../../../../../node/src/p2p/network-key.ts";
import { startNetwork } from "../../../../../../node/src/p2p/network.ts";
import { grantAccessFromReader } from "../../../../../../node/src/records/grant-access.ts";
import { createAuditWriter } from "../../../../../../node/src/store/audit-writer.ts";
import { openStore } from "../../../../../../node/src/store/store.ts";
import type { Store } from "../../../../../../node/src/store/store.ts";
import { utf8 } from "../../../../../../sdk/src/crypto/bytes.ts";
import { encodeEnvelope, encodeReaderSlot } from "../../../../../../sdk/src/crypto/encode.ts";
import { seal } from "../../../../../../sdk/src/crypto/seal.ts";
import type { ReaderLeaf, SignedWritePermission } from "../../../../../../sdk/src/storage/write-typed-data.ts";
import { readerLeafOf } from "../../../../../../sdk/src/storage/write-typed-data.ts";
import { signReaderChange } from "../../../../../../sdk/src/storage/sign-reader-change.ts";
import { signStoreRecord } from "../../../../../../sdk/src/storage/sign-store-record.ts";
import { HARDHAT_CHAIN_ID, testConfig } from "../../../../helpers/config.ts";
import { signIn } from "../../../../helpers/siwe.ts";
import { inProcessGrantReader } from "../../../../../helpers/grant-reader.ts";
import { deployDataContracts } from "../../../../../helpers/data-contracts.ts";

/** The node id the test node writes into audit rows. */
export const NODE_ID = "0x00000000000000000000000000000000000000aa";

/** Everything a data-route test uses. */
export type DataFixture = Awaited<ReturnType<typeof dataFixture>>;

/**
 * Deploys the contracts, registers the grantees' keys, starts a node app; `close()` stops it and removes its dir.
 * With `auditWriter`, grantee reads append their audit rows through the worker-thread writer (as the server does)
 * instead of synchronously on the store.
 */
export async function dataFixture({ auditWriter = false }: { auditWriter?: boolean } = {}) {
  const { ethers, networkHelpers } = await network.getOrCreate();
  const [owner, grantee, other, stranger] = await ethers.getSigners();
  if (owner === undefined || grantee === undefined || other === undefined || stranger === undefined) {
    throw new Error("Hardhat gave fewer than four accounts");
  }
  // x25519 keys: the owner's, and two registered grantees'. `stranger` registers none.
  const {
    accessGrants,
    keyRegistry,
    fromBlock,
    ownerKey,
    readerKeys: [granteeKey, otherKey],
  } = await deployDataContracts({ ethers, readers: [grantee, other] });

  const { reader, poll } = await inProcessGrantReader({
    provider: ethers.provider,
    accessGrants: await accessGrants.getAddress(),
    fromBlock,
  });

  const dir = mkdtempSync(join(tmpdir(), "idem-data-routes-"));
  const config = testConfig({ dir });
  const store: Store = openStore({ dataDir: config.dataDir });
  const auditBatcher = auditWriter ? createAuditWriter({ dataDir: config.dataDir }) : undefined;
  const p2p = await startNetwork({
    dataDir: join(config.dataDir, "ipfs"),
    privateKey: await loadOrCreatePeerKey({ path: join(config.dataDir, "libp2p.key") }),
    psk: generateNetworkKey(),
  });
  const blockStore: BlockStore = createHeliaBlockStore({ helia: p2p.helia, defaultTimeoutMs: 1000 });
  const chain = createChainGateway({
    providers: new Map([[HARDHAT_CHAIN_ID, ethers.provider]]),
    keyRegistries: new Map([[HARDHAT_CHAIN_ID, await keyRegistry.getAddress()]]),
  });
  const app: App = await buildApp({
    config,
    store,
    chain,
    logger: createLogger({ level: "silent" }),
    blockStore,
    grants: grantAccessFromReader(reader),
    nodeId: NODE_ID,
    ...(auditBatcher === undefined ? {} : { auditBatcher }),
  });

  const tokens = new Map<string, string>();
  /** A bearer header for `signer` (signs in once). */
  const auth = async (signer: typeof owner): Promise<{ authorization: string }> => {
    let token = tokens.get(signer.address);
    if (token === undefined) {
      const { response } = await signIn(app, signer);
      if (response.statusCode !== 201) throw new Error(`sign-in: ${response.body}`);
      token = (response.json() as { token: string }).token;
      tokens.set(signer.address, token);
    }
    return { authorization: `Bearer ${token}` };
  };

  /** A fresh dataId anchored to `owner` (and indexed). */
  const anchored = async (): Promise<string> => {
    const dataId = hexlify(randomBytes(32));
    await (await accessGrants.connect(owner).getFunction("anchorData")(dataId, ZeroHash)).wait();
    await poll();
    return dataId;
  };

  /**
   * An envelope sealed by the owner for `dataId`, with slots for `readers` split out (as the API carries them),
   * base64-encoded.
   */
  const sealed = (
    dataId: string,
    payload: string,
    readers: readonly { grantee: string; publicKey: Uint8Array }[] = [],
    { chainId = BigInt(HARDHAT_CHAIN_ID), headerDataId = dataId }: { chainId?: bigint; headerDataId?: string } = {},
  ) => {
    const envelope = seal({
      payload: utf8(payload),
      chainId,
      dataId: getBytes(headerDataId),
      owners: [ownerKey],
      readers: readers.map((entry) => entry.publicKey),
    });
    const bare = encodeEnvelope({ envelope: { ...envelope, readerSlots: [] } });
    return {
      envelope,
      bare,
      full: encodeEnvelope({ envelope }),
      body: {
        envelope: Buffer.from(bare).toString("base64"),
        readers: envelope.readerSlots.map((slot, index) => ({
          grantee: readers[index]!.grantee,
          slot: Buffer.from(encodeReaderSlot({ slot })).toString("base64"),
        })),
      },
    };
  };

  /** What {@link signed} may change: the writer, its time (unix ms), the owner's permission, the chain signed for. */
  type SignOptions = {
    signer?: typeof owner;
    writtenAt?: bigint;
    permission?: SignedWritePermission;
    chainId?: bigint;
  };

  /**
   * `body` (a PUT body as `sealed` gives it) with the writer's EIP-712 StoreRecord signature over exactly its
   * envelope and readers (and the permission, if given), as the SDK sends it. Lenient on junk base64, so refusal
   * cases can be signed too.
   */
  const signed = async (
    dataId: string,
    body: { envelope: string; readers?: readonly { grantee: string; slot: string }[] },
    {
      signer = owner,
      writtenAt = BigInt(Date.now()),
      permission,
      chainId = BigInt(HARDHAT_CHAIN_ID),
    }: SignOptions = {},
  ) => {
    const writer = await signStoreRecord({
      signer,
      chainId,
      dataId,
      envelope: Buffer.from(body.envelope, "base64"),
      readers: (body.readers ?? []).map(({ grantee, slot }) => ({ grantee, slot: Buffer.from(slot, "base64") })),
      writtenAt,
    });
    return {
      ...body,
      writer,
      ...(permission === undefined
        ? {}
        : {
            permission: {
              issuer: permission.issuer,
              expiresAt: Number(permission.expiresAt),
              signature: permission.signature,
            },
          }),
    };
  };

  /**
   * A reader-change body as the SDK sends it: `slot` (base64) for `grantee` when adding one, the other `readers`
   * kept, and `signer`'s (the owner's unless given) StoreRecord signature over the envelope `cid` names and all of
   * them. `signedSlot` signs other slot bytes than sent (a forged slot).
   */
  const readerChange = async (
    dataId: string,
    cid: string,
    {
      grantee,
      slot,
      signedSlot = slot,
      readers = [],
      signer = owner,
      writtenAt = BigInt(Date.now()),
    }: {
      grantee?: string;
      slot?: string;
      signedSlot?: string | undefined;
      readers?: ReaderLeaf[];
      signer?: typeof owner;
      writtenAt?: bigint;
    } = {},
  ) => {
    const added =
      grantee === undefined || signedSlot === undefined
        ? []
        : [readerLeafOf({ grantee, slot: Buffer.from(signedSlot, "base64") })];
    const writer = await signReaderChange({
      signer,
      chainId: BigInt(HARDHAT_CHAIN_ID),
      dataId,
      cid,
      readers: [...readers, ...added],
      writtenAt,
    });
    return { ...(slot === undefined ? {} : { slot }), readers, writer };
  };

  /**
   * Anchors a fresh dataId, grants it to each of `readers` (the grantee unless given; `expiresAt` 0: no expiry),
   * waits for the node to index the grants, and stores an envelope of `payload` with a slot for each, as the owner.
   */
  const storedGranted = async (
    payload: string,
    {
      readers = [{ signer: grantee, publicKey: granteeKey.publicKey }],
      expiresAt = 0n,
    }: { readers?: readonly { signer: typeof owner; publicKey: Uint8Array }[]; expiresAt?: bigint } = {},
  ) => {
    const dataId = await anchored();
    for (const { signer } of readers) {
      await (
        await accessGrants.connect(owner).getFunction("grant")(signer.address, dataId, 0n, expiresAt, ZeroHash)
      ).wait();
    }
    await poll();
    const envelope = sealed(
      dataId,
      payload,
      readers.map(({ signer, publicKey }) => ({ grantee: signer.address, publicKey })),
    );
    const put = await app.inject({
      method: "PUT",
      url: `/v1/data/${HARDHAT_CHAIN_ID}/${dataId}`,
      headers: await auth(owner),
      payload: await signed(dataId, envelope.body),
    });
    if (put.statusCode !== 201) throw new Error(`the PUT answered ${put.statusCode}: ${put.body}`);
    return { dataId, sealed: envelope, cid: put.json().cid as string };
  };

  return {
    ethers,
    networkHelpers,
    accessGrants,
    keyRegistry,
    owner,
    grantee,
    other,
    stranger,
    ownerKey,
    granteeKey,
    otherKey,
    reader,
    poll,
    app,
    store,
    auditBatcher,
    blockStore,
    dir,
    auth,
    anchored,
    sealed,
    signed,
    readerChange,
    storedGranted,
    async close() {
      await app.close();
      await p2p.stop();
      await auditBatcher?.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
