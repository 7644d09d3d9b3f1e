/**
 * `idem revoke`: the owner ends a grant on-chain; the nodes stop serving the grantee within one poll. A grant
 * under a timelock cannot be revoked before its lock ends (the error says until when).
 */
import type { CommandInput } from "../command-input.ts";
import { connectUser } from "../context/roles.ts";
import { withSession } from "../context/session.ts";
import { parseAddress } from "../parse/address.ts";
import { parseBytes32 } from "../parse/bytes32.ts";

/**
 * `idem revoke` options.
 *
 * @example
 * ```ts
 * const options: RevokeOptions = { grantee: "0x…", dataId: "0x…" };
 * ```
 */
export type RevokeOptions = { grantee: string; dataId: string };

/**
 * Revokes the grant.
 *
 * @example
 * ```ts
 * await revokeCommand({ options: { grantee, dataId }, globals, env: process.env, output });
 * ```
 */
export async function revokeCommand({ options, globals, env, output }: CommandInput<RevokeOptions>): Promise<void> {
  const grantee = parseAddress(options.grantee, "--grantee");
  const dataId = parseBytes32(options.dataId, "--data-id");
  await withSession({ globals, env }, async (session) => {
    const user = await connectUser({ session, output, signIn: false });
    output.progress(`revoking ${grantee}'s grant of ${dataId}…`);
    const revoked = await user.revoke({ grantee, dataId });
    output.result({ ...revoked }, `revoked ${grantee}'s grant of ${dataId}\ntx: ${revoked.hash}`);
  });
}
