/**
 * Role-facade test setup: the data-nodes fixture (three real nodes, real contracts on Hardhat's in-process chain,
 * a GrantReader polled after each chain write) with the shared part of every facade's context.
 */
import { network } from "hardhat";

import type { RoleContext } from "../../../sdk/src/roles/role-context.ts";
import { HARDHAT_CHAIN_ID } from "../../node/helpers/config.ts";
import { dataNodesFixture } from "../storage/data-nodes.ts";

/** Three data nodes, the contracts, and `shared`: a role context's fields other than signer and sessions. */
export async function rolesFixture() {
  const { networkHelpers } = await network.getOrCreate();
  // The flows move chain time by years; the snapshot lets `close` put it back for the suites that run next.
  const snapshot = await networkHelpers.takeSnapshot();
  const f = await dataNodesFixture({ count: 3 });
  const shared = {
    accessGrants: f.accessGrants,
    keyRegistry: f.keyRegistry,
    chainId: BigInt(HARDHAT_CHAIN_ID),
    afterChainWrite: f.poll,
  } satisfies Omit<RoleContext, "signer" | "sessions">;
  return {
    ...f,
    networkHelpers,
    shared,
    nodeUrls: f.nodes.map((node) => node.url),
    async close() {
      await f.close();
      await snapshot.restore();
    },
  };
}

export type RolesFixture = Awaited<ReturnType<typeof rolesFixture>>;

/** Seconds in 365 days. */
export const YEAR = 365n * 86_400n;
