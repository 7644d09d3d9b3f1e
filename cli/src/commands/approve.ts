/**
 * `idem approve`: the two halves of approving a consumer's grant request by signature.
 *
 * - The owner (`--request-id <id>`) signs the approval (EIP-712, nothing sent, no gas) and stores the consumer's
 *   reader slot on the nodes; the signed approval is written as JSON to `--out` (else stdout) for the consumer.
 * - The consumer (`--relay <file>`) sends that approval on-chain and pays the gas: the grant exists from then on.
 */
import { writeFileSync } from "node:fs";

import type { SignedRequestApproval } from "../../../sdk/src/index.ts";
import type { CommandInput } from "../command-input.ts";
import { connectConsumer, connectUser } from "../context/roles.ts";
import { withSession } from "../context/session.ts";
import { CliError } from "../errors.ts";
import { toJson } from "../output.ts";
import { parseBytes32 } from "../parse/bytes32.ts";
import { readJsonFile } from "../read-json-file.ts";

/**
 * `idem approve` options: `requestId` (owner) or `relay` (consumer).
 *
 * @example
 * ```ts
 * const options: ApproveOptions = { requestId: "0x…", out: "approval.json" };
 * ```
 */
export type ApproveOptions = { requestId?: string; dataId?: string; out?: string; relay?: string };

/**
 * Signs, or relays, an approval.
 *
 * @example
 * ```ts
 * await approve({ options: { relay: "approval.json" }, globals, env: process.env, output });
 * ```
 */
export async function approve(input: CommandInput<ApproveOptions>): Promise<void> {
  const { options } = input;
  if ((options.requestId === undefined) === (options.relay === undefined)) {
    throw new CliError("Pass --request-id <id> (owner: sign) or --relay <file> (consumer: send).");
  }
  if (options.relay !== undefined) return relay({ ...input, options: { relay: options.relay } });
  return sign({ ...input, options: { ...options, requestId: options.requestId! } });
}

async function sign({
  options,
  globals,
  env,
  output,
}: CommandInput<ApproveOptions & { requestId: string }>): Promise<void> {
  const requestId = parseBytes32(options.requestId, "--request-id");
  const dataId = options.dataId === undefined ? undefined : parseBytes32(options.dataId, "--data-id");
  await withSession({ globals, env }, async (session) => {
    const user = await connectUser({ session, output });
    output.progress(`signing the approval of ${requestId}…`);
    const { approval, readerSlot } = await user.approveRequest({
      requestId,
      ...(dataId === undefined ? {} : { dataId }),
    });
    const text = `${toJson(approval, 2)}\n`;
    if (options.out !== undefined) writeFileSync(options.out, text);
    output.result(
      { ...(options.out === undefined ? { approval } : { file: options.out }), readerSlot },
      options.out === undefined
        ? text
        : `approval of ${requestId} for ${approval.authorization.grantee} written to ${options.out}\nsend it to the consumer: idem approve --relay ${options.out}`,
    );
  });
}

async function relay({ options, globals, env, output }: CommandInput<{ relay: string }>): Promise<void> {
  const approval = parseApproval(readJsonFile(options.relay, "--relay"), options.relay);
  await withSession({ globals, env }, async (session) => {
    const consumer = await connectConsumer({ session, output, signIn: false });
    output.progress(`relaying the approval of ${approval.requestId}…`);
    const approved = await consumer.relayApproval(approval);
    output.result(
      { ...approved },
      `granted ${approved.dataId} by ${approved.owner} to ${approved.grantee}\ngrant id: ${approved.grantId}\ntx: ${approved.hash}`,
    );
  });
}

/** A signed approval as `sign` writes it (bigints as decimal strings). */
function parseApproval(raw: Record<string, unknown>, path: string): SignedRequestApproval {
  const invalid = (): never => {
    throw new CliError(`--relay: ${path} is not a signed approval (from \`idem approve --request-id\`).`);
  };
  const text = (value: unknown): string => (typeof value === "string" && value !== "" ? value : invalid());
  const integer = (value: unknown): bigint =>
    typeof value === "string" && /^\d+$/.test(value) ? BigInt(value) : invalid();
  const authorization =
    typeof raw.authorization === "object" && raw.authorization !== null ? raw.authorization : invalid();
  const message = authorization as Record<string, unknown>;
  return {
    requestId: text(raw.requestId),
    dataId: text(raw.dataId),
    nonce: integer(raw.nonce),
    deadline: integer(raw.deadline),
    signature: text(raw.signature),
    authorization: {
      owner: text(message.owner),
      grantee: text(message.grantee),
      dataId: text(message.dataId),
      lockedUntil: integer(message.lockedUntil),
      expiresAt: integer(message.expiresAt),
      purpose: text(message.purpose),
      nonce: integer(message.nonce),
      deadline: integer(message.deadline),
    },
  };
}
