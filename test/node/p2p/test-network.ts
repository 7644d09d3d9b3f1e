/**
 * Test helper: network nodes on 127.0.0.1, each in a fresh temp directory, with a fresh libp2p key. `stopAll()`
 * stops every node started and removes the directories; call it in `after`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { loadOrCreatePeerKey } from "../../../node/src/p2p/identity.ts";
import { startNetwork } from "../../../node/src/p2p/network.ts";
import type { Network } from "../../../node/src/p2p/network.ts";
import type { SyncPeerGate } from "../../../node/src/p2p/sync-protocol.ts";

/** A started test node and its data directory. */
export type TestNode = Network & { dataDir: string };

/** Nodes and directories to clean up, per test file. */
export type TestNetwork = {
  /** Starts a node with `psk` in `dataDir` (a fresh temp directory unless given), with `allowSync` if given. */
  start: (options: { psk: Uint8Array; dataDir?: string; allowSync?: SyncPeerGate }) => Promise<TestNode>;
  /** A fresh temp directory, removed by `stopAll`. */
  tempDir: () => Promise<string>;
  /** Stops every node still running, then removes every directory. */
  stopAll: () => Promise<void>;
};

/** Creates a tracker of test nodes; one per test file. */
export function testNetwork(): TestNetwork {
  const running = new Set<Network>();
  const dirs: string[] = [];
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), "idem-p2p-"));
    dirs.push(dir);
    return dir;
  };
  return {
    tempDir,
    async start({ psk, dataDir, allowSync }) {
      const dir = dataDir ?? (await tempDir());
      const privateKey = await loadOrCreatePeerKey({ path: join(dir, "libp2p.key") });
      const network = await startNetwork({ dataDir: join(dir, "node"), privateKey, psk, allowSync });
      running.add(network);
      const stop = async (): Promise<void> => {
        running.delete(network);
        await network.stop();
      };
      return { ...network, stop, dataDir: dir };
    },
    async stopAll() {
      await Promise.allSettled([...running].map((network) => network.stop()));
      running.clear();
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
