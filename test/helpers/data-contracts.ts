import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { getBytes, hexlify, randomBytes } from "ethers";
import { EncryptionKeyPair } from "../../sdk/src/keys/key-pair.ts";

/**
 * What every data-path fixture starts from: AccessGrants and KeyRegistry deployed, the owner's x25519 key pair
 * (with an origin, as `seal` needs), and one registered key pair per reader, in the order given.
 *
 * @example
 * ```ts
 * const { accessGrants, keyRegistry, fromBlock, ownerKey, readerKeys: [granteeKey] } =
 *   await deployDataContracts({ ethers, readers: [grantee] });
 * ```
 */
export async function deployDataContracts<const Readers extends readonly HardhatEthersSigner[]>({
  ethers,
  readers,
}: {
  ethers: HardhatEthers;
  readers: Readers;
}) {
  const accessGrants = await ethers.deployContract("AccessGrants");
  const fromBlock = BigInt((await accessGrants.deploymentTransaction()!.wait())!.blockNumber);
  const keyRegistry = await ethers.deployContract("KeyRegistry");
  await keyRegistry.waitForDeployment();
  const ownerKey = EncryptionKeyPair.fromSecretKey({
    secretKey: getBytes(randomBytes(32)),
    origin: { kind: "recovery-phrase" },
  });
  const readerKeys: EncryptionKeyPair[] = [];
  for (const reader of readers) {
    const key = EncryptionKeyPair.generate();
    await (await keyRegistry.connect(reader).getFunction("setEncryptionKey")(hexlify(key.publicKey))).wait();
    readerKeys.push(key);
  }
  // One key per reader, in order: the tuple type says so to the caller.
  return {
    accessGrants,
    keyRegistry,
    fromBlock,
    ownerKey,
    readerKeys: readerKeys as { [Index in keyof Readers]: EncryptionKeyPair },
  };
}
