/**
 * Internal: sends one contract write, waits for its receipt, maps reverts, and decodes the contract's events.
 * Every write in `grants/` and `anchors/` goes through here.
 *
 * @module
 */
import type { ContractTransactionResponse, LogDescription } from "ethers";
import type { AccessGrants } from "../../../types/ethers-contracts/index.js";
import { ContractCallError, MissingEventError, decodeContractError } from "./contract-errors.ts";

/** A mined write: its hash and the events the contract emitted in it, in log order. */
export type SentTransaction = {
  hash: string;
  events: LogDescription[];
};

/**
 * Runs `send` (a call on `accessGrants`), waits for `confirmations`, and returns the hash and the parsed logs
 * emitted by `accessGrants` itself. Reverts (at estimation or on-chain) go through `decodeContractError`.
 *
 * @example
 * ```ts
 * const { hash, events } = await sendTransaction({ accessGrants, send: () => accessGrants.revoke(grantee, dataId) });
 * ```
 */
export async function sendTransaction({
  accessGrants,
  send,
  confirmations = 1,
}: {
  accessGrants: AccessGrants;
  send: () => Promise<ContractTransactionResponse>;
  confirmations?: number;
}): Promise<SentTransaction> {
  let receipt;
  try {
    const response = await send();
    receipt = await response.wait(confirmations);
  } catch (error) {
    throw decodeContractError(error, accessGrants.interface);
  }
  if (receipt === null) throw new ContractCallError("The transaction was not mined.");
  const address = (await accessGrants.getAddress()).toLowerCase();
  const events: LogDescription[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = accessGrants.interface.parseLog(log);
    if (parsed !== null) events.push(parsed);
  }
  return { hash: receipt.hash, events };
}

/**
 * The events named `eventName` in `sent`; throws {@link MissingEventError} if there is none.
 *
 * @example
 * ```ts
 * const [granted] = requireEvents(sent, "Granted");
 * ```
 */
export function requireEvents(sent: SentTransaction, eventName: string): [LogDescription, ...LogDescription[]] {
  const found = sent.events.filter((event) => event.name === eventName);
  const [first, ...rest] = found;
  if (first === undefined) throw new MissingEventError({ eventName, hash: sent.hash });
  return [first, ...rest];
}
