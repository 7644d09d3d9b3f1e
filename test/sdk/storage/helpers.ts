/**
 * Storage-client test helpers: a real node app listening on 127.0.0.1 (SQLite store in a temp directory, chain
 * gateway over Hardhat's in-process chain), closed ports, and tiny stand-in HTTP servers for failure modes a real
 * node never produces (a stall, a proxy's HTML page, a body that echoes the bearer token).
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";

import type { ChainGateway } from "../../../node/src/chain/types.ts";
import { build } from "../../node/helpers/build.ts";
import type { Built } from "../../node/helpers/build.ts";

export { HARDHAT_TEST_KEY, cleanup, hardhatGateway } from "../../node/helpers/build.ts";
export { HARDHAT_CHAIN_ID } from "../../node/helpers/config.ts";

/** A port on 127.0.0.1 that nothing listens on (bound by the OS, then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

/**
 * Builds a node whose public URL is the address it listens on (`http://127.0.0.1:<port>`), so the SIWE binding the
 * node announces matches the URL the client uses, and starts listening. `cleanup()` closes it.
 * `publicUrl` overrides the announced URL (to test a node that names another site).
 */
export async function startNode({ chain, publicUrl }: { chain?: ChainGateway; publicUrl?: string } = {}): Promise<
  Built & { url: string }
> {
  // The port is chosen before the app is built (its public URL is fixed at build); retry if another process
  // takes it in between.
  for (let attempt = 1; ; attempt += 1) {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const built = await build({ http: { publicUrl: publicUrl ?? url }, ...(chain === undefined ? {} : { chain }) });
    try {
      await built.app.listen({ host: "127.0.0.1", port });
      return { ...built, url };
    } catch (error) {
      if (attempt >= 3 || (error as { code?: string }).code !== "EADDRINUSE") throw error;
    }
  }
}

/** A stand-in HTTP server on 127.0.0.1 with `handler`; returns its URL and a `close`. */
export async function startStub(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
