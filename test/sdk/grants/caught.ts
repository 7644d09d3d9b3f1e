import { expect } from "chai";

/** Awaits `promise`, which must reject with an instance of `type`; returns that error for field checks. */
export async function caught<T extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    expect(error, `expected ${type.name}, got ${String(error)}`).to.be.instanceOf(type);
    return error as T;
  }
  expect.fail(`expected ${type.name}, but the call succeeded`);
}
