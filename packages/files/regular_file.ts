import { FileError } from "./file_error.ts";

/**
 * Options of {@linkcode statRegularFile} and {@linkcode openRegularFile}.
 *
 * @example
 * ```ts
 * import type { RegularFileOptions } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const options: RegularFileOptions = { action: "load model from" };
 * assert.equal(options.action, "load model from");
 * ```
 */
export interface RegularFileOptions {
  /** The verb phrase of the error's message (default `read`). */
  readonly action?: string;
}

/** Why a path that exists is not a file to read, or undefined when it is one. */
function notAFile(info: Deno.FileInfo): string | undefined {
  if (info.isFile) return undefined;
  if (info.isDirectory) return "it is a folder";
  if (info.isFifo) return "it is a named pipe (FIFO), not a file";
  if (info.isCharDevice || info.isBlockDevice) return "it is a device, not a file";
  if (info.isSocket) return "it is a socket, not a file";
  return "it is not a regular file";
}

/**
 * Looks at a path before anything opens it, and refuses anything but a
 * regular file: a folder, a device such as `/dev/zero`, a FIFO (which
 * would block the reader forever) or a socket.
 *
 * @param path The file.
 * @param options The action to name in the error.
 * @returns The file's information (following symbolic links).
 * @throws {FileError} If it is missing, unreadable or not a regular file.
 *
 * @example
 * ```ts
 * import { statRegularFile } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(statRegularFile("/dev/zero"), {
 *   message: "Cannot read /dev/zero: it is a device, not a file",
 * });
 * const path = await Deno.makeTempFile();
 * assert.equal((await statRegularFile(path)).size, 0);
 * await Deno.remove(path);
 * ```
 */
export async function statRegularFile(
  path: string,
  options: RegularFileOptions = {},
): Promise<Deno.FileInfo> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    throw new FileError(path, { action: options.action, cause: error });
  }
  const why = notAFile(info);
  if (why !== undefined) throw new FileError(path, { action: options.action, reason: why });
  return info;
}

/**
 * Opens a regular file for reading, after {@linkcode statRegularFile} has
 * looked at it, so that a device or a FIFO is refused at once instead of
 * being read forever or blocking the open.
 *
 * @param path The file.
 * @param options The action to name in the error.
 * @returns The open file, for the caller to close (or to read through `readable`).
 * @throws {FileError} If it is missing, unreadable or not a regular file.
 *
 * @example
 * ```ts
 * import { openRegularFile } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "hi");
 * const file = await openRegularFile(path);
 * assert.equal((await file.stat()).size, 2);
 * file.close();
 * await Deno.remove(path);
 * await assert.rejects(openRegularFile("/"), { message: "Cannot read /: it is a folder" });
 * ```
 */
export async function openRegularFile(
  path: string,
  options: RegularFileOptions = {},
): Promise<Deno.FsFile> {
  await statRegularFile(path, options);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    throw new FileError(path, { action: options.action, cause: error });
  }
  // The path could have been replaced between the look and the open.
  const why = notAFile(await file.stat());
  if (why !== undefined) {
    file.close();
    throw new FileError(path, { action: options.action, reason: why });
  }
  return file;
}
