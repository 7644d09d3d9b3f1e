/**
 * A record's readers in the node's real SQLite store: live slots and dropped leaves, the drop a revocation makes
 * as the grant view applies it (a trigger on the view's own table), and the sweep of grants that ended.
 */
import { expect } from "chai";
import { ZeroHash, getAddress, hexlify, keccak256 } from "ethers";

import type { StoredRecord } from "../../../node/src/store/records.ts";
import { SqliteGrantViewStore } from "../../../node/src/store/grant-view-store.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";
import type { GrantRecord } from "../../../sdk/src/chain/store.ts";
import { cleanup, tempDir } from "../helpers/build.ts";

const CHAIN = 31337;
const OWNER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const GRANTEE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const OTHER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const DATA_ID = `0x${"ab".repeat(32)}`;

const record = (): StoredRecord => ({
  chainId: CHAIN,
  dataId: DATA_ID,
  owner: OWNER,
  cid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
  envelopeHeader: new Uint8Array([1, 2, 3]),
  envelopeNonce: new Uint8Array(24).fill(7),
  ownerSlots: new Uint8Array([9, 9]),
  size: 1234,
  createdAt: 1_700_000_000,
  updatedAt: 1_700_000_000,
});

const slotBytes = (fill: number) => new Uint8Array(128).fill(fill);

/** The grant as the SDK's view writes it: checksummed addresses, bigints. */
const grant = (grantee: string, { expiresAt = 0n, lockedUntil = 0n } = {}): GrantRecord => ({
  chainId: BigInt(CHAIN),
  owner: getAddress(OWNER),
  grantee: getAddress(grantee),
  dataId: DATA_ID,
  lockedUntil,
  expiresAt,
  purpose: ZeroHash,
  grantedAtBlock: 1n,
  updatedAtBlock: 1n,
});

describe("store/reader-slots (live slots, dropped leaves)", function () {
  let store: Store;
  let view: SqliteGrantViewStore;

  beforeEach(function () {
    store = openStore({ dataDir: tempDir() });
    view = new SqliteGrantViewStore({ store });
    store.records.upsert(record());
  });

  afterEach(async function () {
    store.close();
    await cleanup();
  });

  /** The raw `reader_slots` rows of the record, straight from SQLite. */
  const slotRows = () =>
    store.db
      .prepare("SELECT grantee FROM reader_slots WHERE chain_id = ? AND data_id = ? ORDER BY grantee")
      .all(CHAIN, DATA_ID) as { grantee: string }[];

  const put = (grantee: string, fill: number, addedAt = 0) =>
    store.readerSlots.put({
      chainId: CHAIN,
      dataId: DATA_ID,
      grantee,
      readerPublicKey: new Uint8Array(32).fill(fill),
      slot: slotBytes(fill),
      addedAt,
    });

  it("deletes the grantee's slot row when the view applies a revocation, keeping its leaf", function () {
    put(GRANTEE, 1);
    put(OTHER, 2);
    view.putGrant(grant(GRANTEE));
    view.putGrant(grant(OTHER));

    view.transaction(() =>
      view.deleteGrant({
        chainId: BigInt(CHAIN),
        owner: getAddress(OWNER),
        grantee: getAddress(GRANTEE),
        dataId: DATA_ID,
      }),
    );

    expect(slotRows()).to.deep.equal([{ grantee: OTHER }]);
    expect(store.readerSlots.listDropped({ chainId: CHAIN, dataId: DATA_ID })).to.deep.equal([
      { grantee: GRANTEE, slotHash: keccak256(slotBytes(1)) },
    ]);
  });

  it("leaves the slot of a record the revoking owner does not own on this node", function () {
    put(GRANTEE, 1);
    view.deleteGrant({
      chainId: BigInt(CHAIN),
      owner: getAddress(OTHER),
      grantee: getAddress(GRANTEE),
      dataId: DATA_ID,
    });
    expect(slotRows()).to.deep.equal([{ grantee: GRANTEE }]);
    expect(store.readerSlots.listDropped({ chainId: CHAIN, dataId: DATA_ID })).to.deep.equal([]);
  });

  it("drops a slot whose grant expired after it was stored, and keeps one stored after the expiry", function () {
    put(GRANTEE, 1, 100);
    put(OTHER, 2, 300);
    view.putGrant(grant(GRANTEE, { expiresAt: 200n }));
    // OTHER's slot was re-added for a re-grant the view has not seen yet: its known grant ended before the slot.
    view.putGrant(grant(OTHER, { expiresAt: 250n }));

    expect(store.readerSlots.dropEnded({ chainId: CHAIN, blockTime: 199 })).to.deep.equal([]);
    expect(store.readerSlots.dropEnded({ chainId: CHAIN, blockTime: 400 })).to.deep.equal([
      { chainId: CHAIN, dataId: DATA_ID, grantee: GRANTEE },
    ]);
    expect(slotRows()).to.deep.equal([{ grantee: OTHER }]);
    expect(
      store.readerSlots.listDropped({ chainId: CHAIN, dataId: DATA_ID }).map((leaf) => leaf.grantee),
    ).to.deep.equal([GRANTEE]);
  });

  it("drops an unlocked grantee's slot once the owner requested deletion, and a locked one when its lock ends", function () {
    put(GRANTEE, 1, 100);
    put(OTHER, 2, 100);
    view.putGrant(grant(GRANTEE));
    view.putGrant(grant(OTHER, { lockedUntil: 500n }));
    expect(store.readerSlots.dropEnded({ chainId: CHAIN, blockTime: 200 })).to.deep.equal([]);

    view.putDeletion({
      chainId: BigInt(CHAIN),
      dataId: DATA_ID,
      owner: getAddress(OWNER),
      effectiveAt: 500n,
      requestedAtBlock: 2n,
    });
    expect(store.readerSlots.dropEnded({ chainId: CHAIN, blockTime: 200 }).map((key) => key.grantee)).to.deep.equal([
      GRANTEE,
    ]);
    expect(store.readerSlots.dropEnded({ chainId: CHAIN, blockTime: 500 }).map((key) => key.grantee)).to.deep.equal([
      OTHER,
    ]);
    expect(slotRows()).to.deep.equal([]);
  });

  it("forgets a dropped leaf when the grantee's slot is stored again, and removes both with the reader", function () {
    put(GRANTEE, 1);
    view.putGrant(grant(GRANTEE));
    view.deleteGrant({
      chainId: BigInt(CHAIN),
      owner: getAddress(OWNER),
      grantee: getAddress(GRANTEE),
      dataId: DATA_ID,
    });
    put(GRANTEE, 3);
    expect(store.readerSlots.listDropped({ chainId: CHAIN, dataId: DATA_ID })).to.deep.equal([]);
    expect(hexlify(store.readerSlots.get({ chainId: CHAIN, dataId: DATA_ID, grantee: GRANTEE })!.slot)).to.equal(
      hexlify(slotBytes(3)),
    );

    store.readerSlots.putDropped({
      chainId: CHAIN,
      dataId: DATA_ID,
      grantee: OTHER,
      slotHash: keccak256(slotBytes(4)),
    });
    expect(store.readerSlots.remove({ chainId: CHAIN, dataId: DATA_ID, grantee: OTHER })).to.equal(true);
    expect(store.readerSlots.remove({ chainId: CHAIN, dataId: DATA_ID, grantee: OTHER })).to.equal(false);
    store.records.remove({ chainId: CHAIN, dataId: DATA_ID });
    expect(slotRows()).to.deep.equal([]);
  });
});
