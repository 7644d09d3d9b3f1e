/** The SDK's error classes (sdk/src/errors.ts): shape, names, and what they must never carry. */
import { expect } from "chai";
import {
  DecryptionFailedError,
  IdemError,
  InvalidEnvelopeError,
  InvalidKeyError,
  LastOwnerSlotError,
  UnsupportedEnvelopeVersionError,
  UnsupportedSignerError,
} from "../../sdk/src/errors.ts";

describe("errors", function () {
  it("IdemError joins shortMessage and details into message and keeps the cause", function () {
    const cause = new Error("root");
    const error = new IdemError("Something failed.", { details: "because", cause });
    expect(error).to.be.instanceOf(Error);
    expect(error.name).to.equal("IdemError");
    expect(error.shortMessage).to.equal("Something failed.");
    expect(error.details).to.equal("because");
    expect(error.message).to.equal("Something failed.\n\nDetails: because");
    expect(error.cause).to.equal(cause);
    const bare = new IdemError("Bare.");
    expect(bare.message).to.equal("Bare.");
    expect("cause" in bare).to.equal(false);
  });

  it("every subclass is an IdemError with its own name", function () {
    const errors = [
      new DecryptionFailedError(),
      new InvalidEnvelopeError({ details: "d" }),
      new UnsupportedEnvelopeVersionError({ version: 9 }),
      new InvalidKeyError("k"),
      new UnsupportedSignerError("s"),
      new LastOwnerSlotError(),
    ];
    expect(errors.map((error) => error.name)).to.deep.equal([
      "DecryptionFailedError",
      "InvalidEnvelopeError",
      "UnsupportedEnvelopeVersionError",
      "InvalidKeyError",
      "UnsupportedSignerError",
      "LastOwnerSlotError",
    ]);
    for (const error of errors) expect(error).to.be.instanceOf(IdemError);
  });

  it("DecryptionFailedError is one fixed message with no details and no cause", function () {
    const error = new DecryptionFailedError();
    expect(error.message).to.equal("Decryption failed.");
    expect(error.details).to.equal(undefined);
    expect(error.cause).to.equal(undefined);
  });

  it("UnsupportedEnvelopeVersionError is an InvalidEnvelopeError that names the version", function () {
    const error = new UnsupportedEnvelopeVersionError({ version: 2 });
    expect(error).to.be.instanceOf(InvalidEnvelopeError);
    expect(error.version).to.equal(2);
    expect(error.details).to.match(/version 2/);
  });
});
