/**
 * Durable file writes: the bytes go to a temp file in the target's directory, the temp file is fsynced, renamed
 * over the target, and the directory is fsynced (plus the parent of every directory the write had to create). When
 * the promise resolves, the file survives a power loss with these exact bytes; a crash before that leaves at most a
 * stray `*.tmp` file, never a partial file under the target's name.
 */
import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs/promises";
import { dirname } from "node:path";

/**
 * An open file as {@link writeFileDurably} uses it (a subset of `node:fs/promises`' `FileHandle`).
 *
 * @example
 * ```ts
 * const handle: DurableFileHandle = await open(path, "wx");
 * ```
 */
export type DurableFileHandle = {
  writeFile(data: Uint8Array): Promise<void>;
  /** fsync(2). */
  sync(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The file-system calls {@link writeFileDurably} makes: `node:fs/promises` in production, a wrapper in tests (to see
 * the order of the calls, e.g. that the answer waits for the directory's fsync).
 *
 * @example
 * ```ts
 * const fs: DurableFs = systemDurableFs;
 * ```
 */
export type DurableFs = {
  /** Recursive mkdir: resolves to the first directory it created, or `undefined` if all existed. */
  mkdir(path: string, options: { recursive: true }): Promise<string | undefined>;
  /** Opens a file (`"wx"`: create, fail if it exists) or a directory (`"r"`, to fsync it). */
  open(path: string, flags: string): Promise<DurableFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
};

/**
 * The real file system.
 *
 * @example
 * ```ts
 * await writeFileDurably({ path, bytes, fs: systemDurableFs });
 * ```
 */
export const systemDurableFs: DurableFs = {
  mkdir: (path, options) => nodeFs.mkdir(path, options),
  open: (path, flags) => nodeFs.open(path, flags),
  rename: (from, to) => nodeFs.rename(from, to),
  unlink: (path) => nodeFs.unlink(path),
};

/**
 * Writes `bytes` to `path` so that the file is durable when the promise resolves (see the module comment). Writing
 * a path that exists replaces it atomically.
 *
 * @throws the file system's error; the temp file is removed on the way out.
 * @example
 * ```ts
 * await writeFileDurably({ path: join(dir, "AB", "CIQ….data"), bytes });
 * ```
 */
export async function writeFileDurably({
  path,
  bytes,
  fs = systemDurableFs,
}: {
  path: string;
  bytes: Uint8Array;
  fs?: DurableFs;
}): Promise<void> {
  const directory = dirname(path);
  const created = await fs.mkdir(directory, { recursive: true });
  const temp = `${path}.${randomBytes(8).toString("hex")}.tmp`;
  const handle = await fs.open(temp, "wx");
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(fs, directory);
  // Each directory this write created is an entry in its parent: make those entries durable too, deepest first.
  if (created !== undefined) {
    for (let made = directory; ; made = dirname(made)) {
      await syncDirectory(fs, dirname(made));
      if (made === created || dirname(made) === made) break;
    }
  }
}

/**
 * fsync(2) on a directory, which makes its entries durable: a rename, a new file, a removed one.
 *
 * @example
 * ```ts
 * await unlink(path);
 * await syncDirectory(systemDurableFs, dirname(path));
 * ```
 */
export async function syncDirectory(fs: DurableFs, directory: string): Promise<void> {
  const handle = await fs.open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
