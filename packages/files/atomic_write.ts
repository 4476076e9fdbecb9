import { FileError } from "./file_error.ts";
import { outputTarget } from "./output_target.ts";

/**
 * What {@linkcode writeFileAtomic} writes: bytes, text (as UTF-8), or a
 * function that streams the contents through the `write` it is given, for
 * outputs too large to build in memory first (a CSV of 60,000 rows).
 *
 * @example
 * ```ts
 * import type { FileContents } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const streamed: FileContents = async (write) => {
 *   await write("a,b\n");
 *   await write(Uint8Array.of(0x31, 0x2c, 0x32, 0x0a));
 * };
 * assert.equal(typeof streamed, "function");
 * ```
 */
export type FileContents =
  | Uint8Array
  | string
  | ((write: (chunk: Uint8Array | string) => Promise<void>) => Promise<void>);

/**
 * Options of {@linkcode writeFileAtomic}.
 *
 * @example
 * ```ts
 * import type { AtomicWriteOptions } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const options: AtomicWriteOptions = { sync: false };
 * assert.equal(options.sync, false);
 * ```
 */
export interface AtomicWriteOptions {
  /**
   * Flush the data to the disk before the rename (default true), so that a
   * power cut leaves the old file or the new one, not an empty one.
   */
  readonly sync?: boolean;
}

/** Temporary files being written now, removed if the process is told to stop. */
const pending = new Set<string>();
const STOP_SIGNALS = [["SIGINT", 130], ["SIGTERM", 143]] as const;
let listeners: [Deno.Signal, () => void][] = [];

function guard(temporary: string): void {
  pending.add(temporary);
  if (pending.size > 1) return;
  for (const [signal, status] of STOP_SIGNALS) {
    const listener = () => {
      for (const path of pending) {
        try {
          Deno.removeSync(path);
        } catch {
          // already gone
        }
      }
      Deno.exit(status);
    };
    try {
      Deno.addSignalListener(signal, listener);
      listeners.push([signal, listener]);
    } catch {
      // This platform cannot listen for it (SIGTERM on Windows).
    }
  }
}

function release(temporary: string): void {
  pending.delete(temporary);
  if (pending.size > 0) return;
  for (const [signal, listener] of listeners) Deno.removeSignalListener(signal, listener);
  listeners = [];
}

/** Writes `contents` into `file`; the first failed write is thrown, even if `contents` caught it. */
async function writeContents(
  file: Deno.FsFile,
  contents: FileContents,
  fail: (error: unknown) => FileError,
): Promise<void> {
  const encoder = new TextEncoder();
  let failure: FileError | undefined;
  // Not `file.writable`: its writes report success on a full disk.
  const write = async (chunk: Uint8Array | string) => {
    if (failure !== undefined) throw failure;
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    try {
      for (let offset = 0; offset < bytes.length;) {
        offset += await file.write(bytes.subarray(offset));
      }
    } catch (error) {
      throw failure = fail(error);
    }
  };
  if (typeof contents === "function") await contents(write);
  else await write(contents);
  if (failure !== undefined) throw failure;
}

/**
 * `path.1a2b3c4d.tmp`, beside `path`; for a name too near the file
 * system's 255-byte limit to take the suffix, `.1a2b3c4d.tmp` in its folder.
 */
function temporaryBeside(path: string): string {
  const id = crypto.randomUUID().slice(0, 8);
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1;
  if (new TextEncoder().encode(path.slice(slash)).length > 200) {
    return `${path.slice(0, slash)}.${id}.tmp`;
  }
  return `${path}.${id}.tmp`;
}

/** The permission bits of an existing file, to give its replacement; undefined for a new one. */
function permissionsOf(path: string): number | undefined {
  if (Deno.build.os === "windows") return undefined;
  try {
    const mode = Deno.statSync(path).mode;
    return mode === null ? undefined : mode & 0o7777;
  } catch {
    return undefined; // a new file
  }
}

/**
 * Writes a file whole or not at all: the contents go to a temporary file
 * beside `path` (`path.1a2b3c4d.tmp`), which is flushed to the disk and
 * then renamed over `path`. On any error the temporary file is removed and
 * `path` is left as it was; if the process is interrupted (SIGINT or
 * SIGTERM) while writing, the temporary file is removed and the process
 * exits with 130 or 143, as it would have without the write.
 *
 * A symbolic link is followed: its target is replaced and the link stays.
 * An existing file's replacement keeps its permissions. A character device
 * (`/dev/null`) or a FIFO cannot be replaced, so it is written straight
 * through, as the shell's `>` would (see {@linkcode outputTarget}); a
 * folder, a block device or a socket is refused before anything is written.
 *
 * Errors name `path`, never the temporary file, and say what happened in
 * words: `Cannot write /tmp/full/m.model: the disk is full`. An error
 * thrown by a `contents` function itself passes through unchanged.
 *
 * @param path The file to produce.
 * @param contents Bytes, text, or a function that streams them.
 * @param options Whether to flush before the rename.
 * @returns A promise that settles once the file is in place.
 * @throws {FileError} If the file cannot be written.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/a.txt`, "hello");
 * await writeFileAtomic(`${dir}/b.csv`, async (write) => {
 *   for (let i = 0; i < 3; i++) await write(`${i}\n`);
 * });
 * assert.equal(await Deno.readTextFile(`${dir}/b.csv`), "0\n1\n2\n");
 * await assert.rejects(writeFileAtomic(`${dir}/c.txt`, () => Promise.reject(new Error("boom"))), {
 *   message: "boom",
 * });
 * await assert.rejects(writeFileAtomic(`${dir}/no/d.txt`, "x"), {
 *   message: `Cannot write ${dir}/no/d.txt: no such file or folder`,
 * });
 * assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["a.txt", "b.csv"]);
 * await Deno.symlink("a.txt", `${dir}/latest.txt`);
 * await writeFileAtomic(`${dir}/latest.txt`, "hello again");
 * assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "hello again");
 * assert.ok(Deno.lstatSync(`${dir}/latest.txt`).isSymlink);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(
  path: string,
  contents: FileContents,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const fail = (error: unknown) => new FileError(path, { action: "write", cause: error });
  const target = outputTarget(path);
  if (target.stream) {
    let stream: Deno.FsFile;
    try {
      stream = await Deno.open(target.path, { write: true });
    } catch (error) {
      throw fail(error);
    }
    try {
      await writeContents(stream, contents, fail);
    } finally {
      stream.close();
    }
    return;
  }
  const permissions = permissionsOf(target.path);
  const temporary = temporaryBeside(target.path);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(temporary, { write: true, createNew: true });
  } catch (error) {
    throw fail(error);
  }
  guard(temporary);
  let open = true;
  try {
    if (permissions !== undefined) await Deno.chmod(temporary, permissions).catch(() => {});
    await writeContents(file, contents, fail);
    try {
      if (options.sync ?? true) await file.syncData();
      open = false;
      file.close();
      await Deno.rename(temporary, target.path);
    } catch (error) {
      throw fail(error);
    }
  } catch (error) {
    if (open) file.close();
    try {
      await Deno.remove(temporary);
    } catch {
      // never created, or already gone
    }
    throw error;
  } finally {
    release(temporary);
  }
}
