/**
 * Internal: checks a node URL and gives the base that request paths are appended to.
 *
 * @module
 */
import { InvalidNodeUrlError } from "./errors.ts";

/**
 * The node's base URL without a trailing slash: `https://node1.idem.example` or, behind a proxy that serves the
 * node under a path, `https://idem.example/node1`. Request paths (`/v1/…`) are appended to it.
 *
 * @throws {InvalidNodeUrlError} when `nodeUrl` is not an absolute `http:`/`https:` URL, or has credentials, a
 * query or a fragment.
 * @example
 * ```ts
 * nodeBaseUrl("https://node1.idem.example/"); // "https://node1.idem.example"
 * ```
 */
export function nodeBaseUrl(nodeUrl: string): string {
  let url: URL;
  try {
    url = new URL(nodeUrl);
  } catch {
    throw new InvalidNodeUrlError({ details: "not an absolute URL" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidNodeUrlError({ details: `the scheme must be http or https, not ${url.protocol.slice(0, -1)}` });
  }
  // Named only as a problem, never echoed: userinfo may be a password.
  if (url.username !== "" || url.password !== "") {
    throw new InvalidNodeUrlError({ details: "the URL must not carry credentials" });
  }
  if (url.search !== "" || url.hash !== "") {
    throw new InvalidNodeUrlError({ details: "the URL must not have a query or a fragment" });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
