/**
 * Builds the `credentialStatus` entry that points a credential at one index of a status list.
 *
 * @module
 */
import { decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { StatusListError } from "./errors.ts";
import type { StatusListCredential, StatusPurpose } from "./status-list.ts";

/**
 * A `BitstringStatusListEntry` as it appears in a credential's `credentialStatus`.
 *
 * @example
 * ```ts
 * const entry: StatusListEntry = await statusListEntry({ statusListCredential, index: 7 });
 * entry.statusListIndex; // "7"
 * ```
 */
export type StatusListEntry = {
  id: string;
  type: "BitstringStatusListEntry";
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
};

/**
 * The entry for `index` in `statusListCredential`. The issuer picks indexes (at random, never reusing one, so that
 * neighbouring indexes do not reveal issuance order) and records which credential holds which.
 *
 * @example
 * ```ts
 * const credential = await issueKycCredential({
 *   issuerKey,
 *   subjectDid,
 *   claims,
 *   credentialStatus: [
 *     await statusListEntry({ statusListCredential: revocationList, index: 9_117 }),
 *     await statusListEntry({ statusListCredential: suspensionList, index: 9_117 }),
 *   ],
 * });
 * ```
 */
export async function statusListEntry({
  statusListCredential,
  index,
}: {
  statusListCredential: StatusListCredential;
  index: number;
}): Promise<StatusListEntry> {
  const { length } = await decodeStatusList({ statusListCredential });
  if (!Number.isSafeInteger(index) || index < 0 || index >= length) {
    throw new StatusListError("Invalid status list index.", { details: `the index must be in [0, ${length})` });
  }
  return {
    id: `${statusListCredential.id}#${index}`,
    type: "BitstringStatusListEntry",
    statusPurpose: statusListCredential.credentialSubject.statusPurpose,
    statusListIndex: String(index),
    statusListCredential: statusListCredential.id,
  };
}

/**
 * Decodes the bitstring of a status list credential.
 *
 * @internal Not exported from the SDK's index.
 * @example
 * ```ts
 * const list = await decodeStatusList({ statusListCredential });
 * list.getStatus(7); // false
 * ```
 */
export async function decodeStatusList({ statusListCredential }: { statusListCredential: StatusListCredential }) {
  try {
    return await decodeList({ encodedList: statusListCredential.credentialSubject.encodedList });
  } catch (cause) {
    throw new StatusListError("Invalid status list.", { details: "encodedList does not decode", cause });
  }
}
