/**
 * `idem audit`: the owner's audit trail across the nodes: which grantee read which dataId, when, on which node,
 * newest first.
 */
import type { CommandInput } from "../command-input.ts";
import { connectUser } from "../context/roles.ts";
import { withSession } from "../context/session.ts";
import { parseBytes32 } from "../parse/bytes32.ts";
import { parsePositiveInteger } from "../parse/integer.ts";

/**
 * `idem audit` options.
 *
 * @example
 * ```ts
 * const options: AuditOptions = { dataId: "0x…", limit: "50" };
 * ```
 */
export type AuditOptions = { dataId?: string; limit?: string };

/**
 * Prints the trail.
 *
 * @example
 * ```ts
 * await audit({ options: { dataId }, globals, env: process.env, output });
 * ```
 */
export async function audit({ options, globals, env, output }: CommandInput<AuditOptions>): Promise<void> {
  const dataId = options.dataId === undefined ? undefined : parseBytes32(options.dataId, "--data-id");
  const limit = options.limit === undefined ? undefined : parsePositiveInteger(options.limit, "--limit");
  await withSession({ globals, env }, async (session) => {
    const user = await connectUser({ session, output });
    const { entries, failures } = await user.auditTrail({
      ...(dataId === undefined ? {} : { dataId }),
      ...(limit === undefined ? {} : { limit }),
    });
    output.result(
      { entries, failures },
      [
        entries.length === 0 ? "no reads recorded" : `${entries.length} read(s):`,
        ...entries.map(
          (entry) => `  ${entry.readAt.toISOString()}  ${entry.reader} read ${entry.dataId} on node ${entry.nodeId}`,
        ),
        ...failures.map((failure) => `  (${failure.nodeUrl} did not answer: ${failure.error.shortMessage})`),
      ].join("\n"),
    );
  });
}
