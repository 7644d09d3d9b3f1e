/**
 * The scenario's steps. Each one acts through the SDK as its role would, then checks the outcome against the chain
 * or the nodes (a read that returned the plaintext, an HTTP 403 from every node, a signed receipt per node) and
 * throws {@link ScenarioCheckError} when it does not hold. Each returns a short note for the progress list.
 */
import { getBytes, id, parseEther, type JsonRpcProvider } from "ethers";

import {
  GrantLockedError,
  KYC_SCHEMA_TYPE,
  NodeHttpError,
  getAnchor,
  getDeletionReceipts,
  getEnvelope,
  getGrant,
  getRequest,
  open,
  schemaId,
  signInAll,
  type KycCredential,
} from "../../../sdk/src/index.ts";
import type { IdemNetwork } from "../network/network-file.ts";
import type { Actors } from "./actors.ts";
import { check } from "./scenario-error.ts";
import type { ScenarioStep } from "./steps.ts";

/** How long the lock the exchange asks for runs: five years (AML record keeping). */
const LOCK_SECONDS = 5n * 365n * 86_400n;

/** What the steps hand on to each other. */
export type ScenarioState = {
  network: IdemNetwork;
  provider: JsonRpcProvider;
  increaseTime: (seconds: bigint) => Promise<void>;
  actors: Actors;
  credential?: KycCredential;
  dataId?: string;
  requestId?: string;
  lockedUntil?: bigint;
};

/** One step: acts, checks, and returns the note shown after its tick. */
export type StepAction = (state: ScenarioState) => Promise<string>;

/**
 * The action of every step, by key.
 *
 * @example
 * ```ts
 * const note = await STEP_ACTIONS.issued(state);
 * ```
 */
export const STEP_ACTIONS: Readonly<Record<ScenarioStep, StepAction>> = {
  async issued(state) {
    const { issuer, issuerAddress, statusList, exchange, userWallet, accessGrants } = state.actors;
    const { credential, dataId } = await issuer.issueAndAnchor({
      subject: userWallet.address,
      claims: { kycLevel: "enhanced", ageOver18: true, residenceCountry: "DE" },
      statusList: { credential: statusList, index: 7 },
    });
    const { verified } = await exchange.verify({
      credential,
      trustedIssuers: [issuer.did],
      statusLists: [statusList],
    });
    check(verified, "the issued credential does not verify");
    const anchor = await getAnchor({ accessGrants, dataId });
    check(anchor.owner === userWallet.address, "the dataId is not anchored to the user");
    check(anchor.issuer === issuerAddress, "the anchor does not name the issuer");
    check(anchor.schema === schemaId(KYC_SCHEMA_TYPE), "the anchor does not carry the KYC schema");
    Object.assign(state, { credential, dataId });
    return `dataId ${short(dataId)}, issuer ${short(issuer.did)}`;
  },

  async stored(state) {
    const { user, userWallet, userKey } = state.actors;
    const { credential, dataId } = need(state, "credential", "dataId");
    const { cid, stored } = await user.storeCredential({ credential, dataId });
    check(stored.length >= 2, `the write was acknowledged by ${stored.length} node(s), not 2 or more`);
    const sessions = await signInAll({ nodeUrls: nodeUrls(state), signer: userWallet, chainId: chainId(state) });
    const plaintext = JSON.stringify(credential);
    for (const session of sessions) {
      const got = await eventually(() => getEnvelope({ sessions: [session], chainId: chainId(state), dataId }));
      check(got.cid === cid, `${session.nodeUrl} holds another envelope`);
      const bytes = open({
        envelope: got.envelope,
        keyPair: userKey,
        chainId: chainId(state),
        dataId: getBytes(dataId),
      });
      check(new TextDecoder().decode(bytes) === plaintext, `${session.nodeUrl} serves bytes that do not open`);
    }
    return `acknowledged by ${stored.length}, held by all ${sessions.length} nodes, CID ${short(cid)}`;
  },

  async grantRequested(state) {
    const { exchange, exchangeWallet, userWallet, accessGrants } = state.actors;
    const { dataId } = need(state, "dataId");
    await exchange.registerKey();
    const lockedUntil = (await chainTime(state)) + LOCK_SECONDS;
    const { requestId } = await exchange.requestGrant({
      owner: userWallet.address,
      dataId,
      lockedUntil,
      purpose: id("aml-record-keeping"),
    });
    const request = await getRequest({ accessGrants, requestId });
    check(request.status === "Open", `the request is ${request.status}, not Open`);
    check(request.consumer === exchangeWallet.address, "the request does not name the exchange");
    check(request.lockedUntil === lockedUntil, "the request does not carry the 5-year lock");
    Object.assign(state, { requestId, lockedUntil });
    return `locked until ${isoDate(lockedUntil)}`;
  },

  async granted(state) {
    const { user, exchange, exchangeWallet, userWallet, accessGrants } = state.actors;
    const { dataId, requestId, lockedUntil } = need(state, "dataId", "requestId", "lockedUntil");
    const { approval } = await user.approveRequest({ requestId, dataId });
    const relayed = await exchange.relayApproval(approval);
    const grant = await getGrant({ accessGrants, owner: userWallet.address, grantee: exchangeWallet.address, dataId });
    check(grant.exists, "no grant on-chain after the relay");
    check(grant.lockedUntil === lockedUntil, "the grant does not carry the requested lock");
    check(await exchange.isGranted({ owner: userWallet.address, dataId }), "isGranted is false");
    return `grant ${short(grant.grantId)} in tx ${short(relayed.hash)}`;
  },

  async readByGrantee(state) {
    const { exchange, issuer, statusList, userWallet, vault } = state.actors;
    const { credential, dataId } = need(state, "credential", "dataId");
    const read = await exchange.read({ dataId });
    check(JSON.stringify(read.json()) === JSON.stringify(credential), "the exchange read other bytes than were stored");
    const { verified, checks } = await exchange.verify({
      credential: read.json(),
      trustedIssuers: [issuer.did],
      statusLists: [statusList],
    });
    check(verified, `the credential read back does not verify (${JSON.stringify(checks)})`);
    const deposit = parseEther("1");
    await (await vault.connect(userWallet).deposit(dataId, { value: deposit })).wait();
    check((await vault.balanceOf(userWallet.address)) === deposit, "the KYC-gated vault did not take the deposit");
    return `from ${read.nodeUrl}, signature and status ok; vault deposit of 1 ETH accepted`;
  },

  async revokeRefusedWhileLocked(state) {
    const { user, exchange, exchangeWallet, userWallet } = state.actors;
    const { dataId } = need(state, "dataId");
    const refusal = await user.revoke({ grantee: exchangeWallet.address, dataId }).then(
      () => undefined,
      (error: unknown) => error,
    );
    check(refusal instanceof GrantLockedError, `the revoke was not refused with GrantLockedError (${String(refusal)})`);
    check(await exchange.isGranted({ owner: userWallet.address, dataId }), "the grant is gone after a refused revoke");
    return refusal.shortMessage;
  },

  async revokedAfterLock(state) {
    const { user, exchange, exchangeWallet, userWallet } = state.actors;
    const { dataId, lockedUntil } = need(state, "dataId", "lockedUntil");
    await state.increaseTime(lockedUntil - (await chainTime(state)) + 86_400n);
    check((await chainTime(state)) > lockedUntil, "the chain's clock did not move past the lock");
    await user.revoke({ grantee: exchangeWallet.address, dataId });
    check(!(await exchange.isGranted({ owner: userWallet.address, dataId })), "the grant is live after the revoke");
    return `chain time now ${isoDate(await chainTime(state))}`;
  },

  async deniedAfterRevoke(state) {
    const { exchangeWallet } = state.actors;
    const { dataId } = need(state, "dataId");
    const sessions = await signInAll({ nodeUrls: nodeUrls(state), signer: exchangeWallet, chainId: chainId(state) });
    for (const session of sessions) {
      const denial = await getEnvelope({ sessions: [session], chainId: chainId(state), dataId }).then(
        () => undefined,
        (error: unknown) => error,
      );
      check(denial instanceof NodeHttpError && denial.status === 403, `${session.nodeUrl} did not answer 403`);
    }
    return `403 from ${sessions.length} of ${sessions.length} nodes`;
  },

  async deletionRequested(state) {
    const { user, accessGrants } = state.actors;
    const { dataId } = need(state, "dataId");
    const { effectiveAt } = await user.requestDeletion({ dataId });
    const anchor = await getAnchor({ accessGrants, dataId });
    check(anchor.deletionRequestedAt > 0n, "the anchor shows no deletion request");
    check(effectiveAt <= (await chainTime(state)), "the deletion is delayed although no lock runs");
    return `effective ${isoDate(effectiveAt)}`;
  },

  async purgedOnAllNodes(state) {
    const { userWallet, nodeRegistry } = state.actors;
    const { dataId } = need(state, "dataId");
    const sessions = await signInAll({ nodeUrls: nodeUrls(state), signer: userWallet, chainId: chainId(state) });
    const expected = state.network.nodes.map((node) => node.address);
    const receipts = await eventually(async () => {
      const { receipts: found } = await getDeletionReceipts({ sessions, chainId: chainId(state), dataId });
      const missing = expected.filter((address) => !found.some((receipt) => receipt.node === address));
      if (missing.length > 0) throw new Error(`no receipt yet from ${missing.join(", ")}`);
      return found;
    });
    for (const receipt of receipts) {
      check(await nodeRegistry.isActive(receipt.node), `${receipt.node} signed a receipt but is not a registered node`);
    }
    for (const session of sessions) {
      const gone = await getEnvelope({ sessions: [session], chainId: chainId(state), dataId }).then(
        () => undefined,
        (error: unknown) => error,
      );
      check(gone instanceof NodeHttpError && gone.status === 404, `${session.nodeUrl} still serves the data`);
    }
    return `${receipts.length} signed receipts from registered nodes; every node answers 404`;
  },
};

/** The values of `keys` in `state`, which earlier steps must have set. */
function need<K extends keyof ScenarioState>(state: ScenarioState, ...keys: K[]): Required<Pick<ScenarioState, K>> {
  for (const key of keys) check(state[key] !== undefined, `an earlier step did not produce ${key}`);
  // Safe: every key in `keys` was just checked to be set.
  return state as unknown as Required<Pick<ScenarioState, K>>;
}

const nodeUrls = (state: ScenarioState): string[] => state.network.nodes.map((node) => node.url);
const chainId = (state: ScenarioState): bigint => BigInt(state.network.chainId);

async function chainTime(state: ScenarioState): Promise<bigint> {
  const block = await state.provider.getBlock("latest");
  check(block !== null, "the chain has no latest block");
  return BigInt(block.timestamp);
}

/** Calls `attempt` until it resolves (every 100 ms, at most `ms`), then returns its value or its last error. */
async function eventually<T>(attempt: () => Promise<T>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const short = (text: string): string => (text.length > 20 ? `${text.slice(0, 10)}…${text.slice(-6)}` : text);
const isoDate = (seconds: bigint): string => new Date(Number(seconds) * 1000).toISOString().slice(0, 10);
