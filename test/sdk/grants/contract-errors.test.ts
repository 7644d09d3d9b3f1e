import { expect } from "chai";
import { network } from "hardhat";

import { IdemError } from "../../../sdk/src/errors.ts";
import {
  ContractCallError,
  GrantLockedError,
  MissingEventError,
  decodeContractError,
} from "../../../sdk/src/grants/contract-errors.ts";
import { requireEvents } from "../../../sdk/src/grants/send-transaction.ts";
import { AccessGrants__factory } from "../../../types/ethers-contracts/index.ts";

await network.getOrCreate();

const contractInterface = AccessGrants__factory.createInterface();
const GRANT_ID = `0x${"ab".repeat(32)}`;

/** An ethers-shaped CALL_EXCEPTION carrying `data`. */
function callException(data: string | null) {
  return Object.assign(new Error("execution reverted"), { code: "CALL_EXCEPTION", data });
}

describe("SDK decodeContractError", function () {
  it("maps AccessGrantsLocked revert data to GrantLockedError, keeping the original as cause", function () {
    const data = contractInterface.encodeErrorResult("AccessGrantsLocked", [GRANT_ID, 1234n]);
    const original = callException(data);

    const error = decodeContractError(original, contractInterface);

    expect(error).to.be.instanceOf(GrantLockedError);
    const locked = error as GrantLockedError;
    expect([locked.grantId, locked.lockedUntil, locked.data]).to.deep.equal([GRANT_ID, 1234n, data]);
    expect(locked.cause).to.equal(original);
    expect(locked.message).to.contain("AccessGrantsLocked");
  });

  it("finds revert data nested in a provider error", function () {
    const data = contractInterface.encodeErrorResult("AccessGrantsLocked", [GRANT_ID, 1n]);
    const original = { code: "UNKNOWN_ERROR", error: { info: { error: { data } } } };

    expect(decodeContractError(original, contractInterface)).to.be.instanceOf(GrantLockedError);
  });

  it("gives a generic ContractCallError for an error the SDK has no class for", function () {
    const data = contractInterface.encodeErrorResult("AccessGrantsEmptyBatch", []);

    const error = decodeContractError(callException(data), contractInterface) as ContractCallError;

    expect(error.constructor).to.equal(ContractCallError);
    expect(error.errorName).to.equal("AccessGrantsEmptyBatch");
  });

  it("gives a ContractCallError without a name for unknown revert data", function () {
    const error = decodeContractError(callException("0xdeadbeef"), contractInterface) as ContractCallError;

    expect(error).to.be.instanceOf(ContractCallError);
    expect([error.errorName, error.data]).to.deep.equal([undefined, "0xdeadbeef"]);
  });

  it("gives a ContractCallError for a revert without data", function () {
    const original = callException(null);

    const error = decodeContractError(original, contractInterface) as ContractCallError;

    expect(error).to.be.instanceOf(ContractCallError);
    expect(error.cause).to.equal(original);
  });

  it("returns errors that are not reverts, and IdemErrors, unchanged", function () {
    const rejected = Object.assign(new Error("user rejected"), { code: "ACTION_REJECTED" });
    const idem = new IdemError("already mapped");

    expect(decodeContractError(rejected, contractInterface)).to.equal(rejected);
    expect(decodeContractError(idem, contractInterface)).to.equal(idem);
  });

  it("requireEvents throws MissingEventError naming the event and the transaction", function () {
    const hash = `0x${"12".repeat(32)}`;

    let thrown: unknown;
    try {
      requireEvents({ hash, events: [] }, "Granted");
    } catch (error) {
      thrown = error;
    }

    expect(thrown).to.be.instanceOf(MissingEventError).and.instanceOf(IdemError);
    expect([(thrown as MissingEventError).eventName, (thrown as MissingEventError).hash]).to.deep.equal([
      "Granted",
      hash,
    ]);
  });
});
