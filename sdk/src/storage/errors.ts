/**
 * SDK errors of the storage client: what can go wrong talking to Idem storage nodes over HTTP.
 *
 * No error here ever carries a session token: requests send it only in the `Authorization` header, which no error
 * records, and text a node sends back is scrubbed of the token before it reaches an error (see `node-request.ts`).
 * URLs never hold secrets (the API puts none in paths or queries), so errors name them.
 *
 * @module
 */
import { IdemError } from "../errors.ts";

/**
 * A node answered with an HTTP error status. `code` is the stable machine-readable code of the node's JSON error
 * body (`{ error: { code, message } }`), e.g. `UNAUTHENTICATED` or `SIWE_CHAIN_UNSUPPORTED`; it is `undefined` when
 * the answer did not carry that body (a proxy's HTML page, say). The node's one-line message is in `details`.
 *
 * @example
 * ```ts
 * try {
 *   await whoami({ session });
 * } catch (error) {
 *   if (error instanceof NodeHttpError && error.status === 401) session = await signIn({ nodeUrl, signer, chainId });
 *   else throw error;
 * }
 * ```
 */
export class NodeHttpError extends IdemError {
  override name = "NodeHttpError";
  /** The HTTP status, e.g. `401`. */
  readonly status: number;
  /** The request's URL (no secret: the API carries none in URLs). */
  readonly url: string;
  /** The node's error code, or `undefined` if the answer had no JSON error body. */
  readonly code: string | undefined;

  constructor({
    status,
    url,
    code,
    nodeMessage,
  }: {
    status: number;
    url: string;
    code: string | undefined;
    /** The node's own message (already scrubbed of secrets by the caller). */
    nodeMessage?: string | undefined;
  }) {
    super(`The node answered ${status}${code === undefined ? "" : ` ${code}`}.`, {
      details: `${nodeMessage === undefined ? "" : `${nodeMessage} `}(${url})`,
    });
    this.status = status;
    this.url = url;
    this.code = code;
  }
}

/**
 * A node could not be reached: the connection failed (refused, reset, DNS, TLS) or no answer came within the
 * timeout. The request may or may not have reached the node.
 *
 * @example
 * ```ts
 * try {
 *   await whoami({ session });
 * } catch (error) {
 *   if (error instanceof NodeUnreachableError) console.warn(`${error.url} is down; try another node`);
 * }
 * ```
 */
export class NodeUnreachableError extends IdemError {
  override name = "NodeUnreachableError";
  /** The request's URL. */
  readonly url: string;
  /** True when the request was abandoned because the timeout passed. */
  readonly timedOut: boolean;

  constructor({ url, timedOut = false, cause }: { url: string; timedOut?: boolean; cause?: unknown }) {
    super(timedOut ? "The node did not answer in time." : "The node could not be reached.", {
      details: url,
      cause,
    });
    this.url = url;
    this.timedOut = timedOut;
  }
}

/**
 * A node answered with a success status but a body that is not what the API defines (not JSON, or missing or
 * mistyped fields). Usually the URL points at something that is not an Idem node, or the node runs an
 * incompatible API version.
 *
 * @example
 * ```ts
 * if (error instanceof InvalidNodeResponseError) console.error(`${error.url} is not an Idem node: ${error.details}`);
 * ```
 */
export class InvalidNodeResponseError extends IdemError {
  override name = "InvalidNodeResponseError";
  /** The request's URL. */
  readonly url: string;
  /** The HTTP status of the answer. */
  readonly status: number;

  constructor({ url, status, details }: { url: string; status: number; details: string }) {
    super("The node's answer is not what the API defines.", { details: `${details} (${status} from ${url})` });
    this.url = url;
    this.status = status;
  }
}

/**
 * A node URL the client cannot use: not an absolute `http:` or `https:` URL, or one with credentials, a query or a
 * fragment.
 *
 * @example
 * ```ts
 * try {
 *   await checkHealth({ nodeUrl: "node1.idem.example" });
 * } catch (error) {
 *   if (error instanceof InvalidNodeUrlError) console.error(error.details);
 * }
 * ```
 */
export class InvalidNodeUrlError extends IdemError {
  override name = "InvalidNodeUrlError";

  constructor({ details }: { details: string }) {
    super("Invalid node URL.", { details });
  }
}

/**
 * The node asked the client to sign a message bound to a domain or URI other than the node's own URL. Signing it
 * would hand this node a sign-in it could replay at the node it names, so the client refuses before anything is
 * signed. Use the node's public URL (the one in its configuration) as `nodeUrl`.
 *
 * @example
 * ```ts
 * if (error instanceof SignInBindingError) console.error(`${error.nodeUrl} claims to be ${error.claimedUri}`);
 * ```
 */
export class SignInBindingError extends IdemError {
  override name = "SignInBindingError";
  /** The URL the client talked to. */
  readonly nodeUrl: string;
  /** The domain the node asked to be named. */
  readonly claimedDomain: string;
  /** The URI the node asked to be named. */
  readonly claimedUri: string;

  constructor({ nodeUrl, claimedDomain, claimedUri }: { nodeUrl: string; claimedDomain: string; claimedUri: string }) {
    super("The node asked to sign in for another site.", {
      details: `talked to ${nodeUrl}, but the node names domain "${claimedDomain}" and URI "${claimedUri}"`,
    });
    this.nodeUrl = nodeUrl;
    this.claimedDomain = claimedDomain;
    this.claimedUri = claimedUri;
  }
}

/**
 * A sign-in parameter is unusable before any request is made: a statement with a line break, a non-positive or
 * non-integer lifetime or chain id, or an account that is not an address.
 *
 * @example
 * ```ts
 * if (error instanceof InvalidSignInParametersError) console.error(error.details);
 * ```
 */
export class InvalidSignInParametersError extends IdemError {
  override name = "InvalidSignInParametersError";

  constructor({ details }: { details: string }) {
    super("Invalid sign-in parameters.", { details });
  }
}

/**
 * Why one node was passed over: its URL and the error it gave.
 *
 * @example
 * ```ts
 * for (const { nodeUrl, error } of noHealthyNode.failures) console.warn(nodeUrl, error.shortMessage);
 * ```
 */
export type NodeFailure = {
  nodeUrl: string;
  error: IdemError;
};

/**
 * None of the nodes tried is healthy (each was unreachable, too slow, or answered `/health` with an error).
 *
 * @example
 * ```ts
 * try {
 *   const { nodeUrl } = await pickHealthyNode({ nodeUrls });
 * } catch (error) {
 *   if (error instanceof NoHealthyNodeError) console.error(error.details);
 * }
 * ```
 */
export class NoHealthyNodeError extends IdemError {
  override name = "NoHealthyNodeError";
  /** One entry per node tried, in the order given. */
  readonly failures: readonly NodeFailure[];

  constructor({ failures }: { failures: readonly NodeFailure[] }) {
    super(failures.length === 0 ? "No node to try." : "No healthy node.", {
      details:
        failures.length === 0
          ? "the list of node URLs is empty"
          : failures.map(({ nodeUrl, error }) => `${nodeUrl}: ${error.shortMessage}`).join("; "),
    });
    this.failures = failures;
  }
}

/**
 * A write reached fewer nodes than it needs to be durable. The data may be stored on the nodes in `succeeded`;
 * retry on others, or delete it there.
 *
 * @example
 * ```ts
 * if (error instanceof WriteQuorumError) console.error(`stored on ${error.succeeded.length} of ${error.needed} nodes`);
 * ```
 */
export class WriteQuorumError extends IdemError {
  override name = "WriteQuorumError";
  /** How many nodes had to acknowledge the write. */
  readonly needed: number;
  /** The URLs of the nodes that acknowledged it. */
  readonly succeeded: readonly string[];
  /** The nodes that did not, and why. */
  readonly failures: readonly NodeFailure[];

  constructor({
    needed,
    succeeded,
    failures,
  }: {
    needed: number;
    succeeded: readonly string[];
    failures: readonly NodeFailure[];
  }) {
    super(`The write reached ${succeeded.length} of the ${needed} nodes it needs.`, {
      details: failures.map(({ nodeUrl, error }) => `${nodeUrl}: ${error.shortMessage}`).join("; "),
    });
    this.needed = needed;
    this.succeeded = succeeded;
    this.failures = failures;
  }
}
