/**
 * What the node's HTTP layer needs from the chains it follows, as an interface: routes depend on this, not on
 * ethers, so the app is built with whatever gateway the process (or a test) provides.
 */

/**
 * Read-only access to the configured chains.
 *
 * @example
 * ```ts
 * const ok = await gateway.isValidSignature({ chainId: 1, address, hash: hashMessage(message), signature });
 * ```
 */
export interface ChainGateway {
  /** Whether the gateway serves `chainId` (it is in the node's configuration). */
  hasChain(chainId: number): boolean;
  /**
   * The chain id the RPC endpoint configured for `chainId` reports (a boot check that the URL points where the
   * config says).
   *
   * @throws {ChainUnavailableError} when the endpoint cannot be reached or the chain is not configured.
   */
  getChainId(chainId: number): Promise<number>;
  /**
   * Whether `address` has code on the chain (a smart account).
   *
   * @throws {ChainUnavailableError} when the endpoint cannot be reached or the chain is not configured.
   */
  hasCode(query: { chainId: number; address: string }): Promise<boolean>;
  /**
   * ERC-1271: whether the contract at `address` accepts `signature` over `hash` (returns the magic value
   * `0x1626ba7e`). A revert, an empty or a malformed answer is `false`.
   *
   * @throws {ChainUnavailableError} when the endpoint cannot be reached or the chain is not configured.
   */
  isValidSignature(query: { chainId: number; address: string; hash: string; signature: string }): Promise<boolean>;
  /**
   * The x25519 encryption public key `address` registered in the chain's KeyRegistry (32 bytes), or `undefined` if
   * it has none. Used on the write path only (adding a reader's wrapped key), never on a read.
   *
   * @throws {ChainUnavailableError} when the endpoint cannot be reached, the chain is not configured, or the chain
   *   has no KeyRegistry configured.
   */
  encryptionKeyOf(chainId: number, address: string): Promise<Uint8Array | undefined>;
}
