import { FileError } from "./file_error.ts";

/**
 * Where writing a path lands (see {@linkcode outputTarget}).
 *
 * @example
 * ```ts
 * import type { OutputTarget } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const target: OutputTarget = { path: "/dev/null", stream: true };
 * assert.ok(target.stream);
 * ```
 */
export interface OutputTarget {
  /** The file to replace (a symbolic link's final target), or the stream to write into. */
  readonly path: string;
  /**
   * True for a character device (`/dev/null`, a terminal) or a FIFO (a
   * pipe, `/dev/stdout` piped on): written straight through, since it
   * cannot be replaced. False for a file, new or existing, that is
   * replaced whole.
   */
  readonly stream: boolean;
}

/** Symbolic links followed at most, as Linux's own limit (ELOOP after 40). */
const MAX_LINKS = 40;

/** Nothing there: a new file (whose write says why, if its folder is missing or is a file). */
function missing(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory;
}

function refuse(path: string, reason: string): never {
  throw new FileError(path, { action: "write", reason });
}

/**
 * Says where writing `path` lands, before anything is written: the file a
 * symbolic link points to (followed to its end, so that the link stays a
 * link and its target is what gets replaced), or, for a character device
 * (`/dev/null`, `/dev/full`) or a FIFO, the path itself as a stream to
 * write into, since replacing it would put a regular file where the device
 * or the pipe was.
 *
 * @param path The file the user asked to write.
 * @returns The file to replace, or the stream to write through.
 * @throws {FileError} Naming `path`, if it is a folder, a block device or a
 * socket, or its links go round in a loop. A path that cannot be made (its
 * folder is missing) is returned as it is: writing it says why.
 *
 * @example
 * ```ts
 * import { outputTarget } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.symlink("real.model", `${dir}/latest.model`);
 * assert.deepEqual(outputTarget(`${dir}/latest.model`), { path: `${dir}/real.model`, stream: false });
 * assert.deepEqual(outputTarget(`${dir}/new.csv`), { path: `${dir}/new.csv`, stream: false });
 * assert.deepEqual(outputTarget("/dev/null"), { path: "/dev/null", stream: true });
 * assert.throws(() => outputTarget(dir), { message: `Cannot write ${dir}: it is a folder` });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function outputTarget(path: string): OutputTarget {
  let info: Deno.FileInfo | undefined;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    // Missing (perhaps a link to a file not made yet): followed below. Anything else: say so.
    if (!missing(error)) throw new FileError(path, { action: "write", cause: error });
  }
  if (info !== undefined) {
    if (info.isDirectory) refuse(path, "it is a folder");
    if (info.isCharDevice || info.isFifo) return { path, stream: true };
    if (info.isBlockDevice) refuse(path, "it is a block device (a disk), not a file");
    if (info.isSocket) refuse(path, "it is a socket, not a file");
  }
  if (Deno.build.os === "windows") return { path, stream: false };
  let current = path;
  for (let links = 0; links <= MAX_LINKS; links++) {
    let link: string;
    try {
      if (!Deno.lstatSync(current).isSymlink) return { path: current, stream: false };
      link = Deno.readLinkSync(current);
    } catch (error) {
      if (missing(error)) return { path: current, stream: false };
      throw new FileError(path, { action: "write", cause: error });
    }
    // POSIX paths only: Windows returned above. (No node:path: the page bundles this package.)
    current = link.startsWith("/")
      ? link
      : `${current.slice(0, current.lastIndexOf("/") + 1)}${link}`;
  }
  refuse(path, "too many levels of symbolic links");
}
