import { FileError, formatBytes, openRegularFile } from "@simple-mnist/files";
import { DataError } from "./dataset.ts";

/**
 * A decoded IDX file of unsigned bytes: its dimensions and values.
 *
 * @example
 * ```ts
 * import { type IdxArray, parseIdx } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const labels: IdxArray = parseIdx(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 1, 4), "l");
 * assert.equal(labels.magic, 2049);
 * ```
 */
export interface IdxArray {
  /** The magic number: 2051 for images, 2049 for labels. */
  readonly magic: number;
  /** Dimensions, outermost first (e.g. `[60000, 28, 28]`). */
  readonly dimensions: readonly number[];
  /** The values, row-major. */
  readonly data: Uint8Array;
}

/**
 * IDX magic number of an image file (unsigned bytes, 3 dimensions).
 *
 * @example
 * ```ts
 * import { IDX_IMAGES_MAGIC } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * assert.equal(IDX_IMAGES_MAGIC, 0x00000803);
 * ```
 */
export const IDX_IMAGES_MAGIC = 2051;
/**
 * IDX magic number of a label file (unsigned bytes, 1 dimension).
 *
 * @example
 * ```ts
 * import { IDX_LABELS_MAGIC } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * assert.equal(IDX_LABELS_MAGIC, 0x00000801);
 * ```
 */
export const IDX_LABELS_MAGIC = 2049;

/**
 * Tells whether bytes start like gzip data (`1f 8b`).
 *
 * @param bytes The file's first bytes.
 * @returns True for gzip.
 *
 * @example
 * ```ts
 * import { isGzip } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * assert.ok(isGzip(Uint8Array.of(0x1f, 0x8b, 8)));
 * assert.ok(!isGzip(Uint8Array.of(0, 0, 8, 3)));
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The most bytes an IDX file may declare (2 GiB, 45 times MNIST's training
 * images); a header that declares more is refused before anything is
 * allocated.
 *
 * @example
 * ```ts
 * import { IDX_MAX_BYTES } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * assert.ok(16 + 60_000 * 28 * 28 < IDX_MAX_BYTES);
 * ```
 */
export const IDX_MAX_BYTES = 2 ** 31;

/** Gzip input is handed to the inflater in pieces this small, so that one piece inflates to ~16 MiB at most. */
const GZIP_PIECE_BYTES = 16 << 10;
/** The data buffer starts at most this large and doubles up to the declared size as data arrives. */
const FIRST_BUFFER_BYTES = 16 << 20;

/**
 * Decodes IDX bytes as they arrive, refusing the file the moment it passes
 * the size its header declares: memory stays within twice that size.
 */
class IdxDecoder {
  readonly #source: string;
  readonly #head = new Uint8Array(4 + 4 * 255);
  #headLength = 0;
  #magic = 0;
  #dimensions: number[] | undefined;
  #headerBytes = 0;
  #size = 0;
  #data: Uint8Array = new Uint8Array(0);
  #length = 0;

  constructor(source: string) {
    this.#source = source;
  }

  #fail(problem: string): never {
    throw new DataError(this.#source, problem);
  }

  #declared(): string {
    return `header says ${this.#dimensions!.join("x")} (${this.#headerBytes + this.#size} bytes)`;
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    if (this.#dimensions === undefined) {
      offset = this.#readHeader(chunk);
      if (this.#dimensions === undefined) return;
    }
    const bytes = chunk.subarray(offset);
    if (bytes.length === 0) return;
    if (this.#length + bytes.length > this.#size) {
      this.#fail(`oversized IDX file: ${this.#declared()} but the file goes on past them`);
    }
    if (this.#length === 0 && bytes.length === this.#size) {
      this.#data = bytes; // all of it at once: keep a view, copy nothing
      this.#length = bytes.length;
      return;
    }
    if (this.#length + bytes.length > this.#data.length) {
      let capacity = Math.max(this.#data.length * 2, Math.min(this.#size, FIRST_BUFFER_BYTES));
      while (capacity < this.#length + bytes.length) capacity *= 2;
      const grown = new Uint8Array(Math.min(capacity, this.#size));
      grown.set(this.#data.subarray(0, this.#length));
      this.#data = grown;
    }
    this.#data.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /** Takes header bytes from `chunk`; returns how many it used. */
  #readHeader(chunk: Uint8Array): number {
    const wanted = this.#headLength < 4 ? 4 : 4 + 4 * this.#head[3];
    const taken = Math.min(wanted - this.#headLength, chunk.length);
    this.#head.set(chunk.subarray(0, taken), this.#headLength);
    this.#headLength += taken;
    if (this.#headLength < wanted) return taken;
    const view = new DataView(this.#head.buffer);
    if (wanted === 4) {
      this.#magic = view.getUint32(0);
      if (this.#magic !== IDX_IMAGES_MAGIC && this.#magic !== IDX_LABELS_MAGIC) {
        this.#fail(
          `not an MNIST IDX file: magic number ${this.#magic} (0x${
            this.#magic.toString(16).padStart(8, "0")
          }); expected ${IDX_IMAGES_MAGIC} (images) or ${IDX_LABELS_MAGIC} (labels)`,
        );
      }
      return taken + this.#readHeader(chunk.subarray(taken));
    }
    const dimensions: number[] = [];
    for (let d = 0; d < this.#head[3]; d++) dimensions.push(view.getUint32(4 + 4 * d));
    this.#dimensions = dimensions;
    this.#headerBytes = wanted;
    this.#size = dimensions.reduce((a, b) => a * b, 1);
    if (this.#headerBytes + this.#size > IDX_MAX_BYTES) {
      this.#fail(
        `${this.#declared()}, more than the ${formatBytes(IDX_MAX_BYTES)} an IDX file may hold`,
      );
    }
    return taken;
  }

  finish(): IdxArray {
    if (this.#dimensions === undefined) {
      if (this.#headLength < 4) {
        this.#fail(`truncated IDX file: ${this.#headLength} bytes, no room for a header`);
      }
      this.#fail(
        `truncated IDX file: ${this.#headLength} bytes, header needs ${4 + 4 * this.#head[3]}`,
      );
    }
    if (this.#length < this.#size) {
      this.#fail(
        `truncated IDX file: ${this.#declared()} but the file has ${
          this.#headerBytes + this.#length
        } bytes`,
      );
    }
    return {
      magic: this.#magic,
      dimensions: this.#dimensions,
      data: this.#data.subarray(0, this.#length),
    };
  }
}

/**
 * Decodes an MNIST IDX file (unsigned bytes): a 4-byte big-endian magic
 * number (`0x00 0x00 0x08 ndims`: 2051 for images, 2049 for labels), `ndims`
 * big-endian uint32 sizes, then the values.
 *
 * @param bytes The file's contents (already decompressed).
 * @param source The file's name, for errors.
 * @returns The dimensions and values (a view of `bytes`, not a copy).
 * @throws {DataError} On a wrong magic number or a size that does not match the header.
 *
 * @example
 * ```ts
 * import { parseIdx } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const labels = parseIdx(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1), "labels");
 * assert.deepEqual(labels.dimensions, [3]);
 * assert.deepEqual([...labels.data], [7, 2, 1]);
 * ```
 */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  const decoder = new IdxDecoder(source);
  decoder.push(bytes);
  return decoder.finish();
}

/** Splits chunks into pieces of at most `size` bytes. */
function pieces(size: number): TransformStream<Uint8Array, Uint8Array<ArrayBuffer>> {
  return new TransformStream({
    transform(chunk, controller) {
      for (let i = 0; i < chunk.length; i += size) {
        controller.enqueue(chunk.subarray(i, i + size) as Uint8Array<ArrayBuffer>);
      }
    },
  });
}

/** Reads the first two bytes of `reader`, and a stream of everything it holds. */
async function peek(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<{ first: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const seen: Uint8Array[] = [];
  let length = 0;
  while (length < 2) {
    const { done, value } = await reader.read();
    if (done) break;
    seen.push(value);
    length += value.length;
  }
  const first = Uint8Array.from(seen.flatMap((chunk) => [...chunk.subarray(0, 2)])).subarray(0, 2);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = seen.shift();
      if (next !== undefined) return controller.enqueue(next);
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
  return { first, stream };
}

/**
 * Decodes an IDX file, plain or gzip-compressed (told from its first
 * bytes), as a stream: it reads only as far as the header's declared size
 * plus one chunk, and refuses the file the moment more data arrives, so a
 * small gzip file that inflates to gigabytes costs a few megabytes. Gzip
 * input goes to `DecompressionStream` 16 KiB at a time and reading stops
 * once the output passes the bound.
 *
 * @param stream The file's bytes.
 * @param source The file's name, for errors.
 * @returns The decoded array.
 * @throws {DataError} On corrupt gzip, a malformed IDX file, or more or fewer bytes than declared.
 *
 * @example
 * ```ts
 * import { readIdxStream } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const labels = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 2, 7, 2);
 * assert.deepEqual([...(await readIdxStream(new Blob([labels]).stream(), "l")).data], [7, 2]);
 * const zipped = new Blob([labels, new Uint8Array(1 << 20)]).stream()
 *   .pipeThrough(new CompressionStream("gzip"));
 * await assert.rejects(readIdxStream(zipped, "l.gz"), /oversized IDX file/);
 * ```
 */
export async function readIdxStream(
  stream: ReadableStream<Uint8Array>,
  source: string,
): Promise<IdxArray> {
  const { first, stream: bytes } = await peek(stream.getReader());
  const gzipped = isGzip(first);
  const reader = gzipped
    ? bytes.pipeThrough(pieces(GZIP_PIECE_BYTES)).pipeThrough(new DecompressionStream("gzip"))
      .getReader()
    : bytes.getReader();
  const decoder = new IdxDecoder(source);
  try {
    while (true) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        if (gzipped) throw new DataError(source, `corrupt gzip data (${(error as Error).message})`);
        throw new FileError(source, { cause: error });
      }
      if (next.done) break;
      decoder.push(next.value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
  return decoder.finish();
}

/**
 * Decompresses gzip data with the web-standard `DecompressionStream`,
 * refusing data that inflates past `limit` bytes as soon as it does.
 *
 * @param bytes Gzip data.
 * @param source The file's name, for errors.
 * @param options The most bytes to inflate to (default {@linkcode IDX_MAX_BYTES}).
 * @returns The decompressed bytes.
 * @throws {DataError} If the data is corrupt, truncated or inflates past `limit`.
 *
 * @example
 * ```ts
 * import { gunzip } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const zipped = new Uint8Array(await new Response(
 *   new Blob([Uint8Array.of(1, 2, 3)]).stream().pipeThrough(new CompressionStream("gzip")),
 * ).arrayBuffer());
 * assert.deepEqual(await gunzip(zipped, "x.gz"), Uint8Array.of(1, 2, 3));
 * await assert.rejects(gunzip(zipped, "x.gz", { limit: 2 }), /inflates past 2 bytes/);
 * ```
 */
export async function gunzip(
  bytes: Uint8Array,
  source: string,
  options: { readonly limit?: number } = {},
): Promise<Uint8Array> {
  const limit = options.limit ?? IDX_MAX_BYTES;
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(pieces(GZIP_PIECE_BYTES)).pipeThrough(new DecompressionStream("gzip"))
    .getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (true) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      throw new DataError(source, `corrupt gzip data (${(error as Error).message})`);
    }
    if (next.done) break;
    length += next.value.length;
    if (length > limit) {
      await reader.cancel().catch(() => {});
      throw new DataError(source, `the gzip data inflates past ${formatBytes(limit)}`);
    }
    chunks.push(next.value);
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Reads an IDX file, plain or gzip-compressed (detected from its first
 * bytes), as a stream bounded by its header (see {@linkcode readIdxStream}).
 * A folder, a device or a FIFO is refused before it is opened.
 *
 * @param path The file.
 * @returns The decoded array.
 * @throws {FileError} If the file is missing, unreadable or not a regular file.
 * @throws {DataError} On corrupt gzip or a malformed IDX file.
 *
 * @example
 * ```ts
 * import { readIdxFile } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeFile(path, Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 1, 5));
 * assert.deepEqual([...(await readIdxFile(path)).data], [5]);
 * await assert.rejects(readIdxFile("/dev/zero"), { message: "Cannot read /dev/zero: it is a device, not a file" });
 * await Deno.remove(path);
 * ```
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const file = await openRegularFile(path);
  return await readIdxStream(file.readable, path);
}
