/**
 * `idem delete`: the owner asks for a dataId's deletion on-chain. It takes effect once every timelock on the
 * data has run out: if that is now, the command waits for the nodes to purge and shows each node's signed receipt
 * (checked against the node's address); otherwise it prints when the deletion takes effect.
 * `--receipts` skips the request and only fetches (or waits for) the receipts.
 */
import { getDeletionReceipts, type DeletionReceipt } from "../../../sdk/src/index.ts";
import type { CommandInput } from "../command-input.ts";
import { connectUser, signInReachable } from "../context/roles.ts";
import { withSession, type Session } from "../context/session.ts";
import { CliError } from "../errors.ts";
import type { Output } from "../output.ts";
import { parseBytes32 } from "../parse/bytes32.ts";
import { parsePositiveInteger } from "../parse/integer.ts";
import { isoTime } from "../parse/time.ts";

/**
 * `idem delete` options.
 *
 * @example
 * ```ts
 * const options: DeleteOptions = { dataId: "0x…", timeout: "60" };
 * ```
 */
export type DeleteOptions = { dataId: string; receipts?: boolean; timeout?: string };

/** How often the nodes are asked for receipts while waiting. */
const POLL_MS = 250;

/**
 * Requests the deletion and waits for the receipts when it is due.
 *
 * @example
 * ```ts
 * await deleteCommand({ options: { dataId }, globals, env: process.env, output });
 * ```
 */
export async function deleteCommand({ options, globals, env, output }: CommandInput<DeleteOptions>): Promise<void> {
  const dataId = parseBytes32(options.dataId, "--data-id");
  const timeoutMs = parsePositiveInteger(options.timeout ?? "60", "--timeout") * 1000;
  await withSession({ globals, env }, async (session) => {
    let effectiveAt: bigint | undefined;
    let hash: string | undefined;
    if (options.receipts !== true) {
      const user = await connectUser({ session, output, signIn: false });
      output.progress(`requesting the deletion of ${dataId}…`);
      ({ effectiveAt, hash } = await user.requestDeletion({ dataId }));
      // Due at once unless a lock delays it past the block that recorded the request.
      const requestedAt = (await (await session.chain.provider.getTransactionReceipt(hash))?.getBlock())?.timestamp;
      if (requestedAt === undefined || effectiveAt > BigInt(requestedAt)) {
        output.result(
          { dataId, hash, effectiveAt, pending: true },
          `deletion of ${dataId} requested; a timelock delays it until ${isoTime(effectiveAt)}\nthe nodes purge it then; fetch the receipts with: idem delete --data-id ${dataId} --receipts\ntx: ${hash}`,
        );
        return;
      }
    }
    const receipts = await waitForReceipts({ session, output, dataId, timeoutMs });
    output.result(
      { dataId, ...(hash === undefined ? {} : { hash, effectiveAt }), pending: false, receipts },
      [
        `deleted ${dataId}: ${receipts.length} of ${session.nodeUrls.length} node(s) signed a receipt`,
        ...receipts.map((receipt) => `  ${receipt.node} purged it at ${isoTime(receipt.purgedAt)} (signature ok)`),
      ].join("\n"),
    );
  });
}

/** Polls the nodes until every node of the network has a receipt, or the timeout. */
async function waitForReceipts({
  session,
  output,
  dataId,
  timeoutMs,
}: {
  session: Session;
  output: Output;
  dataId: string;
  timeoutMs: number;
}): Promise<DeletionReceipt[]> {
  const { chain, wallet, nodeUrls, network } = session;
  const sessions = await signInReachable({ nodeUrls, wallet, chainId: chain.chainId, output });
  const expected = new Set(network.nodes.map((node) => node.address));
  output.progress(`waiting for ${expected.size} node(s) to purge and sign a receipt…`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { receipts } = await getDeletionReceipts({ sessions, chainId: chain.chainId, dataId });
    const genuine = receipts.filter((receipt) => expected.has(receipt.node));
    if (genuine.length >= expected.size) return genuine;
    if (Date.now() > deadline) {
      if (genuine.length > 0) return genuine;
      throw new CliError(`No node has signed a receipt for ${dataId} within ${timeoutMs / 1000} s.`, {
        hint: `try again later: idem delete --data-id ${dataId} --receipts`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
