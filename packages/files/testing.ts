/**
 * Fault injection for tests: make every file write fail after a number of
 * bytes, as a full disk does, without needing one.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "@simple-mnist/files";
 * import { failWritesAfter } from "@simple-mnist/files/testing";
 * import assert from "node:assert/strict";
 *
 * const path = `${await Deno.makeTempDir()}/m.model`;
 * {
 *   using _full = failWritesAfter(3);
 *   await assert.rejects(writeFileAtomic(path, "hello"), {
 *     message: `Cannot write ${path}: the disk is full`,
 *   });
 * }
 * await writeFileAtomic(path, "hello");
 * assert.equal(await Deno.readTextFile(path), "hello");
 * ```
 *
 * And a real small disk, where the machine lets the test mount one
 * ({@linkcode mountTmpfs}).
 *
 * @module
 */

/**
 * Options of {@linkcode failWritesAfter}.
 *
 * @example
 * ```ts
 * import type { FailWritesOptions } from "@simple-mnist/files/testing";
 * import assert from "node:assert/strict";
 *
 * const options: FailWritesOptions = { error: () => new Error("EIO") };
 * assert.equal(options.error?.().message, "EIO");
 * ```
 */
export interface FailWritesOptions {
  /** The error to throw (default: the OS's ENOSPC, "No space left on device (os error 28)"). */
  readonly error?: () => Error;
}

/**
 * A fault in place until it is disposed of.
 *
 * @example
 * ```ts
 * import { failWritesAfter, type InjectedFault } from "@simple-mnist/files/testing";
 * import assert from "node:assert/strict";
 *
 * const fault: InjectedFault = failWritesAfter(0);
 * fault.restore();
 * assert.equal(fault.written, 0);
 * ```
 */
export interface InjectedFault extends Disposable {
  /** Bytes written since the fault was put in place. */
  readonly written: number;
  /** Takes the fault away (also what `using` does). */
  restore(): void;
}

/** The error Deno throws when a write meets a full disk. */
function diskFull(): Error {
  return Object.assign(new Error("No space left on device (os error 28)"), { code: "ENOSPC" });
}

/**
 * Makes `Deno.FsFile`'s `write` and `writeSync` accept `bytes` bytes in all
 * (a short write reaches the limit exactly), then throw, until restored.
 * It reaches writes through an open `Deno.FsFile`, which is how
 * `writeFileAtomic` writes; `Deno.writeFile` and `file.writable` bypass
 * it. Reads are not touched.
 *
 * @param bytes How many bytes may still be written.
 * @param options The error to throw.
 * @returns The fault; dispose of it (or call `restore`) to write normally again.
 *
 * @example
 * ```ts
 * import { failWritesAfter } from "@simple-mnist/files/testing";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile();
 * const file = await Deno.open(path, { write: true });
 * const fault = failWritesAfter(2);
 * assert.equal(await file.write(Uint8Array.of(1, 2, 3)), 2);
 * await assert.rejects(file.write(Uint8Array.of(4)), { code: "ENOSPC" });
 * fault.restore();
 * assert.equal(await file.write(Uint8Array.of(4)), 1);
 * file.close();
 * assert.deepEqual(await Deno.readFile(path), Uint8Array.of(1, 2, 4));
 * await Deno.remove(path);
 * ```
 */
export function failWritesAfter(bytes: number, options: FailWritesOptions = {}): InjectedFault {
  const prototype = Deno.FsFile.prototype;
  const { write, writeSync } = prototype;
  const error = options.error ?? diskFull;
  let written = 0;
  const allow = (length: number) => {
    const room = bytes - written;
    if (room <= 0 && length > 0) throw error();
    const n = Math.min(room, length);
    written += n;
    return n;
  };
  prototype.write = function (this: Deno.FsFile, p: Uint8Array) {
    try {
      const n = allow(p.length);
      return write.call(this, p.subarray(0, n));
    } catch (e) {
      return Promise.reject(e);
    }
  };
  prototype.writeSync = function (this: Deno.FsFile, p: Uint8Array) {
    return writeSync.call(this, p.subarray(0, allow(p.length)));
  };
  const restore = () => {
    prototype.write = write;
    prototype.writeSync = writeSync;
  };
  return {
    get written() {
      return written;
    },
    restore,
    [Symbol.dispose]: restore,
  };
}

/**
 * A mounted tmpfs: a real file system of a fixed size, to fill in a test.
 *
 * @example
 * ```ts
 * import { mountTmpfs, type Tmpfs } from "@simple-mnist/files/testing";
 * import assert from "node:assert/strict";
 *
 * const disk: Tmpfs | undefined = await mountTmpfs("64k");
 * if (disk !== undefined) {
 *   assert.ok((await Deno.stat(disk.path)).isDirectory);
 *   await disk[Symbol.asyncDispose]();
 * }
 * ```
 */
export interface Tmpfs extends AsyncDisposable {
  /** Where it is mounted. */
  readonly path: string;
}

/**
 * Runs `command args` quietly and says whether it succeeded: false where the
 * command is missing, not allowed, or fails (`mount` and `mknod` need root),
 * so a test can skip what this machine cannot do.
 *
 * @param command The program.
 * @param args Its arguments.
 * @returns Whether it ran and exited 0.
 *
 * @example
 * ```ts
 * import { succeeds } from "@simple-mnist/files/testing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(await succeeds("no-such-command-here", []), false);
 * ```
 */
export async function succeeds(command: string, args: readonly string[]): Promise<boolean> {
  try {
    const child = new Deno.Command(command, { args: [...args], stdout: "null", stderr: "null" });
    return (await child.output()).success;
  } catch {
    return false;
  }
}

/**
 * Mounts a tmpfs of `size` (as `mount` reads it: `200k`, `1m`) on a fresh
 * temporary folder, with `mount -t tmpfs`, which needs root (and
 * `--allow-run`). Where that is not allowed it returns undefined, so that
 * a test can say it skipped; dispose of it to unmount and remove the folder.
 *
 * @param size The file system's size.
 * @param options `readOnly` mounts it read-only.
 * @returns The mounted file system, or undefined where mounting is not allowed.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "@simple-mnist/files";
 * import { mountTmpfs } from "@simple-mnist/files/testing";
 * import assert from "node:assert/strict";
 *
 * await using disk = await mountTmpfs("64k");
 * if (disk === undefined) {
 *   console.log("cannot mount a tmpfs here (not root?): skipped");
 * } else {
 *   await assert.rejects(writeFileAtomic(`${disk.path}/big`, new Uint8Array(1 << 20)), {
 *     message: `Cannot write ${disk.path}/big: the disk is full`,
 *   });
 *   assert.deepEqual([...Deno.readDirSync(disk.path)], []);
 * }
 * ```
 */
export async function mountTmpfs(
  size: string,
  options: { readonly readOnly?: boolean } = {},
): Promise<Tmpfs | undefined> {
  if (Deno.build.os !== "linux") return undefined;
  const path = await Deno.makeTempDir({ prefix: "tmpfs-" });
  const flags = `size=${size}${options.readOnly ? ",ro" : ""}`;
  if (!await succeeds("mount", ["-t", "tmpfs", "-o", flags, "tmpfs", path])) {
    await Deno.remove(path);
    return undefined;
  }
  return {
    path,
    async [Symbol.asyncDispose]() {
      await succeeds("umount", [path]);
      await Deno.remove(path, { recursive: true });
    },
  };
}
