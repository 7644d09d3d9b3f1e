import { expect } from "chai";

import { nodeGrantAccess } from "../../node/src/server.ts";
import { openStore } from "../../node/src/store/store.ts";
import { ChainNotSyncedError } from "../../sdk/src/chain/errors.ts";
import { cleanup, tempDir } from "./helpers/build.ts";

const DATA_ID = `0x${"12".repeat(32)}`;

/** A grant reader that knows no deletion request (as a view rebuilt from a pruned RPC might). */
function reader({ synced = true }: { synced?: boolean } = {}) {
  const check = (): void => {
    if (!synced) throw new ChainNotSyncedError({ chainId: 31337n });
  };
  return {
    ownerOf: () => (check(), "0x00000000000000000000000000000000000000aa"),
    isGranted: () => (check(), false),
    deletionEffectiveAt: () => (check(), undefined),
    confirmedBlock: () => (check(), { blockNumber: 1n, blockTimestamp: 1n }),
  } as unknown as Parameters<typeof nodeGrantAccess>[0]["reader"];
}

describe("node grant access: the indexed view plus the node's own deletion schedule", function () {
  afterEach(cleanup);

  it("counts a dataId the node scheduled or purged as deletion-pending even if the view does not", function () {
    const store = openStore({ dataDir: tempDir() });
    try {
      const grants = nodeGrantAccess({ reader: reader(), store });
      expect(grants.isDeletionPending(31337, DATA_ID)).to.equal(false);
      store.deletions.schedule({ chainId: 31337, dataId: DATA_ID, effectiveAt: 1 });
      expect(grants.isDeletionPending(31337, DATA_ID)).to.equal(true);
      expect(grants.isDeletionPending(31337, `0x${"34".repeat(32)}`)).to.equal(false);
    } finally {
      store.close();
    }
  });

  it("still answers CHAIN_NOT_SYNCED before the chain's first poll", function () {
    const store = openStore({ dataDir: tempDir() });
    try {
      const grants = nodeGrantAccess({ reader: reader({ synced: false }), store });
      expect(() => grants.isDeletionPending(31337, DATA_ID))
        .to.throw()
        .with.property("code", "CHAIN_NOT_SYNCED");
    } finally {
      store.close();
    }
  });
});
