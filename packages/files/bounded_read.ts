import { formatBytes } from "./byte_size.ts";
import { FileError } from "./file_error.ts";
import { openRegularFile } from "./regular_file.ts";

/**
 * Options of {@linkcode readFileBounded}.
 *
 * @example
 * ```ts
 * import type { BoundedReadOptions } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const options: BoundedReadOptions = { limit: 1 << 20, what: "a history CSV" };
 * assert.equal(options.limit, 1048576);
 * ```
 */
export interface BoundedReadOptions {
  /** The most bytes to accept; one more and the file is refused. */
  readonly limit: number;
  /** What the file should be, for the message (`… the 1.5 GiB a model file can be`). */
  readonly what?: string;
  /** The verb phrase of the error's message (default `read`). */
  readonly action?: string;
}

/** `LEAD the 1.5 GiB a model file can be` (or `… this reads`). */
function tooLarge(lead: string, options: BoundedReadOptions): string {
  const bound = formatBytes(options.limit);
  return `${lead} the ${bound} ${
    options.what === undefined ? "this reads" : `${options.what} can be`
  }`;
}

/**
 * Reads a whole regular file, refusing it if it holds more than `limit`
 * bytes: at once from its size when it is larger, and the moment a read
 * passes the limit when it grows while being read. A folder, a device
 * (`/dev/zero`) or a FIFO is refused before it is opened.
 *
 * @param path The file.
 * @param options The limit, and the words of the error.
 * @returns The file's bytes.
 * @throws {FileError} If it is missing, unreadable, not a regular file or too large.
 *
 * @example
 * ```ts
 * import { readFileBounded } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeFile(path, new Uint8Array(10));
 * assert.equal((await readFileBounded(path, { limit: 10 })).length, 10);
 * await assert.rejects(readFileBounded(path, { limit: 9, what: "a label file" }), {
 *   message: `Cannot read ${path}: it is 10 bytes, more than the 9 bytes a label file can be`,
 * });
 * await assert.rejects(readFileBounded("/dev/zero", { limit: 9 }), /it is a device, not a file/);
 * await Deno.remove(path);
 * ```
 */
export async function readFileBounded(
  path: string,
  options: BoundedReadOptions,
): Promise<Uint8Array> {
  const file = await openRegularFile(path, options);
  try {
    const { size } = await file.stat();
    if (size > options.limit) {
      throw new FileError(path, {
        action: options.action,
        reason: tooLarge(`it is ${formatBytes(size)}, more than`, options),
      });
    }
    // One byte more than the size, so that growth shows without a second buffer.
    let bytes = new Uint8Array(size + 1);
    let length = 0;
    while (true) {
      if (length === bytes.length) {
        const grown = new Uint8Array(Math.min(bytes.length * 2, options.limit + 1));
        grown.set(bytes);
        bytes = grown;
      }
      let read: number | null;
      try {
        read = await file.read(bytes.subarray(length));
      } catch (error) {
        throw new FileError(path, { action: options.action, cause: error });
      }
      if (read === null) break;
      length += read;
      if (length > options.limit) {
        throw new FileError(path, {
          action: options.action,
          reason: tooLarge("it grew while being read, past", options),
        });
      }
    }
    return bytes.subarray(0, length);
  } finally {
    file.close();
  }
}

/**
 * Options of {@linkcode readStreamBounded}.
 *
 * @example
 * ```ts
 * import type { BoundedStreamOptions } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const options: BoundedStreamOptions = { limit: 64, source: "stdin" };
 * assert.equal(options.source, "stdin");
 * ```
 */
export interface BoundedStreamOptions extends BoundedReadOptions {
  /** The stream's name for the error, e.g. the file it comes from. */
  readonly source: string;
}

/**
 * Reads a whole byte stream, refusing it the moment it has delivered more
 * than `limit` bytes: the stream is cancelled then, so nothing more is
 * read.
 *
 * @param stream The bytes.
 * @param options The limit and the stream's name.
 * @returns Everything the stream held.
 * @throws {FileError} If the stream holds more than `limit` bytes.
 *
 * @example
 * ```ts
 * import { readStreamBounded } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const stream = () => new Blob(["hello"]).stream();
 * assert.equal((await readStreamBounded(stream(), { limit: 5, source: "s" })).length, 5);
 * await assert.rejects(readStreamBounded(stream(), { limit: 4, source: "s" }), {
 *   message: "Cannot read s: it holds more than the 4 bytes this reads",
 * });
 * ```
 */
export async function readStreamBounded(
  stream: ReadableStream<Uint8Array>,
  options: BoundedStreamOptions,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > options.limit) {
        throw new FileError(options.source, {
          action: options.action,
          reason: tooLarge("it holds more than", options),
        });
      }
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
