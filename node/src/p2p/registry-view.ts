/**
 * The node's view of NodeRegistry: the active nodes (peer id and multiaddrs), read as one list and kept until the
 * next refresh. It says which peers are registered and Active, for the sync protocol's gate, and which to dial.
 *
 * A peer missing from the view may have been registered since the last read: asking about it reads the list again,
 * at most once per {@link UNKNOWN_PEER_REFRESH_MS}, so that a flood of unknown peers costs one registry read per interval.
 */

/** One active node as the registry lists it. */
export type RegistryNode = {
  /** The node's address (its signing key). */
  node: string;
  /** libp2p peer id, e.g. `12D3KooW…`. */
  peerId: string;
  /** libp2p multiaddrs; with or without the `/p2p/<peerId>` suffix. */
  multiaddrs: readonly string[];
};

/**
 * Reads the active nodes from the registry. Throws when the registry cannot be read.
 *
 * @example
 * ```ts
 * const read: ReadActiveNodes = async () => activeNodes({ nodeRegistry });
 * ```
 */
export type ReadActiveNodes = () => Promise<readonly RegistryNode[]>;

/**
 * A cached view of the registry's active nodes.
 *
 * @example
 * ```ts
 * const view = createRegistryView({ read });
 * await view.refresh();
 * if (await view.isActivePeer(peerId)) answer();
 * ```
 */
export type RegistryView = {
  /**
   * Reads the list again (one read at a time: concurrent calls share it) and returns it.
   *
   * @throws whatever `read` throws; the previous list is kept then.
   */
  refresh: () => Promise<readonly RegistryNode[]>;
  /**
   * Whether `peerId` belongs to a registered, Active node. An unknown peer triggers a read (rate-limited); a
   * registry that cannot be read answers `false`.
   */
  isActivePeer: (peerId: string) => Promise<boolean>;
};

/** Least time between two reads caused by unknown peers. */
export const UNKNOWN_PEER_REFRESH_MS = 1_000;

/**
 * Creates a view over `read`. Nothing is read until `refresh` or `isActivePeer` is called.
 *
 * @example
 * ```ts
 * const view = createRegistryView({ read: reader.read });
 * const nodes = await view.refresh();
 * ```
 */
export function createRegistryView({ read }: { read: ReadActiveNodes }): RegistryView {
  let active = new Set<string>();
  let inFlight: Promise<readonly RegistryNode[]> | undefined;
  let lastReadStartedAt = Number.NEGATIVE_INFINITY;

  const readOnce = async (): Promise<readonly RegistryNode[]> => {
    lastReadStartedAt = Date.now();
    const nodes = await read();
    active = new Set(nodes.map((node) => node.peerId));
    return nodes;
  };
  // `finally` runs as a later task, so `inFlight` is cleared only after it was set, even if `read` throws at once.
  const refresh = (): Promise<readonly RegistryNode[]> =>
    (inFlight ??= readOnce().finally(() => {
      inFlight = undefined;
    }));

  return {
    refresh,
    async isActivePeer(peerId) {
      if (active.has(peerId)) return true;
      if (inFlight === undefined && Date.now() - lastReadStartedAt < UNKNOWN_PEER_REFRESH_MS) return false;
      try {
        await refresh();
      } catch {
        return false;
      }
      return active.has(peerId);
    },
  };
}
