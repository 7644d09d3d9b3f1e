/**
 * `build()`: a node app over a real SQLite store in a fresh temp directory and a chain gateway over Hardhat's
 * in-process chain, ready for `app.inject`. Call `cleanup()` after each test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";

import { network } from "hardhat";

import type { BlockStore } from "../../../node/src/blocks/block-store.ts";
import { rawCid } from "../../../node/src/blocks/raw-cid.ts";
import { createChainGateway } from "../../../node/src/chain/gateway.ts";
import type { ChainGateway } from "../../../node/src/chain/types.ts";
import type { Clock } from "../../../node/src/clock.ts";
import type { NodeConfig } from "../../../node/src/config/schema.ts";
import { buildApp } from "../../../node/src/http/app.ts";
import type { App } from "../../../node/src/http/types.ts";
import type { ChainStatusSource } from "../../../node/src/http/routes/health.ts";
import { createLogger } from "../../../node/src/logging/logger.ts";
import type { GrantAccess } from "../../../node/src/records/grant-access.ts";
import { RecordRequestError } from "../../../node/src/records/errors.ts";
import { openStore } from "../../../node/src/store/store.ts";
import type { Store } from "../../../node/src/store/store.ts";
import { HARDHAT_CHAIN_ID, testConfig } from "./config.ts";

/**
 * Hardhat's well-known test account #0 private key. It is public (printed by every `hardhat node`): test use only,
 * never a real key.
 */
export const HARDHAT_TEST_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/** What `build()` gives a test. */
export type Built = {
  app: App;
  store: Store;
  config: NodeConfig;
  dir: string;
  /** Every log line the app wrote, as text (level `info`). */
  logs: () => string;
};

const pending: (() => Promise<void>)[] = [];

/** Makes a temp directory that `cleanup()` removes. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "idem-node-test-"));
  pending.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The node id apps built by `build()` write into audit rows. */
export const BUILD_NODE_ID = "0x00000000000000000000000000000000000000bb";

/** A block store in memory (for apps whose tests store no data). */
export function memoryBlockStore(): BlockStore {
  const blocks = new Map<string, Uint8Array>();
  return {
    async put(bytes) {
      const cid = await rawCid(bytes);
      blocks.set(cid.toString(), bytes.slice());
      return cid;
    },
    async get(cid) {
      const bytes = blocks.get(cid.toString());
      if (bytes === undefined) throw new Error(`no block ${cid}`);
      return bytes.slice();
    },
    async has(cid) {
      return blocks.has(cid.toString());
    },
    async delete(cid) {
      blocks.delete(cid.toString());
    },
  };
}

/** A grant view that has not synced any chain yet: every data route answers `CHAIN_NOT_SYNCED` (503). */
export const unsyncedGrants: GrantAccess = {
  ownerOf: notSynced,
  isGranted: notSynced,
  isDeletionPending: notSynced,
  confirmedBlock: notSynced,
};

function notSynced(): never {
  throw new RecordRequestError("This node has not synced that chain yet; try again later.", {
    statusCode: 503,
    code: "CHAIN_NOT_SYNCED",
  });
}

/** A chain gateway over Hardhat's in-process chain (EDR). */
export async function hardhatGateway(): Promise<{
  gateway: ChainGateway;
  ethers: Awaited<ReturnType<typeof network.getOrCreate>>["ethers"];
}> {
  const { ethers } = await network.getOrCreate();
  return { gateway: createChainGateway({ providers: new Map([[HARDHAT_CHAIN_ID, ethers.provider]]) }), ethers };
}

/**
 * Builds an app on a fresh store.
 *
 * @example
 * ```ts
 * const { app } = await build();
 * const response = await app.inject({ method: "GET", url: "/health" });
 * ```
 */
export async function build({
  http,
  auth,
  clock,
  chain,
  chainStatus,
}: {
  http?: Partial<NodeConfig["http"]>;
  auth?: Partial<NodeConfig["auth"]>;
  clock?: Clock;
  chain?: ChainGateway;
  /** What `/health` reports per chain (none unless given). */
  chainStatus?: ChainStatusSource;
} = {}): Promise<Built> {
  const dir = tempDir();
  const config = testConfig({ dir, http, auth });
  const store = openStore({ dataDir: config.dataDir });
  let text = "";
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString("utf8");
      callback();
    },
  });
  const logger = createLogger({ level: "info", destination });
  const app = await buildApp({
    config,
    store,
    chain: chain ?? (await hardhatGateway()).gateway,
    logger,
    blockStore: memoryBlockStore(),
    grants: unsyncedGrants,
    nodeId: BUILD_NODE_ID,
    ...(clock === undefined ? {} : { clock }),
    ...(chainStatus === undefined ? {} : { chainStatus }),
  });
  pending.unshift(async () => {
    await app.close();
    store.close();
  });
  return { app, store, config, dir, logs: () => text };
}

/** Closes every app and store and removes every temp directory made since the last call. */
export async function cleanup(): Promise<void> {
  for (const step of pending.splice(0)) await step();
}
