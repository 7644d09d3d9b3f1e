import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import AccessGrantsModule from "./AccessGrants.ts";

/**
 * Deploys the example `KycGatedVault` against the `AccessGrants` of the same deployment (deployed first if it is
 * not there yet). Parameters, all required:
 * - `issuer`: the KYC issuer the vault trusts;
 * - `schema`: the accepted credential type, keccak256 of its type URI;
 * - `provider`: the compliance provider depositors must grant their credential to.
 *
 * @example
 * ```sh
 * # parameters.json:
 * # {"KycGatedVaultModule": {"issuer": "0x…", "provider": "0x…",
 * #   "schema": "0x…"}}  // ethers.id("https://idem.dev/schemas/KYCCredential/v1")
 * npx hardhat ignition deploy deploy/KycGatedVault.ts --network sepolia --parameters parameters.json
 * ```
 */
export default buildModule("KycGatedVaultModule", (m) => {
  const { accessGrants } = m.useModule(AccessGrantsModule);
  const issuer = m.getParameter<string>("issuer");
  const schema = m.getParameter<string>("schema");
  const provider = m.getParameter<string>("provider");

  const kycGatedVault = m.contract("KycGatedVault", [accessGrants, issuer, schema, provider]);
  return { accessGrants, kycGatedVault };
});
