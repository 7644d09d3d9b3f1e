import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse, Wallet } from "ethers";
import type { AccessGrants, BatchIssuerMock, GasProbe } from "../../types/ethers-contracts/index.js";
import { TYPES, accessGrantsDomain } from "../../sdk/src/grants/typed-data.ts";
import type { GasExtraKey, GasKey } from "./targets.ts";

/** Every figure the gas benchmark measures, in gas. */
export type GasReport = Record<GasKey | GasExtraKey, number>;

const SCHEMA = "0x" + "11".repeat(32);
const PURPOSE = "0x" + "22".repeat(32);
const FIVE_YEARS = 5n * 365n * 24n * 3600n;
const BULK_GRANTS = 10_000;
const BULK_STEP = 250;

type Deployed = { grants: AccessGrants; probe: GasProbe; bulkIssuer: BatchIssuerMock };

/**
 * Deploys the contracts and measures each AccessGrants figure on a fresh owner, grantee and dataId (unless the
 * key says otherwise) on the given chain. Transaction figures are `gasUsed` of the receipt (net of refunds);
 * `isGranted*` is measured by {GasProbe} around a cold external call.
 */
export async function measureGas(ethers: HardhatEthers): Promise<GasReport> {
  const [deployer, issuer, relayer] = await ethers.getSigners();
  if (!deployer || !issuer || !relayer) throw new Error("the chain must expose three funded accounts");
  const deployed: Deployed = {
    grants: (await ethers.deployContract("AccessGrants")) as unknown as AccessGrants,
    probe: (await ethers.deployContract("GasProbe")) as unknown as GasProbe,
    bulkIssuer: (await ethers.deployContract("BatchIssuerMock")) as unknown as BatchIssuerMock,
  };
  const { grants } = deployed;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const domain = accessGrantsDomain({ chainId, verifyingContract: await grants.getAddress() });
  const now = async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  // Accounts and dataIds come from a counter, not randomness: calldata gas depends on how many bytes are zero,
  // so seeded values keep every figure identical from run to run.
  let sequence = 0;
  const fresh = () => new ethers.Wallet(ethers.id(`idem.bench.account.${sequence++}`), ethers.provider);
  const freshDataId = () => ethers.id(`idem.bench.data.${sequence++}`);
  const freshFundedOwner = async () => {
    const wallet = fresh();
    await (await deployer.sendTransaction({ to: wallet.address, value: ethers.parseEther("1") })).wait();
    return wallet;
  };
  const anchored = async (owner: string) => {
    const dataId = freshDataId();
    const gas = await gasOf(grants.connect(issuer).anchorCredential(dataId, owner, SCHEMA));
    return { dataId, gas };
  };

  const report = {} as GasReport;

  let owner = await freshFundedOwner();
  let data = await anchored(owner.address);
  report.anchorCredential = data.gas;
  report.grant = await gasOf(grants.connect(owner).grant(fresh().address, data.dataId, 0, 0, PURPOSE));

  const selfOwner = await freshFundedOwner();
  report.anchorData = await gasOf(grants.connect(selfOwner).anchorData(freshDataId(), SCHEMA));

  owner = await freshFundedOwner();
  data = await anchored(owner.address);
  const lockedUntil = (await now()) + FIVE_YEARS;
  report.grantLocked = await gasOf(grants.connect(owner).grant(fresh().address, data.dataId, lockedUntil, 0, PURPOSE));

  owner = await freshFundedOwner();
  data = await anchored(owner.address);
  let grantee = fresh().address;
  await gasOf(grants.connect(owner).grant(grantee, data.dataId, 0, 0, PURPOSE));
  report.isGranted = await isGrantedGas(deployed, owner.address, grantee, data.dataId);
  report.revoke = await gasOf(grants.connect(owner).revoke(grantee, data.dataId));

  // Relayed: the owner holds no ether and only signs.
  const signer = fresh();
  data = await anchored(signer.address);
  grantee = fresh().address;
  const deadline = (await now()) + 3600n;
  const grantMessage = {
    owner: signer.address,
    grantee,
    dataId: data.dataId,
    lockedUntil: 0n,
    expiresAt: 0n,
    purpose: PURPOSE,
    nonce: 0n,
    deadline,
  };
  const grantSignature = await signer.signTypedData(domain, { Grant: [...TYPES.Grant] }, grantMessage);
  report.grantBySig = await gasOf(grants.connect(relayer).grantBySig(grantMessage, grantSignature));
  const revokeMessage = { owner: signer.address, grantee, dataId: data.dataId, nonce: 1n, deadline };
  const revokeSignature = await signer.signTypedData(domain, { Revoke: [...TYPES.Revoke] }, revokeMessage);
  report.revokeBySig = await gasOf(grants.connect(relayer).revokeBySig(revokeMessage, revokeSignature));

  // Request, approved by signature and relayed by the consumer.
  const consumer = relayer;
  const requester = fresh();
  data = await anchored(requester.address);
  const requestArgs = [requester.address, data.dataId, lockedUntil, 0n, PURPOSE] as const;
  const requestId = await grants.connect(consumer).requestGrant.staticCall(...requestArgs);
  report.requestGrant = await gasOf(grants.connect(consumer).requestGrant(...requestArgs));
  const approval = { ...grantMessage, owner: requester.address, grantee: consumer.address, dataId: data.dataId };
  const approvalSignature = await requester.signTypedData(
    domain,
    { Grant: [...TYPES.Grant] },
    { ...approval, lockedUntil },
  );
  report.approveRequestBySig = await gasOf(
    grants.connect(consumer).approveRequestBySig(requestId, data.dataId, 0n, deadline, approvalSignature),
  );

  owner = await freshFundedOwner();
  data = await anchored(owner.address);
  report.requestDeletion = await gasOf(grants.connect(owner).requestDeletion(data.dataId));

  owner = await freshFundedOwner();
  const batch = [];
  for (let i = 0; i < 10; i++) {
    const { dataId } = await anchored(owner.address);
    batch.push({ grantee: fresh().address, dataId, lockedUntil: 0n, expiresAt: 0n, purpose: PURPOSE });
  }
  report.grantBatch10PerGrant = Math.ceil((await gasOf(grants.connect(owner).grantBatch(batch))) / 10);

  const bulk = await ownerWithGrants(ethers, deployed, await freshFundedOwner(), fresh().address);
  report.isGrantedAt10k = await isGrantedGas(deployed, bulk.owner, bulk.grantee, bulk.lastDataId);
  report.revokeAt10k = await gasOf(grants.connect(bulk.signer).revoke(bulk.grantee, bulk.lastDataId));

  return report;
}

async function gasOf(sent: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await sent).wait();
  if (!receipt) throw new Error("transaction was dropped");
  return Number(receipt.gasUsed);
}

async function isGrantedGas(deployed: Deployed, owner: string, grantee: string, dataId: string): Promise<number> {
  const [gasUsed, granted] = await deployed.probe.measureIsGranted(
    await deployed.grants.getAddress(),
    owner,
    grantee,
    dataId,
  );
  if (!granted) throw new Error("the measured grant is not live");
  return Number(gasUsed);
}

/** Gives `grantee` 10,000 grants from one owner: anchored by a batch issuer, granted in batches. */
async function ownerWithGrants(
  ethers: HardhatEthers,
  { grants, bulkIssuer }: Deployed,
  signer: Wallet,
  grantee: string,
) {
  const owner = await signer.getAddress();
  const seed = ethers.id(`bulk:${owner}`);
  const dataIdAt = (i: number) =>
    ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256"], [seed, i]));
  const grantsAddress = await grants.getAddress();
  for (let start = 0; start < BULK_GRANTS; start += BULK_STEP) {
    await (await bulkIssuer.anchorMany(grantsAddress, owner, SCHEMA, seed, start, start + BULK_STEP)).wait();
    const batch = Array.from({ length: BULK_STEP }, (_, k) => ({
      grantee,
      dataId: dataIdAt(start + k),
      lockedUntil: 0n,
      expiresAt: 0n,
      purpose: PURPOSE,
    }));
    await (await grants.connect(signer).grantBatch(batch)).wait();
  }
  return { signer, owner, grantee, lastDataId: dataIdAt(BULK_GRANTS - 1) };
}
