/**
 * A STAND-IN for a Kubo daemon's RPC API, for tests only: a tiny HTTP server on 127.0.0.1 that implements just the
 * four endpoints `KuboBlockStore` calls (`/api/v0/block/put`, `get`, `stat`, `rm`), with Kubo's answer shapes.
 *
 * Why a stand-in and not Kubo: no Kubo binary can be installed on this machine (the npm `kubo` package downloads it
 * from GitHub, which is unreachable; Debian ships none). The real `kubo-rpc-client` talks real HTTP to it, so the
 * request encoding (multipart upload, query parameters) and the error handling are exercised; Kubo's own storage
 * and networking are not. Re-run these tests against a real daemon where one exists.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

/** A request the stand-in received: the endpoint and its query parameters. */
export type StandInRequest = { endpoint: string; params: URLSearchParams };

/** A running stand-in. */
export type KuboApiStandIn = {
  /** Base URL for `kubo-rpc-client`: `http://127.0.0.1:<port>/api/v0`. */
  url: string;
  /** The blocks held, by CID string. */
  blocks: Map<string, Uint8Array>;
  /** Every request received, in order. */
  requests: StandInRequest[];
  /** Misbehaviour to simulate: answer `get` with other bytes, or `put` with another CID. */
  tamper: { get: boolean; put: boolean };
  close: () => Promise<void>;
};

/** Starts the stand-in on 127.0.0.1 with an OS-chosen port. */
export async function startKuboApiStandIn(): Promise<KuboApiStandIn> {
  const blocks = new Map<string, Uint8Array>();
  const requests: StandInRequest[] = [];
  const tamper = { get: false, put: false };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => kuboError(response, 500, String(error)));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const endpoint = url.pathname.replace(/^\/api\/v0\//, "");
    const params = url.searchParams;
    requests.push({ endpoint, params });
    if (request.method !== "POST") return kuboError(response, 405, "Kubo's RPC API takes POST only");
    const arg = params.get("arg") ?? "";

    switch (endpoint) {
      case "block/put": {
        const format = params.get("format") ?? params.get("cid-codec");
        if (format !== "raw" || params.get("mhtype") !== "sha2-256")
          return kuboError(response, 400, "stand-in: raw/sha2-256 only");
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const body = Buffer.concat(chunks);
        const form = await new Response(body, {
          headers: { "content-type": request.headers["content-type"] ?? "" },
        }).formData();
        const file = form.get("file");
        if (!(file instanceof Blob)) return kuboError(response, 400, "file argument 'data' is required");
        const bytes = new Uint8Array(await file.arrayBuffer());
        const cid = CID.createV1(raw.code, await sha256.digest(bytes));
        blocks.set(cid.toString(), bytes);
        const key = tamper.put ? CID.createV1(raw.code, await sha256.digest(new Uint8Array([0]))) : cid;
        return json(response, { Key: key.toString(), Size: bytes.length });
      }
      case "block/get": {
        const bytes = blocks.get(arg);
        if (bytes === undefined) {
          // Kubo looks on the network until the request's `timeout` elapses, then answers a deadline error.
          const waitMs = Number.parseInt(params.get("timeout") ?? "60000", 10);
          await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
          return kuboError(response, 500, "context deadline exceeded");
        }
        response.writeHead(200, { "content-type": "text/plain" });
        return void response.end(tamper.get ? Buffer.from("something else") : bytes);
      }
      case "block/stat": {
        const bytes = blocks.get(arg);
        if (bytes === undefined) {
          return kuboError(response, 500, `block was not found locally (offline): ipld: could not find ${arg}`);
        }
        return json(response, { Key: arg, Size: bytes.length });
      }
      case "block/rm": {
        const existed = blocks.delete(arg);
        const line =
          existed || params.get("force") === "true" ? { Hash: arg } : { Hash: arg, Error: "ipld: could not find" };
        response.writeHead(200, { "content-type": "application/json" });
        return void response.end(`${JSON.stringify(line)}\n`);
      }
      default:
        return kuboError(response, 404, "404 page not found");
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v0`,
    blocks,
    requests,
    tamper,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** Kubo's error shape: `{ Message, Code, Type: "error" }`. */
function kuboError(response: ServerResponse, status: number, message: string): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify({ Message: message, Code: 0, Type: "error" }));
}
