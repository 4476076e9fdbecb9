import { validateWeights, type Weights } from "./weights.ts";

/**
 * The first four bytes of every model file: ASCII `SMNN`.
 *
 * @example
 * ```ts
 * import { encodeModel, initWeights, MODEL_MAGIC } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeModel(initWeights(seededPrng(0), { hidden: 2 }));
 * assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), MODEL_MAGIC);
 * ```
 */
export const MODEL_MAGIC = "SMNN";
/**
 * The format version this build writes and reads.
 *
 * @example
 * ```ts
 * import { encodeModel, initWeights, MODEL_VERSION } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeModel(initWeights(seededPrng(0), { hidden: 2 }));
 * assert.equal(new DataView(bytes.buffer).getUint32(4, true), MODEL_VERSION);
 * ```
 */
export const MODEL_VERSION = 1;

const HEADER_BYTES = 20;
const TRAILER_BYTES = 4;
const MAX_PARAMETERS = 1 << 28;

/**
 * Encodes weights in the simple-mnist model format, version 1 (all integers
 * and floats little-endian):
 *
 * | offset | size | field |
 * | --- | --- | --- |
 * | 0 | 4 | magic, ASCII `SMNN` |
 * | 4 | 4 | version, uint32 = 1 |
 * | 8 | 4 | inputs, uint32 |
 * | 12 | 4 | hidden, uint32 |
 * | 16 | 4 | classes, uint32 |
 * | 20 | 4·n | float32 values of `W1` (hidden x inputs, row-major), `b1`, `W2` (classes x hidden, row-major), `b2` |
 * | 20 + 4·n | 4 | CRC-32 (IEEE) of every byte before it, uint32 |
 *
 * @param weights The weights.
 * @returns The file's bytes.
 * @throws {TypeError} If the arrays do not match the shape.
 *
 * @example
 * ```ts
 * import { decodeModel, encodeModel, initWeights } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const weights = initWeights(seededPrng(0));
 * const bytes = encodeModel(weights);
 * assert.equal(bytes.length, 20 + 4 * (7840 + 10 + 100 + 10) + 4);
 * assert.deepEqual(decodeModel(bytes, "in memory"), weights);
 * ```
 */
export function encodeModel(weights: Weights): Uint8Array {
  validateWeights(weights);
  const arrays = [weights.W1, weights.b1, weights.W2, weights.b2];
  const values = arrays.reduce((n, a) => n + a.length, 0);
  const bytes = new Uint8Array(HEADER_BYTES + 4 * values + TRAILER_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MODEL_MAGIC), 0);
  view.setUint32(4, MODEL_VERSION, true);
  view.setUint32(8, weights.inputs, true);
  view.setUint32(12, weights.hidden, true);
  view.setUint32(16, weights.classes, true);
  let offset = HEADER_BYTES;
  for (const array of arrays) {
    for (const value of array) {
      view.setFloat32(offset, value, true);
      offset += 4;
    }
  }
  view.setUint32(offset, crc32(bytes.subarray(0, offset)), true);
  return bytes;
}

/**
 * Decodes a model file's bytes, checking everything it can.
 *
 * @param bytes The file's contents.
 * @param source The file's name, for error messages.
 * @returns The weights.
 * @throws {TypeError} Naming `source` and what is wrong: too short, not a
 * model file, another version, a size that does not match the shape, a failed
 * checksum, or a value that is not finite.
 *
 * @example
 * ```ts
 * import { decodeModel } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => decodeModel(new TextEncoder().encode("hello, world, not a model"), "notes.txt"), {
 *   message: 'Cannot load model from notes.txt: not a simple-mnist model (it starts with "hell", not "SMNN")',
 * });
 * ```
 */
export function decodeModel(bytes: Uint8Array, source: string): Weights {
  const fail = (why: string): never => {
    throw new TypeError(`Cannot load model from ${source}: ${why}`);
  };
  if (bytes.length < 4) fail(`the file is ${bytes.length} bytes, too short to be a model`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MODEL_MAGIC) {
    fail(
      `not a simple-mnist model (it starts with ${JSON.stringify(magic)}, not "${MODEL_MAGIC}")`,
    );
  }
  if (bytes.length < HEADER_BYTES + TRAILER_BYTES) {
    fail(`the file is ${bytes.length} bytes, too short for a model header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== MODEL_VERSION) {
    fail(`format version ${version} is not supported (this build reads version ${MODEL_VERSION})`);
  }
  const inputs = view.getUint32(8, true);
  const hidden = view.getUint32(12, true);
  const classes = view.getUint32(16, true);
  const shape = `${inputs}-${hidden}-${classes}`;
  const values = hidden * inputs + hidden + classes * hidden + classes;
  if (inputs === 0 || hidden === 0 || classes === 0 || values > MAX_PARAMETERS) {
    fail(`the header's shape ${shape} is not a usable net`);
  }
  const expected = HEADER_BYTES + 4 * values + TRAILER_BYTES;
  if (bytes.length !== expected) {
    fail(
      `a ${shape} model is ${expected} bytes but the file is ${bytes.length} (truncated or padded)`,
    );
  }
  const stored = view.getUint32(expected - TRAILER_BYTES, true);
  if (stored !== crc32(bytes.subarray(0, expected - TRAILER_BYTES))) {
    fail("the checksum does not match: the file is corrupt");
  }
  let offset = HEADER_BYTES;
  const read = (name: string, length: number) => {
    const array = new Float32Array(length);
    for (let e = 0; e < length; e++) {
      array[e] = view.getFloat32(offset, true);
      if (!Number.isFinite(array[e])) fail(`${name}[${e}] is ${array[e]}`);
      offset += 4;
    }
    return array;
  };
  const W1 = read("W1", hidden * inputs);
  const b1 = read("b1", hidden);
  const W2 = read("W2", classes * hidden);
  const b2 = read("b2", classes);
  return { inputs, hidden, classes, W1, b1, W2, b2 };
}

/**
 * Writes weights to a model file atomically: to a temporary file beside it,
 * then renamed over it, so a failure leaves no partial file.
 *
 * @param path Where to write.
 * @param weights The weights.
 * @returns A promise that settles once the file is in place.
 *
 * @example
 * ```ts
 * import { initWeights, loadModel, saveModel } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".model" });
 * const weights = initWeights(seededPrng(2), { hidden: 4 });
 * await saveModel(path, weights);
 * assert.deepEqual(await loadModel(path), weights);
 * await Deno.remove(path);
 * ```
 */
export async function saveModel(path: string, weights: Weights): Promise<void> {
  const bytes = encodeModel(weights);
  const temporary = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await Deno.writeFile(temporary, bytes);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

/**
 * Reads and decodes a model file.
 *
 * @param path The file.
 * @returns The weights.
 * @throws {TypeError} If the file is not a valid model (see {@linkcode decodeModel}).
 * @throws {Deno.errors.NotFound} If there is no such file.
 *
 * @example
 * ```ts
 * import { loadModel } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "garbage");
 * await assert.rejects(loadModel(path), TypeError);
 * await Deno.remove(path);
 * ```
 */
export async function loadModel(path: string): Promise<Weights> {
  return decodeModel(await Deno.readFile(path), path);
}

let crcTable: Uint32Array | undefined;

/** CRC-32 with the IEEE polynomial (as zip and PNG use). */
function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
