/**
 * Helia's only router on an Idem node: it finds nothing and announces nothing.
 *
 * Without it, `withLibp2pLight` adds a router over libp2p's content and peer routing. With no DHT that router finds
 * nothing either, but it makes `blockstore.delete` fail (`cancelReprovide` throws `NoContentRoutersError`), and it
 * would start announcing CIDs the day someone adds a content router to the libp2p config. This router takes its
 * name, so `withLibp2pLight` keeps it instead (it adds its own only when no router has that name). Blocks still move:
 * bitswap asks every connected Idem peer directly.
 */
import type { Provider, Router } from "helia";

/** The name `@helia/libp2p` checks before adding its own router. */
export const LIBP2P_ROUTER_NAME = "libp2p-router";

/**
 * Creates the closed router: no providers found, nothing provided, nothing to cancel.
 *
 * @example
 * ```ts
 * const helia = createHeliaLight({ blockstore, datastore, routers: [closedRouting()] });
 * ```
 */
export function closedRouting(): Router {
  return {
    name: LIBP2P_ROUTER_NAME,
    async *findProviders(): AsyncGenerator<Provider> {
      return;
    },
    async provide() {
      // Never announce a CID: blocks are user data and stay inside the private network.
    },
    async cancelReprovide() {
      // Nothing was ever provided.
    },
  };
}
