import { expect } from "chai";
import { getAddress } from "ethers";

import { checksumAddress } from "../../../sdk/src/chain/checksum-address.ts";

describe("sdk/chain/checksum-address", function () {
  const checksummed = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  it("answers what getAddress answers, the first time and every time after", function () {
    for (const input of [checksummed.toLowerCase(), checksummed, `0x${checksummed.slice(2).toUpperCase()}`]) {
      expect(checksumAddress(input)).to.equal(getAddress(input));
      expect(checksumAddress(input)).to.equal(checksummed);
    }
  });

  it("refuses a mixed-case address with a wrong checksum every time (a refusal is never remembered)", function () {
    const mistyped = checksummed.replace("C51812dc", "c51812dc");
    expect(() => getAddress(mistyped)).to.throw();
    expect(() => checksumAddress(mistyped)).to.throw();
    expect(() => checksumAddress(mistyped)).to.throw();
    expect(() => checksumAddress("0x1234")).to.throw();
  });
});
