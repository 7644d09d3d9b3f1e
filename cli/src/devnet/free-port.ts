/**
 * Picking TCP ports on 127.0.0.1 for the devnet's servers.
 */
import { createServer } from "node:net";

/**
 * `preferred` if nothing listens on it (0: any free port), else a free port the system picks. A server's public URL
 * must name its real port before it starts, so the port is chosen first.
 *
 * @example
 * ```ts
 * const port = await pickPort(8545); // 8545, or another free port if 8545 is taken
 * ```
 */
export async function pickPort(preferred = 0): Promise<number> {
  if (preferred !== 0) {
    const taken = await listenOnce(preferred).then(
      () => false,
      () => true,
    );
    if (!taken) return preferred;
  }
  return listenOnce(0);
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}
