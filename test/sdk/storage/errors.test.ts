/** The storage client's error classes (sdk/src/storage/errors.ts): shape, names and messages. */
import { expect } from "chai";

import { IdemError } from "../../../sdk/src/errors.ts";
import {
  InvalidNodeResponseError,
  InvalidNodeUrlError,
  InvalidSignInParametersError,
  NoHealthyNodeError,
  NodeHttpError,
  NodeUnreachableError,
  SignInBindingError,
  WriteQuorumError,
} from "../../../sdk/src/storage/errors.ts";

describe("sdk storage errors", function () {
  const url = "https://node1.idem.example/v1/auth/session";

  it("every class is an IdemError with its own name", function () {
    const errors = [
      new NodeHttpError({ status: 401, url, code: "UNAUTHENTICATED" }),
      new NodeUnreachableError({ url }),
      new InvalidNodeResponseError({ url, status: 200, details: "d" }),
      new InvalidNodeUrlError({ details: "d" }),
      new SignInBindingError({ nodeUrl: url, claimedDomain: "a", claimedUri: "https://a" }),
      new InvalidSignInParametersError({ details: "d" }),
      new NoHealthyNodeError({ failures: [] }),
      new WriteQuorumError({ needed: 2, succeeded: [], failures: [] }),
    ];
    expect(errors.map((error) => error.name)).to.deep.equal([
      "NodeHttpError",
      "NodeUnreachableError",
      "InvalidNodeResponseError",
      "InvalidNodeUrlError",
      "SignInBindingError",
      "InvalidSignInParametersError",
      "NoHealthyNodeError",
      "WriteQuorumError",
    ]);
    for (const error of errors) expect(error).to.be.instanceOf(IdemError);
  });

  it("NodeHttpError names status and code, and keeps the node's message in details", function () {
    const error = new NodeHttpError({
      status: 401,
      url,
      code: "SIWE_CHAIN_UNSUPPORTED",
      nodeMessage: "The sign-in message's chain is not one this node follows.",
    });
    expect([error.status, error.url, error.code]).to.deep.equal([401, url, "SIWE_CHAIN_UNSUPPORTED"]);
    expect(error.shortMessage).to.equal("The node answered 401 SIWE_CHAIN_UNSUPPORTED.");
    expect(error.details).to.equal(`The sign-in message's chain is not one this node follows. (${url})`);
    expect(new NodeHttpError({ status: 502, url, code: undefined }).shortMessage).to.equal("The node answered 502.");
  });

  it("NodeUnreachableError says whether it timed out and keeps the cause", function () {
    const cause = new TypeError("fetch failed");
    const refused = new NodeUnreachableError({ url, cause });
    expect(refused.timedOut).to.equal(false);
    expect(refused.cause).to.equal(cause);
    expect(refused.shortMessage).to.equal("The node could not be reached.");
    expect(new NodeUnreachableError({ url, timedOut: true }).shortMessage).to.equal("The node did not answer in time.");
  });

  it("WriteQuorumError and NoHealthyNodeError list each node's failure", function () {
    const failures = [
      { nodeUrl: "https://node2.idem.example", error: new NodeUnreachableError({ url: "https://node2.idem.example" }) },
      {
        nodeUrl: "https://node3.idem.example",
        error: new NodeHttpError({ status: 503, url: "https://node3.idem.example", code: "STORE_UNAVAILABLE" }),
      },
    ];
    const quorum = new WriteQuorumError({ needed: 2, succeeded: ["https://node1.idem.example"], failures });
    expect(quorum.needed).to.equal(2);
    expect(quorum.succeeded).to.deep.equal(["https://node1.idem.example"]);
    expect(quorum.failures).to.equal(failures);
    expect(quorum.shortMessage).to.equal("The write reached 1 of the 2 nodes it needs.");
    expect(quorum.details).to.equal(
      "https://node2.idem.example: The node could not be reached.; " +
        "https://node3.idem.example: The node answered 503 STORE_UNAVAILABLE.",
    );
    const none = new NoHealthyNodeError({ failures });
    expect(none.shortMessage).to.equal("No healthy node.");
    expect(none.details).to.equal(quorum.details);
    expect(new NoHealthyNodeError({ failures: [] }).shortMessage).to.equal("No node to try.");
  });
});
