import { dirname } from "node:path";
import { describeFileError, outputTarget } from "@simple-mnist/files";
import { UsageError } from "./usage_error.ts";

/**
 * Checks, before any work, that the command can write `path`: its folder
 * (a symbolic link's target's) exists, is a folder, and takes a new file
 * (a probe file is created and removed there, which is also how the atomic
 * writers work), and `path` is not itself a folder. A device or a FIFO
 * (`/dev/null`) passes: the writers write straight through it. Every
 * command's file outputs pass through here via `parseFlags` (flags marked
 * `writes`).
 *
 * @param path The output file.
 * @param flag The flag that named it, e.g. `--save`.
 * @throws {UsageError} Naming the flag, the path and what is wrong.
 *
 * @example
 * ```ts
 * import { checkOutputPath, UsageError } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * checkOutputPath(`${Deno.makeTempDirSync()}/m.model`, "--save");
 * assert.throws(() => checkOutputPath("/no/such/dir/m", "--save"), UsageError);
 * ```
 */
export function checkOutputPath(path: string, flag: string): void {
  const fail = (why: string) => new UsageError(`Cannot write ${flag} ${path}: ${why}`);
  let info: Deno.FileInfo | undefined;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory)) {
      throw fail(oneLine(error));
    }
  }
  if (info?.isDirectory) throw fail("it is a folder; name a file");
  // Where the write lands: a symbolic link's target, or a device or pipe written through.
  let target: string;
  try {
    const landing = outputTarget(path);
    if (landing.stream) return; // /dev/null, a FIFO: nothing to create
    target = landing.path;
  } catch (error) {
    throw fail(describeFileError(error));
  }
  const folder = dirname(target);
  let folderInfo: Deno.FileInfo;
  try {
    folderInfo = Deno.statSync(folder);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw fail(`there is no folder ${folder}`);
    if (error instanceof Deno.errors.NotADirectory) throw fail(`${folder} is not a folder`);
    throw fail(oneLine(error));
  }
  if (!folderInfo.isDirectory) throw fail(`${folder} is not a folder`);
  // Named to fit beside a file whose own name is near the 255-byte limit.
  const probe = `${folder}/.${crypto.randomUUID().slice(0, 8)}.probe`;
  try {
    Deno.openSync(probe, { write: true, createNew: true }).close();
  } catch (error) {
    throw fail(`the folder ${folder} is not writable (${describeFileError(error)})`);
  }
  Deno.removeSync(probe);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
