/**
 * `idem store`: the owner seals a credential (or any file) for their own key (and optional readers' registered
 * keys) and writes it to the nodes, acknowledged by a quorum. A dataId nobody anchored is anchored to the owner
 * first; an issuer-anchored credential is stored under its dataId (`--data-id`).
 */
import { readFileSync } from "node:fs";

import type { StoreCredentialParameters } from "../../../sdk/src/index.ts";
import type { CommandInput } from "../command-input.ts";
import { connectUser } from "../context/roles.ts";
import { withSession } from "../context/session.ts";
import { CliError } from "../errors.ts";
import { parseAddress } from "../parse/address.ts";
import { parseBytes32 } from "../parse/bytes32.ts";
import { readJsonFile } from "../read-json-file.ts";

/**
 * `idem store` options.
 *
 * @example
 * ```ts
 * const options: StoreOptions = { credential: "kyc.json", dataId: "0x…", reader: ["0x…"] };
 * ```
 */
export type StoreOptions = { credential?: string; file?: string; dataId?: string; reader?: string[] };

/**
 * Stores the data and prints its dataId, CID and the nodes that took it.
 *
 * @example
 * ```ts
 * await store({ options: { file: "passport.pdf" }, globals, env: process.env, output });
 * ```
 */
export async function store({ options, globals, env, output }: CommandInput<StoreOptions>): Promise<void> {
  const payload = payloadOf(options);
  const readers = (options.reader ?? []).map((reader) => parseAddress(reader, "--reader"));
  const dataId = options.dataId === undefined ? undefined : parseBytes32(options.dataId, "--data-id");
  await withSession({ globals, env }, async (session) => {
    const user = await connectUser({ session, output });
    output.progress("sealing and writing to the nodes…");
    const stored = await user.storeCredential({ ...payload, readers, ...(dataId === undefined ? {} : { dataId }) });
    output.result(
      { ...stored },
      [
        `stored ${stored.dataId}`,
        `cid:   ${stored.cid}`,
        `nodes: ${stored.stored.join(", ")}`,
        ...(stored.anchorHash === undefined ? [] : [`anchored to ${session.wallet.address} (tx ${stored.anchorHash})`]),
      ].join("\n"),
    );
  });
}

function payloadOf(options: StoreOptions): StoreCredentialParameters {
  if ((options.credential === undefined) === (options.file === undefined)) {
    throw new CliError("Pass either --credential <file> or --file <file>.");
  }
  if (options.credential !== undefined) return { credential: readJsonFile(options.credential, "--credential") };
  try {
    return { bytes: readFileSync(options.file!) };
  } catch {
    throw new CliError(`--file: cannot read ${options.file}.`);
  }
}
