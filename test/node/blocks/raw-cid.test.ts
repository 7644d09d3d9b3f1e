import { expect } from "chai";
import { CID } from "multiformats/cid";

import { parseStoredCid, rawCid } from "../../../node/src/blocks/raw-cid.ts";

describe("blocks/raw-cid", function () {
  it("parses a stored CID string to the CID it names, the same on every call", async function () {
    const cid = await rawCid(new TextEncoder().encode("hello"));
    const text = cid.toString();
    expect(parseStoredCid(text).equals(cid)).to.equal(true);
    expect(parseStoredCid(text).equals(CID.parse(text))).to.equal(true);
    expect(parseStoredCid(text).toString()).to.equal(text);
  });

  it("refuses a string that is not a CID every time (a refusal is never remembered)", function () {
    expect(() => parseStoredCid("not-a-cid")).to.throw();
    expect(() => parseStoredCid("not-a-cid")).to.throw();
  });
});
