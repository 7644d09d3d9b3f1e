import { expect } from "chai";

import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";
import { cleanup, tempDir } from "../helpers/build.ts";

const CHAIN = 31337;
const DATA_ID = `0x${"ab".repeat(32)}`;
const OWNER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const GRANTEE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

describe("store: served generation", function () {
  let store: Store;

  beforeEach(function () {
    store = openStore({ dataDir: tempDir() });
  });

  afterEach(async function () {
    store.close();
    await cleanup();
  });

  const record = () => ({
    chainId: CHAIN,
    dataId: DATA_ID,
    owner: OWNER,
    cid: "bafkreiaaaa",
    envelopeHeader: new Uint8Array(8),
    envelopeNonce: new Uint8Array(24),
    ownerSlots: new Uint8Array(1),
    size: 10,
    createdAt: 1,
    updatedAt: 1,
  });

  it("moves on every write of a record or a reader slot, and not on reads or other tables", function () {
    const seen = [store.servedGeneration()];
    const moved = (): void => {
      const now = store.servedGeneration();
      expect(now).not.to.equal(seen.at(-1));
      seen.push(now);
    };
    store.records.upsert(record());
    moved();
    const slot = { chainId: CHAIN, dataId: DATA_ID, grantee: GRANTEE, readerPublicKey: new Uint8Array(32) };
    store.readerSlots.put({ ...slot, slot: new Uint8Array(92) });
    moved();
    store.readerSlots.remove(slot);
    moved();
    store.readerSlots.dropEnded({ chainId: CHAIN, blockTime: 1 });
    moved();
    store.records.locate({ chainId: CHAIN, dataId: DATA_ID });
    store.readerSlots.get(slot);
    store.sessions.insert({
      tokenHash: new Uint8Array(32),
      address: GRANTEE,
      chainId: CHAIN,
      createdAt: 1,
      expiresAt: 2,
    });
    expect(store.servedGeneration()).to.equal(seen.at(-1));
    store.records.remove({ chainId: CHAIN, dataId: DATA_ID });
    moved();
  });

  it("is undefined inside a transaction, so nothing read there (which may roll back) is kept", function () {
    expect(store.servedGeneration()).to.be.a("number");
    store.transaction(() => {
      expect(store.servedGeneration()).to.equal(undefined);
    });
    expect(store.servedGeneration()).to.be.a("number");
  });
});
