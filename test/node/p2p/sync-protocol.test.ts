import type { PeerId } from "@libp2p/interface";
import { expect } from "chai";

import { SyncFailedError, SyncTimeoutError } from "../../../node/src/p2p/errors.ts";
import { generateNetworkKey } from "../../../node/src/p2p/network-key.ts";
import { SYNC_MAX_MESSAGE_BYTES, handleSync, requestSync } from "../../../node/src/p2p/sync-protocol.ts";
import { rejection } from "./rejection.ts";
import { testNetwork } from "./test-network.ts";
import type { TestNode } from "./test-network.ts";

describe("p2p/sync-protocol", function () {
  this.timeout(20_000);
  const nodes = testNetwork();
  let a: TestNode;
  let b: TestNode;
  let stopServing: () => Promise<void>;
  const psk = generateNetworkKey();
  /** What B's handler does; each test sets it. */
  let answer: (request: Uint8Array, peerId: PeerId) => Promise<Uint8Array>;

  before(async function () {
    [a, b] = await Promise.all([nodes.start({ psk }), nodes.start({ psk })]);
    stopServing = await handleSync(b, (request, peerId) => answer(request, peerId));
    await a.dial(b.multiaddrs()[0]!);
  });

  after(async function () {
    await nodes.stopAll();
  });

  it("sends a request and returns the peer's answer, telling the handler who asked", async function () {
    let asker: PeerId | undefined;
    answer = async (request, peerId) => {
      asker = peerId;
      return new Uint8Array([...request].reverse());
    };
    const response = await requestSync(a, b.peerId, new Uint8Array([1, 2, 3]));
    expect(response).to.deep.equal(new Uint8Array([3, 2, 1]));
    expect(asker?.equals(a.peerId)).to.equal(true);
  });

  it("carries empty messages", async function () {
    answer = async () => new Uint8Array(0);
    expect(await requestSync(a, b.peerId, new Uint8Array(0))).to.deep.equal(new Uint8Array(0));
  });

  it("carries messages larger than libp2p's 4 MiB default, both ways", async function () {
    const big = new Uint8Array(6 * 1024 * 1024).map((_, index) => index % 253);
    answer = async (request) => request;
    expect(await requestSync(a, b.peerId, big, { timeoutMs: 15_000 })).to.deep.equal(big);
  });

  it("refuses a request over the size limit before sending it", async function () {
    const error = await rejection(requestSync(a, b.peerId, new Uint8Array(SYNC_MAX_MESSAGE_BYTES + 1)));
    expect(error).to.be.instanceOf(SyncFailedError);
    expect((error as SyncFailedError).shortMessage).to.contain("too large");
  });

  it("reports a failing handler as SyncFailedError, without the handler's own message", async function () {
    answer = async () => {
      throw new Error("internal detail: database path /var/idem");
    };
    const error = await rejection(requestSync(a, b.peerId, new Uint8Array([1])));
    expect(error).to.be.instanceOf(SyncFailedError);
    expect(error).to.not.be.instanceOf(SyncTimeoutError);
    expect((error as SyncFailedError).peerId).to.equal(b.peerId.toString());
    expect((error as Error).message).to.not.contain("internal detail");
  });

  it("times out with SyncTimeoutError when the peer does not answer in time", async function () {
    let release: () => void = () => undefined;
    answer = () =>
      new Promise((resolve) => {
        release = () => resolve(new Uint8Array([1]));
      });
    const started = performance.now();
    const error = await rejection(requestSync(a, b.peerId, new Uint8Array([1]), { timeoutMs: 300 }));
    release();
    expect(performance.now() - started).to.be.within(250, 3_000);
    expect(error).to.be.instanceOf(SyncTimeoutError);
    expect((error as SyncTimeoutError).timeoutMs).to.equal(300);
  });

  it("passes the caller's own abort through as is", async function () {
    let release: () => void = () => undefined;
    answer = () =>
      new Promise((resolve) => {
        release = () => resolve(new Uint8Array([1]));
      });
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    setTimeout(() => controller.abort(reason), 50);
    const error = await rejection(requestSync(a, b.peerId, new Uint8Array([1]), { signal: controller.signal }));
    release();
    expect(error).to.equal(reason);
  });

  it("gives a connected peer its gate now refuses, or whose check throws, the generic failure without running the handler", async function () {
    // Admitted when it connects (the same gate guards connections), refused afterwards.
    let gate: () => Promise<boolean> = async () => true;
    const guarded = await nodes.start({ psk, allowSync: () => gate() });
    let handled = 0;
    const stopGuarded = await handleSync(guarded, async (request) => {
      handled += 1;
      return request;
    });
    try {
      await a.dial(guarded.multiaddrs()[0]!);
      for (const refuse of [async () => false, async () => Promise.reject(new Error("registry down"))]) {
        gate = refuse;
        const error = await rejection(requestSync(a, guarded.peerId, new Uint8Array([1])));
        expect(error).to.be.instanceOf(SyncFailedError);
        expect((error as SyncFailedError).details).to.equal("the peer could not answer the sync request");
      }
      expect(handled).to.equal(0);
      gate = async () => true;
      expect(await requestSync(a, guarded.peerId, new Uint8Array([2]))).to.deep.equal(new Uint8Array([2]));
      expect(handled).to.equal(1);
    } finally {
      await stopGuarded();
    }
  });

  it("fails with SyncFailedError once the peer stops serving the protocol", async function () {
    answer = async (request) => request;
    await stopServing();
    const error = await rejection(requestSync(a, b.peerId, new Uint8Array([1])));
    expect(error).to.be.instanceOf(SyncFailedError);
    expect(error).to.not.be.instanceOf(SyncTimeoutError);
  });
});
