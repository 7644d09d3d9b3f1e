/**
 * A brief profile of the grantee read path, run when the ratio misses the target: the per-call cost of each step
 * the route takes, timed in-process (median µs per call over several batches), plus two diagnostics that change
 * nothing on disk in the repository:
 *
 * - the audit INSERT on a second SQLite connection to the same file with `synchronous = NORMAL` (the node's own
 *   connection runs `synchronous = FULL`, an fsync of the WAL per commit);
 * - HTTP rounds against the node with its audit append replaced, in this process's memory only, by a no-op — to
 *   measure what the durable audit write costs end to end — then also with the envelope served from an in-memory
 *   map instead of Helia's blockstore. The originals are restored afterwards.
 */
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { getAddress } from "ethers";
import { CID } from "multiformats/cid";

import { hashSessionToken } from "../../node/src/auth/tokens.ts";
import { DATABASE_FILE } from "../../node/src/store/store.ts";
import { unixSeconds, systemClock } from "../../node/src/clock.ts";
import { toBase64 } from "../../node/src/http/routes/v1/data/request-target.ts";
import { getRecord } from "../../node/src/records/get-record.ts";
import { median, runReadPathBench } from "./run.ts";
import type { BenchOptions } from "./run.ts";
import type { ReadPathSetup } from "./setup.ts";

/** One step's cost. */
export type StepCost = { step: string; medianMicroseconds: number; calls: number };

/** Medians of a diagnostic run (alternating rounds, as the benchmark). */
export type DiagnosticRates = {
  bareMedianRequestsPerSecond: number;
  nodeMedianRequestsPerSecond: number;
  ratio: number;
};

/** What the profile reports. */
export type ReadPathProfile = {
  steps: StepCost[];
  /** Node req/s with the audit append stubbed (memory only), against bare req/s, in alternating rounds. */
  withoutAudit?: DiagnosticRates;
  /** As `withoutAudit`, and the envelope served from an in-memory map instead of Helia's blockstore. */
  withoutAuditCachedBlock?: DiagnosticRates;
};

/** Median µs per call of `fn` over `batches` batches of `calls` calls (after one discarded batch). */
async function time(
  step: string,
  fn: () => unknown | Promise<unknown>,
  { calls = 200, batches = 5 }: { calls?: number; batches?: number } = {},
): Promise<StepCost> {
  const perCall: number[] = [];
  for (let batch = 0; batch <= batches; batch += 1) {
    const start = performance.now();
    for (let call = 0; call < calls; call += 1) await fn();
    const elapsed = performance.now() - start;
    if (batch > 0) perCall.push((elapsed * 1000) / calls);
  }
  return { step, medianMicroseconds: median(perCall), calls: calls * batches };
}

/**
 * Times each step of the grantee read on `setup`'s node, then (if `options` is given) runs the no-audit
 * diagnostic rounds.
 *
 * @example
 * ```ts
 * const profile = await profileReadPath(setup, { ...options, rounds: 3 });
 * ```
 */
export async function profileReadPath(setup: ReadPathSetup, options?: BenchOptions): Promise<ReadPathProfile> {
  const { store, blockStore, grants, dataDir } = setup.parts;
  const { chainId, dataId, owner, grantee } = setup;
  const token = setup.authorization.slice("Bearer ".length);
  const cid = CID.parse(setup.cid);
  const envelope = await blockStore.get(cid);
  const records = { store, blockStore, grants, chain: undefined as never, clock: systemClock, nodeId: "0x00" };

  const auditEntry = () => ({
    chainId,
    dataId,
    owner,
    reader: grantee,
    nodeId: "0x00000000000000000000000000000000000000bf",
    readAt: unixSeconds(systemClock),
    blockNumber: grants.confirmedBlock(chainId).blockNumber,
  });

  // A second connection to the node's file with synchronous = NORMAL (per-connection pragma; the node's own
  // connection keeps FULL). Rows it writes carry a distinct node id.
  const normal = new DatabaseSync(join(dataDir, DATABASE_FILE));
  let normalAppend: (() => void) | undefined;
  try {
    normal.exec("PRAGMA synchronous = NORMAL");
    normal.exec("PRAGMA busy_timeout = 5000");
    const insert = normal.prepare(`INSERT INTO audit_log (chain_id, data_id, owner, reader, node_id, read_at,
      block_number) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    normalAppend = () => {
      const entry = auditEntry();
      insert.run(
        entry.chainId,
        entry.dataId,
        entry.owner.toLowerCase(),
        entry.reader.toLowerCase(),
        entry.nodeId,
        entry.readAt,
        entry.blockNumber,
      );
    };
  } catch {
    normalAppend = undefined; // the schema differs: skip this diagnostic
  }

  const steps: StepCost[] = [];
  steps.push(
    await time("auth: sha256(token) + sessions.findValid + getAddress", () => {
      const session = store.sessions.findValid({ tokenHash: hashSessionToken(token), now: unixSeconds(systemClock) });
      return getAddress(session!.address);
    }),
  );
  steps.push(
    await time("records.get + readerSlots.get (SQLite reads)", () => {
      store.records.get({ chainId, dataId });
      return store.readerSlots.get({ chainId, dataId, grantee });
    }),
  );
  steps.push(
    await time("grants.isGranted + confirmedBlock (memory view)", () => {
      grants.isGranted(chainId, owner, grantee, dataId);
      return grants.confirmedBlock(chainId);
    }),
  );
  steps.push(
    await time("blockStore.has + get (Helia, local disk)", async () => {
      await blockStore.has(cid);
      return blockStore.get(cid);
    }),
  );
  steps.push(await time("toBase64(envelope)", () => toBase64(envelope)));
  steps.push(
    await time("auditLog.append (synchronous = FULL, node's connection)", () => store.auditLog.append(auditEntry()), {
      calls: 50,
    }),
  );
  if (normalAppend !== undefined) {
    steps.push(await time("audit INSERT, synchronous = NORMAL (2nd connection)", normalAppend, { calls: 50 }));
  }
  normal.close();
  steps.push(
    await time(
      "getRecord total (grantee, incl. audit append)",
      () => getRecord(records, { chainId, dataId, caller: grantee }),
      {
        calls: 50,
      },
    ),
  );
  steps.push(
    await time(
      "app.inject GET (full fastify stack, no socket)",
      () => setup.parts.app.inject({ method: "GET", url: setup.path, headers: { authorization: setup.authorization } }),
      { calls: 50 },
    ),
  );

  steps.push(
    await time("app.inject GET, no Authorization (node's hooks and plugins, 401)", () =>
      setup.parts.app.inject({ method: "GET", url: setup.path }),
    ),
  );
  steps.push(
    await time("app.inject GET on the bare app (same bytes)", () =>
      setup.parts.bareApp.inject({ method: "GET", url: setup.path }),
    ),
  );

  if (options === undefined) return { steps };
  // The app's reads append through the audit writer: stubbing its `append` takes the durable write out.
  const { auditBatcher } = setup.parts;
  const original = auditBatcher.append;
  const originalHas = blockStore.has;
  const originalGet = blockStore.get;
  (auditBatcher as { append: typeof original }).append = async () => 0;
  try {
    const withoutAudit = await runReadPathBench(setup, options);
    // Also serve the (immutable, content-addressed) envelope from memory instead of Helia's blockstore.
    const cached = new Map([[cid.toString(), envelope]]);
    (blockStore as { has: typeof originalHas }).has = async (key) => cached.has(key.toString()) || originalHas(key);
    (blockStore as { get: typeof originalGet }).get = async (key, ...rest) =>
      cached.get(key.toString()) ?? originalGet(key, ...rest);
    const withoutAuditCached = await runReadPathBench(setup, options);
    const summary = (result: typeof withoutAudit) => ({
      bareMedianRequestsPerSecond: result.bare.medianRequestsPerSecond,
      nodeMedianRequestsPerSecond: result.node.medianRequestsPerSecond,
      ratio: result.ratio,
    });
    return { steps, withoutAudit: summary(withoutAudit), withoutAuditCachedBlock: summary(withoutAuditCached) };
  } finally {
    (auditBatcher as { append: typeof original }).append = original;
    (blockStore as { has: typeof originalHas }).has = originalHas;
    (blockStore as { get: typeof originalGet }).get = originalGet;
  }
}
