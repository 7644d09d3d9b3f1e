/**
 * The CLI's one error printer: one `error:` line (and a `hint:` line), SDK errors by their short message only, an
 * unexpected error's stack only under `--debug`.
 */
import { expect } from "chai";

import { CliError } from "../../cli/src/errors.ts";
import { errorLines } from "../../cli/src/report-error.ts";
import { IdemError, NodeHttpError } from "../../sdk/src/index.ts";

describe("errorLines", function () {
  it("prints a CliError's message and hint", function () {
    const error = new CliError("No keystore at k.json.", { hint: "create one with `idem keys generate`" });
    expect(errorLines(error, { debug: false })).to.deep.equal([
      "error: No keystore at k.json.",
      "hint: create one with `idem keys generate`",
    ]);
  });

  it("prints an SDK error's short message, never its details", function () {
    const error = new IdemError("Decryption failed.", { details: "slot 3 of 0xsecret…" });
    expect(errorLines(error, { debug: false })).to.deep.equal(["error: Decryption failed."]);
  });

  it("names the node of a node's refusal and says what to do", function () {
    const error = new NodeHttpError({ status: 403, url: "http://127.0.0.1:7301/v1/data/1/0xab", code: "NOT_GRANTED" });
    const [line, hint] = errorLines(error, { debug: false });
    expect(line).to.equal("error: The node answered 403 NOT_GRANTED. (http://127.0.0.1:7301)");
    expect(hint).to.match(/^hint: your account has no live grant/);
  });

  it("prints an unexpected error's first line, and its stack only under --debug", function () {
    const error = new TypeError("cannot read x\nof undefined");
    expect(errorLines(error, { debug: false })).to.deep.equal(["error: cannot read x"]);
    const debug = errorLines(error, { debug: true });
    expect(debug[0]).to.equal("error: cannot read x");
    expect(debug[1]).to.include("report-error.test.ts");
  });
});
