/**
 * The network file: what `idem devnet` writes reads back the same; a missing, non-JSON or malformed file is refused
 * with a message naming the file and the first bad field.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { CliError } from "../../../cli/src/errors.ts";
import { readNetworkFile, writeNetworkFile, type IdemNetwork } from "../../../cli/src/network/network-file.ts";

const NETWORK: IdemNetwork = {
  name: "devnet",
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:8545",
  contracts: {
    accessGrants: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    keyRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    nodeRegistry: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
    accessManager: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    kycGatedVault: "0xa513E6E4b8f2a923D98304ec87F64353C4D5C853",
  },
  nodes: [{ url: "http://127.0.0.1:7301", address: "0xcD9002a910B926e1201A12c3aC7E427b9503c00E" }],
};

describe("network file", function () {
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), "idem-network-file-"));
  });

  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  /** The CliError message `readNetworkFile` throws for a file holding `content`. */
  function refusal(content: string): string {
    const path = join(dir, "network.json");
    writeFileSync(path, content);
    try {
      readNetworkFile(path);
    } catch (error) {
      expect(error).to.be.instanceOf(CliError);
      return (error as CliError).message;
    }
    throw new Error("the file was accepted");
  }

  it("reads back what it wrote (into a directory it creates)", function () {
    const path = join(dir, "sub", "devnet.json");
    writeNetworkFile(path, NETWORK);
    expect(readNetworkFile(path)).to.deep.equal(NETWORK);
  });

  it("checksums addresses and keeps the optional fields optional", function () {
    const { kycGatedVault: _vault, ...contracts } = NETWORK.contracts;
    const lower = { ...NETWORK, contracts: { ...contracts, accessGrants: contracts.accessGrants.toLowerCase() } };
    const path = join(dir, "network.json");
    writeFileSync(path, JSON.stringify(lower));
    const read = readNetworkFile(path);
    expect(read.contracts.accessGrants).to.equal(NETWORK.contracts.accessGrants);
    expect(read.contracts).to.not.have.property("kycGatedVault");
    expect(read).to.not.have.property("dashboardUrl");
  });

  it("refuses a missing file with a hint, and a file that is not JSON", function () {
    const missing = join(dir, "none.json");
    const error = (() => {
      try {
        readNetworkFile(missing);
      } catch (caught) {
        return caught as CliError;
      }
      throw new Error("accepted");
    })();
    expect(error.message).to.equal(`No network file at ${missing}.`);
    expect(error.hint).to.contain("idem devnet");
    expect(refusal("{ not json")).to.match(/ is not JSON\.$/);
  });

  it("names the first malformed field", function () {
    const cases: [unknown, RegExp][] = [
      [[], /the file must be an object/],
      [{ ...NETWORK, chainId: 0 }, /chainId must be a positive integer/],
      [{ ...NETWORK, chainId: "31337" }, /chainId must be a positive integer/],
      [{ ...NETWORK, rpcUrl: "not a url" }, /rpcUrl must be a URL/],
      [
        { ...NETWORK, contracts: { ...NETWORK.contracts, keyRegistry: "0x1234" } },
        /contracts\.keyRegistry must be an address/,
      ],
      [{ ...NETWORK, nodes: {} }, /nodes must be an array/],
      [
        { ...NETWORK, nodes: [{ url: "http://127.0.0.1:1", address: "nope" }] },
        /nodes\[0\]\.address must be an address/,
      ],
      [{ ...NETWORK, name: "" }, /name must be a non-empty string/],
    ];
    for (const [content, message] of cases) expect(refusal(JSON.stringify(content))).to.match(message);
  });
});
