/**
 * `idem anchor`: the issuer anchors a credential's dataId on-chain to its subject (owner, issuer, schema), so the
 * subject can store it and dApps can check it. The owner is the credential's did:pkh subject unless `--owner`.
 */
import { hexlify, randomBytes } from "ethers";

import { KYC_SCHEMA_TYPE, anchorCredential, parsePkhDid, schemaId } from "../../../sdk/src/index.ts";
import type { CommandInput } from "../command-input.ts";
import { withSession } from "../context/session.ts";
import { CliError } from "../errors.ts";
import { parseAddress } from "../parse/address.ts";
import { parseBytes32 } from "../parse/bytes32.ts";
import { readJsonFile } from "../read-json-file.ts";

/**
 * `idem anchor` options.
 *
 * @example
 * ```ts
 * const options: AnchorOptions = { credential: "kyc.json" };
 * ```
 */
export type AnchorOptions = {
  credential?: string;
  owner?: string;
  dataId?: string;
  /** The credential type the schema id is hashed from (default: the KYC credential's). */
  schema?: string;
};

/**
 * Anchors a fresh (or the given) dataId.
 *
 * @example
 * ```ts
 * await anchor({ options: { credential: "kyc.json" }, globals, env: process.env, output });
 * ```
 */
export async function anchor({ options, globals, env, output }: CommandInput<AnchorOptions>): Promise<void> {
  const owner = ownerOf(options);
  const dataId = options.dataId === undefined ? hexlify(randomBytes(32)) : parseBytes32(options.dataId, "--data-id");
  await withSession({ globals, env }, async (session) => {
    output.progress(`anchoring ${dataId} to ${owner}…`);
    const anchored = await anchorCredential({
      accessGrants: session.chain.accessGrants.connect(session.wallet),
      dataId,
      owner,
      schema: schemaId(options.schema ?? KYC_SCHEMA_TYPE),
    });
    await session.afterChainWrite(anchored);
    output.result(
      { dataId: anchored.dataId, owner, issuer: session.wallet.address, hash: anchored.hash },
      `anchored ${anchored.dataId}\nowner:  ${owner}\nissuer: ${session.wallet.address}\ntx: ${anchored.hash}`,
    );
  });
}

function ownerOf(options: AnchorOptions): string {
  if (options.owner !== undefined) return parseAddress(options.owner, "--owner");
  if (options.credential === undefined) throw new CliError("Pass --credential <file> or --owner <address>.");
  const subject = (readJsonFile(options.credential, "--credential").credentialSubject ?? {}) as { id?: unknown };
  if (typeof subject.id !== "string") throw new CliError(`--credential: ${options.credential} names no subject.`);
  return parsePkhDid({ did: subject.id }).address;
}
