import { network } from "hardhat";

/**
 * The shared connection, fetched per call rather than at module top. Hardhat 3.18 creates its network manager
 * lazily without a lock (`network-manager/hook-handlers/hre.js`), so two *concurrent* first calls to
 * `network.getOrCreate()` -- e.g. sibling helper modules awaiting it at top level -- get two different chains.
 * By the time a helper function runs, the test file's own top-level call has settled and every call shares it.
 */
async function helpers() {
  return (await network.getOrCreate()).networkHelpers;
}

/** Timestamp of the latest mined block: what a view call sees. */
export async function latest(): Promise<bigint> {
  return BigInt(await (await helpers()).time.latest());
}

/** Makes the next mined block (the next transaction) carry `timestamp`. */
export async function setNextTimestamp(timestamp: bigint): Promise<void> {
  await (await helpers()).time.setNextBlockTimestamp(timestamp);
}

/** Mines an empty block at `timestamp`, so views read that time. */
export async function increaseTo(timestamp: bigint): Promise<void> {
  await (await helpers()).time.increaseTo(timestamp);
}

/**
 * Pins the time of the next transaction to `latest() + offset` and returns it, so a test can name the exact
 * `block.timestamp` a revert or an event will carry.
 */
export async function pinNextTimestamp(offset = 1n): Promise<bigint> {
  const timestamp = (await latest()) + offset;
  await setNextTimestamp(timestamp);
  return timestamp;
}
