import { formatBytes, openRegularFile } from "@simple-mnist/files";
import { DataError, type Dataset } from "./dataset.ts";

/**
 * The longest header line a Kaggle CSV may have (64 KiB; the real one,
 * `label,pixel0,…,pixel783`, is 6,951 bytes). A longer one is refused
 * before more is read. A data row may be at most 4 bytes per column
 * (three digits and a comma) plus a carriage return: 3,141 bytes for 785
 * columns.
 *
 * @example
 * ```ts
 * import { CSV_HEADER_MAX_BYTES, parseKaggleCsv } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * assert.equal(CSV_HEADER_MAX_BYTES, 65536);
 * const endless = new Blob(["x".repeat(CSV_HEADER_MAX_BYTES + 1)]).stream();
 * await assert.rejects(parseKaggleCsv(endless, "t.csv"), /the header line is longer than 64 KiB/);
 * ```
 */
export const CSV_HEADER_MAX_BYTES = 64 * 1024;

/**
 * Options of {@linkcode readKaggleCsv}.
 *
 * @example
 * ```ts
 * import { type KaggleCsvOptions, parseKaggleCsv } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const options: KaggleCsvOptions = { limit: 1 };
 * const set = await parseKaggleCsv(new Blob(["label,pixel0\n1,2\n3,4\n"]).stream(), "t.csv", options);
 * assert.equal(set.count, 1);
 * ```
 */
export interface KaggleCsvOptions {
  /** Read only the first `limit` data rows (the rest of the file is not read). */
  readonly limit?: number;
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const ZERO = 0x30;
const NINE = 0x39;

/** Bytes that grow by doubling, then hand out a view of what was written. */
class ByteBuffer {
  bytes = new Uint8Array(1 << 16);
  length = 0;

  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    // Copy all of it: a row being decoded sits past `length` until it ends.
    grown.set(this.bytes);
    this.bytes = grown;
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * A streaming decoder of the Kaggle digit-recognizer CSV: a header
 * (`label,pixel0,…,pixel783`, or without `label` for test.csv), then one
 * image per line of unsigned integers. It decodes bytes straight into a
 * compact pixel buffer, never building strings, and validates as it goes.
 */
class KaggleCsvDecoder {
  readonly #source: string;
  readonly #limit: number;
  #header: Uint8Array[] = [];
  #headerLength = 0;
  #inHeader = true;
  #hasLabel = false;
  #columns = 0;
  readonly #pixels = new ByteBuffer();
  readonly #labels = new ByteBuffer();
  // Position in the body.
  #line = 1;
  #rows = 0;
  /** Bytes of the current row seen in earlier chunks. */
  #rowBytes = 0;
  #field = 0;
  #value = 0;
  #digits = 0;
  done = false;

  constructor(source: string, limit: number) {
    this.#source = source;
    this.#limit = limit;
  }

  #fail(problem: string, column?: number): never {
    throw new DataError(this.#source, problem, { line: this.#line, column });
  }

  #columnName(field: number): string {
    if (this.#hasLabel && field === 0) return "label";
    return `pixel${field - (this.#hasLabel ? 1 : 0)}`;
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.#inHeader) {
      const newline = chunk.indexOf(NEWLINE);
      const end = newline === -1 ? chunk.length : newline;
      if (this.#headerLength + end > CSV_HEADER_MAX_BYTES) {
        this.#fail(
          `the header line is longer than ${
            formatBytes(CSV_HEADER_MAX_BYTES)
          } (a Kaggle digit CSV's is 6,951 bytes): not a Kaggle digit CSV`,
        );
      }
      this.#header.push(chunk.slice(0, end));
      this.#headerLength += end;
      if (newline === -1) return;
      this.#readHeader();
      start = newline + 1;
    }
    this.#readBody(chunk, start);
  }

  #readHeader(): void {
    this.#inHeader = false;
    const decoder = new TextDecoder();
    let text = this.#header.map((part) => decoder.decode(part, { stream: true })).join("") +
      decoder.decode();
    this.#header = [];
    if (text.endsWith("\r")) text = text.slice(0, -1);
    const names = text.split(",");
    this.#hasLabel = names[0] === "label";
    const pixels = names.length - (this.#hasLabel ? 1 : 0);
    for (let field = 0; field < names.length; field++) {
      this.#columns = names.length;
      const expected = this.#columnName(field);
      if (names[field] !== expected) {
        this.#fail(
          `the header's column ${field + 1} is ${
            JSON.stringify(names[field].slice(0, 40))
          } but a Kaggle digit CSV has ${JSON.stringify(expected)} there`,
          field + 1,
        );
      }
    }
    if (pixels < 1) this.#fail("the header names no pixel columns");
    this.#line = 2;
  }

  get features(): number {
    return this.#columns - (this.#hasLabel ? 1 : 0);
  }

  #readBody(chunk: Uint8Array, start: number): void {
    const columns = this.#columns;
    const hasLabel = this.#hasLabel;
    const firstPixel = hasLabel ? 1 : 0;
    const features = columns - firstPixel;
    const pixels = this.#pixels;
    // Room for every row this chunk could finish, so the loop never checks.
    pixels.reserve(features * (Math.ceil((chunk.length - start) / (2 * columns)) + 2));
    let bytes = pixels.bytes;
    let field = this.#field;
    let value = this.#value;
    let digits = this.#digits;
    let rowBase = this.#rows * features - firstPixel;
    // Three digits and a comma per field, and a carriage return.
    const maxRowBytes = 4 * columns + 1;
    let rowStart = start - this.#rowBytes;

    for (let i = start; i < chunk.length; i++) {
      const c = chunk[i];
      if (c >= ZERO && c <= NINE) {
        value = value * 10 + (c - ZERO);
        digits++;
        continue;
      }
      if (c === COMMA || c === NEWLINE) {
        if (digits === 0) {
          if (c === NEWLINE && field === 0) {
            this.#line++; // a blank line
            rowStart = i + 1;
            continue;
          }
          this.#field = field;
          this.#fail(`the ${this.#columnName(field)} field is empty`, field + 1);
        }
        if (field >= columns) {
          this.#field = field;
          this.#fail(`the row has more than the header's ${columns} fields`, field + 1);
        }
        if (field < firstPixel) {
          if (value > 9) this.#fail(`label ${value} is out of range 0-9`, 1);
          this.#labels.reserve(1);
          this.#labels.bytes[this.#labels.length++] = value;
        } else {
          if (value > 255) {
            this.#fail(`${this.#columnName(field)} is ${value}, out of range 0-255`, field + 1);
          }
          bytes[rowBase + field] = value;
        }
        value = 0;
        digits = 0;
        field++;
        if (c === NEWLINE) {
          if (field !== columns) {
            this.#fail(`the row has ${field} fields but the header has ${columns}`);
          }
          if (i - rowStart > maxRowBytes) this.#longRow(maxRowBytes);
          rowStart = i + 1;
          this.#rows++;
          this.#line++;
          field = 0;
          rowBase += features;
          if (this.#rows === this.#limit) {
            this.done = true;
            break;
          }
          if (rowBase + columns > bytes.length) {
            pixels.length = rowBase + firstPixel;
            pixels.reserve(features);
            bytes = pixels.bytes;
          }
        }
        continue;
      }
      if (c === RETURN && (i + 1 === chunk.length || chunk[i + 1] === NEWLINE)) continue;
      this.#field = field;
      this.#badField(chunk, i, digits === 0 ? "" : String(value));
    }

    this.#field = field;
    this.#value = value;
    this.#digits = digits;
    pixels.length = this.#rows * features;
    this.#rowBytes = this.done ? 0 : chunk.length - rowStart;
    if (this.#rowBytes > maxRowBytes) this.#longRow(maxRowBytes);
  }

  #longRow(maxRowBytes: number): never {
    this.#fail(
      `the row is longer than ${maxRowBytes} bytes, the most ${this.#columns} fields of 0-255 take`,
    );
  }

  #badField(chunk: Uint8Array, at: number, prefix: string): never {
    let end = at;
    while (end < chunk.length && chunk[end] !== COMMA && chunk[end] !== NEWLINE && end - at < 20) {
      end++;
    }
    const text = prefix + new TextDecoder().decode(chunk.subarray(at, end));
    this.#fail(
      `the ${this.#columnName(this.#field)} field ${
        JSON.stringify(text)
      } is not a non-negative integer`,
      this.#field + 1,
    );
  }

  finish(): Dataset {
    if (this.#inHeader) {
      if (this.#headerLength === 0) {
        throw new DataError(this.#source, "the file is empty (expected a Kaggle digit CSV)");
      }
      this.#readHeader();
    }
    // A last row without a final newline.
    if (!this.done && (this.#field > 0 || this.#digits > 0)) {
      this.#readBody(Uint8Array.of(NEWLINE), 0);
    }
    if (this.#rows === 0) {
      throw new DataError(this.#source, "the file has a header but no data rows");
    }
    const features = this.features;
    const side = Math.sqrt(features);
    const square = Number.isInteger(side);
    return {
      count: this.#rows,
      features,
      width: square ? side : features,
      height: square ? side : 1,
      pixels: this.#pixels.view(),
      labels: this.#hasLabel ? this.#labels.view() : undefined,
      source: this.#source,
    };
  }
}

/**
 * Decodes a Kaggle digit-recognizer CSV from a byte stream.
 *
 * @param stream The CSV's bytes.
 * @param source The file's name, for errors.
 * @param options How many rows to read.
 * @returns The images (and labels, if the header has a `label` column).
 * @throws {DataError} Naming the file, line and column: an empty file, a
 * header only, a header line over {@linkcode CSV_HEADER_MAX_BYTES}, a short
 * or long row (more fields than the header, or more bytes than its fields
 * can take), a non-numeric or empty field, a pixel above 255 or a label
 * above 9.
 *
 * @example
 * ```ts
 * import { parseKaggleCsv } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const csv = "label,pixel0,pixel1\n3,0,255\n7,12,0\n";
 * const set = await parseKaggleCsv(new Blob([csv]).stream(), "train.csv");
 * assert.deepEqual([...set.labels!], [3, 7]);
 * assert.deepEqual([...set.pixels], [0, 255, 12, 0]);
 *
 * await assert.rejects(
 *   parseKaggleCsv(new Blob(["label,pixel0\n3,256\n"]).stream(), "bad.csv"),
 *   { message: "bad.csv:2: column 2: pixel0 is 256, out of range 0-255" },
 * );
 * ```
 */
export async function parseKaggleCsv(
  stream: ReadableStream<Uint8Array>,
  source: string,
  options: KaggleCsvOptions = {},
): Promise<Dataset> {
  const limit = options.limit ?? Infinity;
  const decoder = new KaggleCsvDecoder(source, limit);
  const reader = stream.getReader();
  try {
    while (!decoder.done) {
      const { done, value } = await reader.read();
      if (done) break;
      decoder.push(value);
    }
  } finally {
    await reader.cancel();
  }
  return decoder.finish();
}

/**
 * Reads a Kaggle digit-recognizer CSV file (`train.csv` or `test.csv`),
 * streaming it from disk.
 *
 * @param path The file.
 * @param options How many rows to read.
 * @returns The images, with labels when the file has them.
 * @throws {FileError} If the file is missing, unreadable or not a regular
 * file (a device or a FIFO is refused before it is opened).
 * @throws {DataError} On malformed content (see {@linkcode parseKaggleCsv}).
 *
 * @example
 * ```ts
 * import { readKaggleCsv } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "pixel0,pixel1,pixel2,pixel3\n1,2,3,4\n");
 * const set = await readKaggleCsv(path);
 * assert.equal(set.labels, undefined);
 * assert.deepEqual([set.width, set.height], [2, 2]);
 * await Deno.remove(path);
 * ```
 */
export async function readKaggleCsv(
  path: string,
  options: KaggleCsvOptions = {},
): Promise<Dataset> {
  const file = await openRegularFile(path);
  return await parseKaggleCsv(file.readable, path, options);
}
