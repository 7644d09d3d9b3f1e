/** The credentials module's error classes (sdk/src/credentials/errors.ts): shape and names. */
import { expect } from "chai";
import {
  CredentialCheckError,
  DocumentNotBundledError,
  InvalidCredentialError,
  InvalidSubjectDidError,
  StatusListError,
} from "../../../sdk/src/credentials/errors.ts";
import { IdemError } from "../../../sdk/src/errors.ts";

describe("credentials errors", function () {
  it("every class is an IdemError with its own name, shortMessage and details", function () {
    const cause = new Error("root");
    const cases: [IdemError, string, string][] = [
      [
        new DocumentNotBundledError({ url: "https://x.example/c" }),
        "DocumentNotBundledError",
        "Document not available offline.",
      ],
      [new InvalidSubjectDidError({ details: "bad" }), "InvalidSubjectDidError", "Invalid did:pkh subject."],
      [new InvalidCredentialError("Invalid claim.", { details: "bad" }), "InvalidCredentialError", "Invalid claim."],
      [new StatusListError("Wrong status list.", { details: "bad" }), "StatusListError", "Wrong status list."],
      [
        new CredentialCheckError({ check: "status", shortMessage: "Credential revoked.", cause }),
        "CredentialCheckError",
        "Credential revoked.",
      ],
    ];
    for (const [error, name, shortMessage] of cases) {
      expect(error).to.be.instanceOf(IdemError).and.instanceOf(Error);
      expect(error.name).to.equal(name);
      expect(error.shortMessage).to.equal(shortMessage);
      expect(error.message.startsWith(shortMessage)).to.equal(true);
    }
    const notBundled = cases[0]![0] as DocumentNotBundledError;
    expect(notBundled.url).to.equal("https://x.example/c");
    expect(notBundled.details).to.include("never loads from the network");
    const check = cases[4]![0] as CredentialCheckError;
    expect(check.check).to.equal("status");
    expect(check.cause).to.equal(cause);
  });
});
