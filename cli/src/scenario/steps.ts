/**
 * The guided scenario's ten steps, in order: their summary keys and what the progress list calls them.
 */

/**
 * Each step's key in the summary's `steps`, in the order they run.
 *
 * @example
 * ```ts
 * const steps = Object.fromEntries(SCENARIO_STEPS.map((key) => [key, false]));
 * ```
 */
export const SCENARIO_STEPS = [
  "issued",
  "stored",
  "grantRequested",
  "granted",
  "readByGrantee",
  "revokeRefusedWhileLocked",
  "revokedAfterLock",
  "deniedAfterRevoke",
  "deletionRequested",
  "purgedOnAllNodes",
] as const;

/** One step's key. */
export type ScenarioStep = (typeof SCENARIO_STEPS)[number];

/**
 * The line each step shows in the progress list.
 *
 * @example
 * ```ts
 * console.log(STEP_TITLES.stored); // "The user stores it encrypted on the nodes"
 * ```
 */
export const STEP_TITLES: Readonly<Record<ScenarioStep, string>> = {
  issued: "The issuer signs a KYC credential (VC 2.0) for the user and anchors it on-chain",
  stored: "The user stores it encrypted, replicated on every node",
  grantRequested: "The exchange requests a 5-year timelocked grant for AML record keeping",
  granted: "The user approves by signature; the exchange relays it on-chain",
  readByGrantee: "The exchange reads, decrypts and verifies it; the KYC-gated vault accepts the user",
  revokeRefusedWhileLocked: "The user's revoke is refused while the lock runs",
  revokedAfterLock: "Five years pass; the user's revoke succeeds",
  deniedAfterRevoke: "Every node denies the exchange (HTTP 403)",
  deletionRequested: "The user requests deletion on-chain",
  purgedOnAllNodes: "Every node purges the data and signs a deletion receipt",
};
