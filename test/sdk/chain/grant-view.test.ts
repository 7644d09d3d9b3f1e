import { expect } from "chai";
import { Wallet, ZeroHash } from "ethers";

import { ChainNotSyncedError, EventOrderError } from "../../../sdk/src/chain/errors.ts";
import type { AccessGrantsEvent } from "../../../sdk/src/chain/events.ts";
import { GrantView } from "../../../sdk/src/chain/grant-view.ts";
import { MemoryGrantViewStore } from "../../../sdk/src/chain/memory-store.ts";
import type { ChainCursor } from "../../../sdk/src/chain/store.ts";
import { chainDataId } from "./helpers.ts";

const OWNER = Wallet.createRandom().address;
const GRANTEE = Wallet.createRandom().address;
const DATA = chainDataId("unit");
const HASH = ZeroHash;

const anchored = (blockNumber: bigint, logIndex = 0): AccessGrantsEvent => ({
  kind: "DataAnchored",
  blockNumber,
  logIndex,
  dataId: DATA,
  owner: OWNER,
  issuer: OWNER,
  schema: ZeroHash,
});
const granted = (blockNumber: bigint, logIndex = 0): AccessGrantsEvent => ({
  kind: "Granted",
  blockNumber,
  logIndex,
  owner: OWNER,
  grantee: GRANTEE,
  dataId: DATA,
  lockedUntil: 0n,
  expiresAt: 0n,
  purpose: ZeroHash,
});
const block = (number: bigint) => ({ number, timestamp: 1_000n + number, hash: HASH });

describe("GrantView (pure)", function () {
  it("keys every record by chain", function () {
    const view = new GrantView({ store: new MemoryGrantViewStore() });
    view.applyBlocks({ chainId: 1n, events: [anchored(1n), granted(1n, 1)], toBlock: block(1n) });
    view.applyBlocks({ chainId: 2n, events: [], toBlock: block(5n) });
    const query = { owner: OWNER, grantee: GRANTEE.toLowerCase(), dataId: DATA.toUpperCase().replace("0X", "0x") };
    expect(view.isGranted({ chainId: 1n, ...query })).to.equal(true);
    expect(view.isGranted({ chainId: 2n, ...query })).to.equal(false);
    expect(view.ownerOf({ chainId: 2n, dataId: DATA })).to.equal(undefined);
    expect(view.cursor({ chainId: 1n })!.blockTimestamp).to.equal(1_001n);
    expect(() => view.isGranted({ chainId: 3n, ...query })).to.throw(ChainNotSyncedError);
  });

  it("refuses batches at or before the cursor, unsorted, or past their end, writing nothing", function () {
    const view = new GrantView({ store: new MemoryGrantViewStore() });
    view.applyBlocks({ chainId: 1n, events: [anchored(3n)], toBlock: block(3n) });
    const refused: Parameters<GrantView["applyBlocks"]>[0][] = [
      { chainId: 1n, events: [], toBlock: block(3n) },
      { chainId: 1n, events: [granted(3n, 5)], toBlock: block(4n) },
      { chainId: 1n, events: [granted(5n, 1), granted(5n, 1)], toBlock: block(6n) },
      { chainId: 1n, events: [granted(6n), granted(5n)], toBlock: block(6n) },
      { chainId: 1n, events: [granted(7n)], toBlock: block(6n) },
    ];
    for (const batch of refused) expect(() => view.applyBlocks(batch)).to.throw(EventOrderError);
    expect(view.cursor({ chainId: 1n })!.blockNumber).to.equal(3n);
    expect(view.grantsOf({ chainId: 1n, owner: OWNER })).to.deep.equal([]);
  });

  it("rolls back every write of a batch that fails half-way", function () {
    class FailingCursorStore extends MemoryGrantViewStore {
      override putCursor(cursor: ChainCursor): void {
        if (cursor.blockNumber === 2n) throw new Error("disk full");
        super.putCursor(cursor);
      }
    }
    const view = new GrantView({ store: new FailingCursorStore() });
    view.applyBlocks({ chainId: 1n, events: [anchored(1n)], toBlock: block(1n) });
    expect(() => view.applyBlocks({ chainId: 1n, events: [granted(2n)], toBlock: block(2n) })).to.throw("disk full");
    expect(view.grantsOf({ chainId: 1n, owner: OWNER })).to.deep.equal([]);
    expect(view.cursor({ chainId: 1n })!.blockNumber).to.equal(1n);
    view.applyBlocks({ chainId: 1n, events: [granted(3n)], toBlock: block(3n) });
    expect(view.grantsOf({ chainId: 1n, owner: OWNER }).map((grant) => grant.grantedAtBlock)).to.deep.equal([3n]);
  });
});
