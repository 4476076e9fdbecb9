/**
 * Writes a file atomically: `write` fills a temporary file beside `path`,
 * which is then renamed over `path`. If `write` throws, the temporary file
 * is removed and `path` is left as it was, so a failure never leaves a
 * partial file.
 *
 * @param path The file to produce.
 * @param write Writes the contents through the given function.
 * @returns A promise that settles once the file is in place.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/a.txt`, async (write) => {
 *   await write(new TextEncoder().encode("hello"));
 * });
 * assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "hello");
 * await assert.rejects(writeFileAtomic(`${dir}/b.txt`, () => Promise.reject(new Error("boom"))));
 * assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.txt"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(
  path: string,
  write: (write: (bytes: Uint8Array) => Promise<void>) => Promise<void>,
): Promise<void> {
  const temporary = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const file = await Deno.open(temporary, { write: true, createNew: true });
  let closed = false;
  try {
    const writer = file.writable.getWriter();
    closed = true; // closing the writer closes the file
    await write((bytes) => writer.write(bytes));
    await writer.close();
    await Deno.rename(temporary, path);
  } catch (error) {
    if (!closed) file.close();
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}
