/**
 * `idem request-grant`: a consumer records on-chain a request for a grant to an owner's dataId (or any of their
 * data), with a purpose and optional lock and expiry. The owner approves it with `idem approve`.
 */
import type { CommandInput } from "../command-input.ts";
import { connectConsumer } from "../context/roles.ts";
import { withSession } from "../context/session.ts";
import { parseAddress } from "../parse/address.ts";
import { parseBytes32 } from "../parse/bytes32.ts";
import { parseGrantTerms, type GrantTermOptions } from "../parse/grant-terms.ts";
import { isoTime } from "../parse/time.ts";

/**
 * `idem request-grant` options.
 *
 * @example
 * ```ts
 * const options: RequestGrantOptions = { owner: "0x…", dataId: "0x…", purpose: "aml-record-keeping", lockYears: "5" };
 * ```
 */
export type RequestGrantOptions = GrantTermOptions & { owner: string; dataId?: string };

/**
 * Sends the request and prints its id.
 *
 * @example
 * ```ts
 * await requestGrantCommand({ options: { owner, dataId, purpose: "kyc" }, globals, env: process.env, output });
 * ```
 */
export async function requestGrantCommand({
  options,
  globals,
  env,
  output,
}: CommandInput<RequestGrantOptions>): Promise<void> {
  const owner = parseAddress(options.owner, "--owner");
  const dataId = options.dataId === undefined ? undefined : parseBytes32(options.dataId, "--data-id");
  const resolveTerms = parseGrantTerms(options);
  await withSession({ globals, env }, async (session) => {
    const terms = await resolveTerms(session.wallet);
    const consumer = await connectConsumer({ session, output, signIn: false });
    output.progress(`requesting a grant from ${owner}…`);
    const requested = await consumer.requestGrant({ owner, ...(dataId === undefined ? {} : { dataId }), ...terms });
    output.result(
      { ...requested },
      [
        `request ${requested.requestId}`,
        `owner: ${owner}, data: ${dataId ?? "any"}`,
        ...(requested.lockedUntil === 0n ? [] : [`locked until ${isoTime(requested.lockedUntil)}`]),
        ...(requested.expiresAt === 0n ? [] : [`expires at ${isoTime(requested.expiresAt)}`]),
        `tx: ${requested.hash}`,
      ].join("\n"),
    );
  });
}
