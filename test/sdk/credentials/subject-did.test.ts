import { expect } from "chai";
import fc from "fast-check";
import { getAddress } from "ethers";
import { InvalidSubjectDidError } from "../../../sdk/src/credentials/errors.ts";
import { parsePkhDid, pkhDid } from "../../../sdk/src/credentials/subject-did.ts";
import { IdemError } from "../../../sdk/src/errors.ts";

const ADDRESS = "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B";

describe("did:pkh subjects", function () {
  it("formats a CAIP-10 eip155 account with a checksummed address", function () {
    expect(pkhDid({ chainId: 1n, address: ADDRESS.toLowerCase() })).to.equal(`did:pkh:eip155:1:${ADDRESS}`);
    expect(pkhDid({ chainId: 8453, address: ADDRESS })).to.equal(`did:pkh:eip155:8453:${ADDRESS}`);
  });

  it("parses it back", function () {
    expect(parsePkhDid({ did: `did:pkh:eip155:31337:${ADDRESS}` })).to.deep.equal({
      did: `did:pkh:eip155:31337:${ADDRESS}`,
      accountId: `eip155:31337:${ADDRESS}`,
      chainId: 31337n,
      address: ADDRESS,
    });
  });

  it("round-trips any account on any chain (property)", function () {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.bigInt({ min: 1n, max: 10n ** 32n - 1n }),
        (bytes, chainId) => {
          const address = getAddress(`0x${Buffer.from(bytes).toString("hex")}`);
          const did = pkhDid({ chainId, address });
          const parsed = parsePkhDid({ did });
          expect(parsed.did).to.equal(did);
          expect(parsed.chainId).to.equal(chainId);
          expect(parsed.address).to.equal(address);
          expect(pkhDid({ chainId: parsed.chainId, address: parsed.address })).to.equal(did);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("rejects malformed DIDs with InvalidSubjectDidError", function () {
    const bad = [
      "",
      `did:pkh:eip155:1:${ADDRESS}:extra`,
      `did:key:eip155:1:${ADDRESS}`,
      `DID:pkh:eip155:1:${ADDRESS}`,
      `did:pkh:solana:1:${ADDRESS}`,
      `did:pkh:eip155:0:${ADDRESS}`,
      `did:pkh:eip155:01:${ADDRESS}`,
      `did:pkh:eip155:-1:${ADDRESS}`,
      `did:pkh:eip155:0x1:${ADDRESS}`,
      `did:pkh:eip155:${"9".repeat(33)}:${ADDRESS}`,
      `did:pkh:eip155:1:${ADDRESS.toLowerCase()}`,
      `did:pkh:eip155:1:${ADDRESS.replace("Ab58", "aB58")}`,
      `did:pkh:eip155:1:${ADDRESS.slice(0, -1)}`,
      `did:pkh:eip155:1:${ADDRESS.slice(2)}`,
      `did:pkh:eip155:1:${ADDRESS}0`,
      `did:pkh:eip155:1:`,
      5 as never,
    ];
    for (const did of bad) {
      expect(() => parsePkhDid({ did }), String(did)).to.throw(InvalidSubjectDidError);
    }
  });

  it("rejects bad chain ids and addresses when formatting", function () {
    const bad: Parameters<typeof pkhDid>[0][] = [
      { chainId: 0n, address: ADDRESS },
      { chainId: -1n, address: ADDRESS },
      { chainId: 1.5, address: ADDRESS },
      { chainId: Number.MAX_SAFE_INTEGER + 2, address: ADDRESS },
      { chainId: 10n ** 32n, address: ADDRESS },
      { chainId: "1" as never, address: ADDRESS },
      { chainId: 1n, address: ADDRESS.replace("Ab58", "aB58") },
      { chainId: 1n, address: "0x1234" },
      { chainId: 1n, address: "vitalik.eth" },
    ];
    for (const input of bad) {
      const error = (() => {
        try {
          pkhDid(input);
        } catch (e) {
          return e;
        }
      })();
      expect(error, String(input.address) + String(input.chainId)).to.be.instanceOf(InvalidSubjectDidError);
      expect(error).to.be.instanceOf(IdemError);
    }
  });
});
