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
 * Decompresses gzip data with the web-standard `DecompressionStream`.
 *
 * @param bytes Gzip data.
 * @param source The file's name, for errors.
 * @returns The decompressed bytes.
 * @throws {DataError} If the data is corrupt or truncated.
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
 * ```
 */
export async function gunzip(bytes: Uint8Array, source: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
      .pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new DataError(source, `corrupt gzip data (${(error as Error).message})`);
  }
}

/**
 * Decodes an MNIST IDX file (unsigned bytes): a 4-byte big-endian magic
 * number (`0x00 0x00 0x08 ndims`: 2051 for images, 2049 for labels), `ndims`
 * big-endian uint32 sizes, then the values.
 *
 * @param bytes The file's contents (already decompressed).
 * @param source The file's name, for errors.
 * @returns The dimensions and values.
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
  if (bytes.length < 4) {
    throw new DataError(source, `truncated IDX file: ${bytes.length} bytes, no room for a header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const ndims = bytes[3];
  if (magic !== IDX_IMAGES_MAGIC && magic !== IDX_LABELS_MAGIC) {
    throw new DataError(
      source,
      `not an MNIST IDX file: magic number ${magic} (0x${
        magic.toString(16).padStart(8, "0")
      }); expected ${IDX_IMAGES_MAGIC} (images) or ${IDX_LABELS_MAGIC} (labels)`,
    );
  }
  const header = 4 + 4 * ndims;
  if (bytes.length < header) {
    throw new DataError(
      source,
      `truncated IDX file: ${bytes.length} bytes, header needs ${header}`,
    );
  }
  const dimensions: number[] = [];
  for (let d = 0; d < ndims; d++) dimensions.push(view.getUint32(4 + 4 * d));
  const size = dimensions.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size) {
    throw new DataError(
      source,
      `${bytes.length < header + size ? "truncated" : "oversized"} IDX file: header says ${
        dimensions.join("x")
      } (${header + size} bytes) but the file has ${bytes.length} bytes`,
    );
  }
  return { magic, dimensions, data: bytes.subarray(header) };
}

/**
 * Reads an IDX file, plain or gzip-compressed (detected from its first bytes).
 *
 * @param path The file.
 * @returns The decoded array.
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
 * await Deno.remove(path);
 * ```
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array = await Deno.readFile(path);
  if (isGzip(bytes)) bytes = await gunzip(bytes, path);
  return parseIdx(bytes, path);
}
