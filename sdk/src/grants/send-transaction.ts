/**
 * Internal: sends one contract write, waits for its receipt, maps reverts, and decodes the contract's events.
 * Every write of the SDK's contract clients (`grants/`, `anchors/`, `registries/`) goes through here.
 *
 * @module
 */
import type { ContractTransactionResponse, Interface, LogDescription } from "ethers";
import { ContractCallError, MissingEventError, decodeContractError } from "./contract-errors.ts";

/** The parts of a TypeChain binding this module uses. */
export type WritableContract = { interface: Interface; getAddress(): Promise<string> };

/** A mined write: its hash and the events the contract emitted in it, in log order. */
export type SentTransaction = {
  hash: string;
  events: LogDescription[];
};

/**
 * Runs `send` (a call on `contract`), waits for `confirmations`, and returns the hash and the parsed logs emitted
 * by `contract` itself. Reverts (at estimation or on-chain) go through `decodeError`.
 *
 * @example
 * ```ts
 * const { hash, events } = await sendTransaction({
 *   contract: accessGrants,
 *   send: () => accessGrants.revoke(grantee, dataId),
 * });
 * ```
 */
export async function sendTransaction({
  contract,
  send,
  confirmations = 1,
  decodeError = decodeContractError,
}: {
  contract: WritableContract;
  send: () => Promise<ContractTransactionResponse>;
  confirmations?: number;
  decodeError?: (error: unknown, contractInterface: Interface) => Error;
}): Promise<SentTransaction> {
  let receipt;
  try {
    const response = await send();
    receipt = await response.wait(confirmations);
  } catch (error) {
    throw decodeError(error, contract.interface);
  }
  if (receipt === null) throw new ContractCallError("The transaction was not mined.");
  const address = (await contract.getAddress()).toLowerCase();
  const events: LogDescription[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog(log);
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
