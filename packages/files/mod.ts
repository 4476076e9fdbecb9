/**
 * Files for simple-mnist, written whole or not at all and read within
 * stated bounds: the one atomic writer (a temporary file beside the target,
 * flushed, then renamed; removed on any error or on SIGINT/SIGTERM; a
 * symbolic link's target replaced, a device or a pipe written through), reads
 * that refuse a device, a FIFO or a file larger than a limit before
 * reading it, errors that name the user's file and say what happened in
 * words (`Cannot write /tmp/full/m.model: the disk is full`), and CRC-32.
 *
 * @example
 * ```ts
 * import { crc32, readFileBounded, writeFileAtomic } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/h.csv`, "iteration,loss\n1,2.3\n");
 * const bytes = await readFileBounded(`${dir}/h.csv`, { limit: 1 << 20 });
 * assert.equal(new TextDecoder().decode(bytes), "iteration,loss\n1,2.3\n");
 * assert.equal(crc32(bytes), crc32(new TextEncoder().encode("iteration,loss\n1,2.3\n")));
 * await assert.rejects(writeFileAtomic(`${dir}/missing/m.model`, bytes), {
 *   message: `Cannot write ${dir}/missing/m.model: no such file or folder`,
 * });
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./atomic_write.ts";
export * from "./bounded_read.ts";
export * from "./byte_size.ts";
export * from "./crc32.ts";
export * from "./file_error.ts";
export * from "./output_target.ts";
export * from "./regular_file.ts";
