import { expect } from "chai";
import { network } from "hardhat";
import { measureGas, type GasReport } from "../../bench/gas/scenarios.ts";
import { GAS_TARGETS, type GasKey } from "../../bench/gas/targets.ts";

const { ethers } = await network.getOrCreate();

describe("AccessGrants gas ceilings", function () {
  this.timeout(300_000);
  let report: GasReport;

  before(async function () {
    report = await measureGas(ethers);
  });

  for (const key of Object.keys(GAS_TARGETS) as GasKey[]) {
    it(`${key} stays within ${GAS_TARGETS[key].toLocaleString("en")} gas`, function () {
      expect(report[key]).to.be.greaterThan(0);
      expect(report[key]).to.be.at.most(GAS_TARGETS[key]);
    });
  }

  it("isGranted and revoke cost the same after 10,000 grants as after one", function () {
    expect(report.isGrantedAt10k).to.equal(report.isGranted);
    // Only calldata differs (other addresses, other zero bytes): 16 bytes' worth at most.
    expect(Math.abs(report.revokeAt10k - report.revoke)).to.be.at.most(16 * 12);
  });
});
