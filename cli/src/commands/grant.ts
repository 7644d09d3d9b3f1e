/**
 * `idem grant`: the owner grants a dataId to a grantee directly (on-chain grant, then a reader slot on the nodes
 * wrapped for the grantee's registered key).
 */
import type { CommandInput } from "../command-input.ts";
import { connectUser } from "../context/roles.ts";
import { withSession } from "../context/session.ts";
import { parseAddress } from "../parse/address.ts";
import { parseBytes32 } from "../parse/bytes32.ts";
import { parseGrantTerms, type GrantTermOptions } from "../parse/grant-terms.ts";
import { isoTime } from "../parse/time.ts";

/**
 * `idem grant` options.
 *
 * @example
 * ```ts
 * const options: GrantOptions = { grantee: "0x…", dataId: "0x…", purpose: "age-check", expiresAt: "2031-01-01" };
 * ```
 */
export type GrantOptions = GrantTermOptions & { grantee: string; dataId: string };

/**
 * Grants and prints the grant id.
 *
 * @example
 * ```ts
 * await grantCommand({ options: { grantee, dataId }, globals, env: process.env, output });
 * ```
 */
export async function grantCommand({ options, globals, env, output }: CommandInput<GrantOptions>): Promise<void> {
  const grantee = parseAddress(options.grantee, "--grantee");
  const dataId = parseBytes32(options.dataId, "--data-id");
  const resolveTerms = parseGrantTerms(options);
  await withSession({ globals, env }, async (session) => {
    const terms = await resolveTerms(session.wallet);
    const user = await connectUser({ session, output });
    output.progress(`granting ${dataId} to ${grantee}…`);
    const granted = await user.grant({ grantee, dataId, ...terms });
    output.result(
      { ...granted },
      [
        `granted ${dataId} to ${grantee}`,
        `grant id: ${granted.grantId}`,
        ...(granted.lockedUntil === 0n ? [] : [`locked until ${isoTime(granted.lockedUntil)}`]),
        ...(granted.expiresAt === 0n ? [] : [`expires at ${isoTime(granted.expiresAt)}`]),
        `reader slot on: ${granted.readerSlot.stored.join(", ")}`,
        `tx: ${granted.hash}`,
      ].join("\n"),
    );
  });
}
