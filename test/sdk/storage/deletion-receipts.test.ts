/**
 * getDeletionReceipts against stand-in nodes (HTTP servers on 127.0.0.1 answering `GET /v1/receipts/…` as given):
 * a receipt signed by the node it names is returned; a forged one (signed by another key), one for another dataId
 * and a malformed one make that node a failure, while an honest node's receipts still come back. A real node's
 * receipts are checked end to end by the guided scenario (test/cli/scenario/run-scenario.test.ts).
 */
import { expect } from "chai";
import { Wallet, hexlify, randomBytes, type Signer } from "ethers";

import {
  DELETION_RECEIPT_DOMAIN,
  DELETION_RECEIPT_TYPES,
  InvalidNodeResponseError,
  InvalidStorageParametersError,
  getDeletionReceipts,
} from "../../../sdk/src/index.ts";
import { startStandIn } from "./data-nodes.ts";

const CHAIN_ID = 31337;

describe("sdk storage: getDeletionReceipts", function () {
  const dataId = hexlify(randomBytes(32));
  const nodeKey = Wallet.createRandom();
  const stands: { close: () => Promise<void> }[] = [];

  after(async function () {
    await Promise.all(stands.map((stand) => stand.close()));
  });

  /** A receipt signed by `signer`, naming `node`. */
  async function receipt({ signer, node, forDataId = dataId }: { signer: Signer; node: string; forDataId?: string }) {
    const message = { chainId: CHAIN_ID, dataId: forDataId, node, purgedAt: 1_900_000_000 };
    const signature = await signer.signTypedData(DELETION_RECEIPT_DOMAIN, DELETION_RECEIPT_TYPES, message);
    return { ...message, signature };
  }

  /** A stand-in node that answers every request with `body` (200, JSON). */
  async function nodeAnswering(body: unknown) {
    const stand = await startStandIn((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    stands.push(stand);
    return { nodeUrl: stand.url, token: "t", chainId: CHAIN_ID };
  }

  it("returns a receipt signed by the node it names, with the node that served it", async function () {
    const session = await nodeAnswering([await receipt({ signer: nodeKey, node: nodeKey.address })]);

    const { receipts, failures } = await getDeletionReceipts({ sessions: [session], chainId: CHAIN_ID, dataId });

    expect(failures).to.deep.equal([]);
    expect(receipts).to.have.length(1);
    expect(receipts[0]).to.include({ chainId: CHAIN_ID, dataId, node: nodeKey.address, nodeUrl: session.nodeUrl });
    expect(receipts[0]!.purgedAt).to.equal(1_900_000_000n);
  });

  it("treats a node serving a forged receipt (signed by another key) as a failure, and keeps the honest node's", async function () {
    const honest = await nodeAnswering([await receipt({ signer: nodeKey, node: nodeKey.address })]);
    const forger = Wallet.createRandom();
    const forged = await nodeAnswering([await receipt({ signer: forger, node: Wallet.createRandom().address })]);

    const { receipts, failures } = await getDeletionReceipts({
      sessions: [honest, forged],
      chainId: CHAIN_ID,
      dataId,
    });

    expect(receipts.map((entry) => entry.nodeUrl)).to.deep.equal([honest.nodeUrl]);
    expect(failures).to.have.length(1);
    expect(failures[0]!.nodeUrl).to.equal(forged.nodeUrl);
    expect(failures[0]!.error).to.be.instanceOf(InvalidNodeResponseError);
    expect(failures[0]!.error.message).to.contain("not signed by the node it names");
  });

  it("refuses a receipt for another dataId, and a malformed one", async function () {
    const otherData = await nodeAnswering([
      await receipt({ signer: nodeKey, node: nodeKey.address, forDataId: hexlify(randomBytes(32)) }),
    ]);
    const malformed = await nodeAnswering([{ chainId: CHAIN_ID, dataId, node: nodeKey.address, purgedAt: -1 }]);

    for (const session of [otherData, malformed]) {
      const error = await getDeletionReceipts({ sessions: [session], chainId: CHAIN_ID, dataId }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).to.be.instanceOf(InvalidNodeResponseError);
    }
  });

  it("refuses a bad dataId before any request", async function () {
    const session = await nodeAnswering([]);
    const error = await getDeletionReceipts({ sessions: [session], chainId: CHAIN_ID, dataId: "0x1234" }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(InvalidStorageParametersError);
  });
});
