import { expectActivation } from "@simple-mnist/backend";
import { crc32, FileError, readFileBounded, writeFileAtomic } from "@simple-mnist/files";
import { architecture, MAX_PARAMETERS, validateWeights, type Weights } from "./weights.ts";

/**
 * The first four bytes of a version 1 model file: ASCII `SMNN`. Version 2
 * files are safetensors files and start with their header's length.
 *
 * @example
 * ```ts
 * import { MODEL_MAGIC } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(MODEL_MAGIC, "SMNN");
 * ```
 */
export const MODEL_MAGIC = "SMNN";

/**
 * The format version this build writes; it reads this one and version 1.
 *
 * @example
 * ```ts
 * import { decodeModelFile, encodeModel, initWeights, MODEL_VERSION } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeModel(initWeights(seededPrng(0), { hidden: 2 }));
 * assert.equal(decodeModelFile(bytes, "in memory").version, MODEL_VERSION);
 * ```
 */
export const MODEL_VERSION = 2;

/**
 * How a model was made, kept in its file: the flags, seed, data, backend and
 * accuracies, as any JSON object. Tools read it from the safetensors header's
 * `__metadata__.training`.
 *
 * @example
 * ```ts
 * import type { ModelMetadata } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const metadata: ModelMetadata = { seed: 0, testAccuracy: 0.848 };
 * assert.equal(metadata.seed, 0);
 * ```
 */
export type ModelMetadata = Readonly<Record<string, unknown>>;

/**
 * A decoded model file: its format version, weights and metadata (empty
 * for version 1, which kept none).
 *
 * @example
 * ```ts
 * import { decodeModelFile, encodeModel, initWeights, type ModelFile } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const file: ModelFile = decodeModelFile(encodeModel(initWeights(seededPrng(0)), { seed: 0 }), "x");
 * assert.deepEqual(file.metadata, { seed: 0 });
 * ```
 */
export interface ModelFile {
  /** 1 or 2. */
  readonly version: number;
  /** The architecture and parameters. */
  readonly weights: Weights;
  /** How the model was made. */
  readonly metadata: ModelMetadata;
}

const FORMAT = "simple-mnist";
const V1_HEADER_BYTES = 20;
const V1_TRAILER_BYTES = 4;
/** A header larger than this is not ours (a 784-4096-4096-10 net's is ~1 KB). */
const MAX_HEADER_BYTES = 1 << 20;

/**
 * Encodes a model in format version 2, a
 * [safetensors](https://huggingface.co/docs/safetensors) file that common
 * tools read:
 *
 * | offset | size | field |
 * | --- | --- | --- |
 * | 0 | 8 | `N`, the header's length in bytes, uint64 little-endian |
 * | 8 | N | the header: UTF-8 JSON, padded with spaces to a multiple of 8 |
 * | 8 + N | 4·n | the tensors' float32 values, little-endian, in the header's order: `W1` (`layers[1] x layers[0]`, row-major), `b1`, `W2`, `b2`, … |
 *
 * The header maps each tensor's name to `{"dtype": "F32", "shape": [rows,
 * cols], "data_offsets": [begin, end]}` (byte offsets into the data, so
 * `end − begin = 4·rows·cols`; biases have shape `[rows]`), and
 * `__metadata__` to strings: `format` (`"simple-mnist"`), `version`
 * (`"2"`), `layers` (JSON, e.g. `"[784,10,10]"`), `activation`, `crc32` (the
 * CRC-32 of the data bytes, 8 hex digits) and `training` (the
 * {@linkcode ModelMetadata} as JSON).
 *
 * @param weights The weights.
 * @param metadata How the model was made (default none).
 * @returns The file's bytes.
 * @throws {TypeError} If the arrays do not match the widths.
 *
 * @example
 * ```ts
 * import { decodeModel, encodeModel, initWeights } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const weights = initWeights(seededPrng(0), { hidden: [32, 16] });
 * const bytes = encodeModel(weights, { seed: 0 });
 * assert.deepEqual(decodeModel(bytes, "in memory"), weights);
 * ```
 */
export function encodeModel(weights: Weights, metadata: ModelMetadata = {}): Uint8Array {
  validateWeights(weights);
  const { layers } = weights;
  const tensors: [string, Float32Array, number[]][] = [];
  for (let l = 1; l < layers.length; l++) {
    tensors.push([`W${l}`, weights.W[l - 1], [layers[l], layers[l - 1]]]);
    tensors.push([`b${l}`, weights.b[l - 1], [layers[l]]]);
  }
  const dataBytes = 4 * tensors.reduce((n, [, values]) => n + values.length, 0);
  const data = new Uint8Array(dataBytes);
  const view = new DataView(data.buffer);
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, values, shape] of tensors) {
    header[name] = { dtype: "F32", shape, data_offsets: [offset, offset + 4 * values.length] };
    for (const value of values) {
      view.setFloat32(offset, value, true);
      offset += 4;
    }
  }
  header.__metadata__ = {
    format: FORMAT,
    version: String(MODEL_VERSION),
    layers: JSON.stringify(layers),
    activation: weights.activation,
    crc32: crc32(data).toString(16).padStart(8, "0"),
    training: JSON.stringify(metadata),
  };
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (new TextEncoder().encode(json).length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const bytes = new Uint8Array(8 + headerBytes.length + dataBytes);
  new DataView(bytes.buffer).setUint32(0, headerBytes.length, true);
  bytes.set(headerBytes, 8);
  bytes.set(data, 8 + headerBytes.length);
  return bytes;
}

/**
 * Decodes a model file of either version, checking everything: the
 * header, the shapes, the length, the checksum and that every value is
 * finite.
 *
 * @param bytes The file's contents.
 * @param source The file's name, for error messages.
 * @returns The version, weights and metadata.
 * @throws {TypeError} Naming `source` and what is wrong.
 *
 * @example
 * ```ts
 * import { decodeModelFile, encodeModel, initWeights } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const file = decodeModelFile(encodeModel(initWeights(seededPrng(0)), { lr: 0.1 }), "x.model");
 * assert.deepEqual(file.weights.layers, [784, 10, 10]);
 * assert.equal(file.metadata.lr, 0.1);
 * assert.throws(() => decodeModelFile(new Uint8Array(3), "x.model"), /Cannot load model from x.model/);
 * ```
 */
export function decodeModelFile(bytes: Uint8Array, source: string): ModelFile {
  const fail = (why: string): never => {
    throw new TypeError(`Cannot load model from ${source}: ${why}`);
  };
  if (bytes.length < 8) fail(`the file is ${bytes.length} bytes, too short to be a model`);
  if (String.fromCharCode(...bytes.subarray(0, 4)) === MODEL_MAGIC) {
    return { version: 1, weights: decodeVersion1(bytes, fail), metadata: {} };
  }
  return decodeVersion2(bytes, fail);
}

/**
 * Decodes a model file's weights (see {@linkcode decodeModelFile}).
 *
 * @param bytes The file's contents.
 * @param source The file's name, for error messages.
 * @returns The weights.
 * @throws {TypeError} Naming `source` and what is wrong.
 *
 * @example
 * ```ts
 * import { decodeModel, encodeModel, initWeights } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const weights = initWeights(seededPrng(1));
 * assert.deepEqual(decodeModel(encodeModel(weights), "x"), weights);
 * ```
 */
export function decodeModel(bytes: Uint8Array, source: string): Weights {
  return decodeModelFile(bytes, source).weights;
}

function decodeVersion2(bytes: Uint8Array, fail: (why: string) => never): ModelFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  if (view.getUint32(4, true) !== 0 || headerLength > MAX_HEADER_BYTES) {
    fail("not a simple-mnist model (neither a version 1 file nor a safetensors header)");
  }
  if (8 + headerLength > bytes.length) {
    fail(`the header is ${headerLength} bytes but the file is ${bytes.length} (truncated)`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(8, 8 + headerLength),
    ));
  } catch {
    return fail("not a simple-mnist model (its header is not JSON)");
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    fail("not a simple-mnist model (its header is not a JSON object)");
  }
  const meta = header.__metadata__ as Record<string, unknown> | undefined;
  if (typeof meta !== "object" || meta === null || meta.format !== FORMAT) {
    fail(`a safetensors file but not a simple-mnist model (no __metadata__.format "${FORMAT}")`);
  }
  const m = meta as Record<string, unknown>;
  if (m.version !== String(MODEL_VERSION)) {
    fail(
      `format version ${m.version} is not supported (this build reads versions 1 and ${MODEL_VERSION})`,
    );
  }
  let layers: number[] = [];
  let metadata: ModelMetadata = {};
  try {
    layers = JSON.parse(String(m.layers));
    metadata = JSON.parse(String(m.training ?? "{}"));
  } catch {
    fail("__metadata__.layers or .training is not JSON");
  }
  if (!Array.isArray(layers) || layers.length < 2 || !layers.every(Number.isInteger)) {
    fail(`__metadata__.layers ${JSON.stringify(m.layers)} is not a list of widths`);
  }
  let activation;
  try {
    activation = expectActivation(m.activation, "bad __metadata__.activation");
  } catch (error) {
    return fail((error as Error).message);
  }
  if (layers.some((w) => w < 1) || countOf(layers) > MAX_PARAMETERS) {
    fail(`the header's layers ${architecture(layers)} are not a usable net`);
  }
  const dataStart = 8 + headerLength;
  const data = bytes.subarray(dataStart);
  const expectedBytes = 4 * countOf(layers);
  if (data.length !== expectedBytes) {
    fail(
      `a ${
        architecture(layers)
      } model has ${expectedBytes} bytes of weights but the file has ${data.length} (truncated or padded)`,
    );
  }
  if (m.crc32 !== crc32(data).toString(16).padStart(8, "0")) {
    fail("the checksum does not match: the file is corrupt");
  }
  const W: Float32Array[] = [];
  const b: Float32Array[] = [];
  for (let l = 1; l < layers.length; l++) {
    W.push(readTensor(header, `W${l}`, [layers[l], layers[l - 1]], view, dataStart, fail));
    b.push(readTensor(header, `b${l}`, [layers[l]], view, dataStart, fail));
  }
  return { version: 2, weights: { layers, activation, W, b }, metadata };
}

function readTensor(
  header: Record<string, unknown>,
  name: string,
  shape: number[],
  view: DataView,
  dataStart: number,
  fail: (why: string) => never,
): Float32Array {
  const entry = header[name] as
    | { dtype?: unknown; shape?: unknown; data_offsets?: unknown }
    | undefined;
  if (entry === undefined) fail(`the header has no tensor ${name}`);
  const e = entry!;
  if (e.dtype !== "F32") fail(`tensor ${name} is ${e.dtype}, not F32`);
  if (JSON.stringify(e.shape) !== JSON.stringify(shape)) {
    fail(`tensor ${name} has shape ${JSON.stringify(e.shape)}, not ${JSON.stringify(shape)}`);
  }
  const length = shape.reduce((a, c) => a * c, 1);
  const offsets = e.data_offsets as number[];
  const [begin, end] = Array.isArray(offsets) ? offsets : [];
  if (
    !Number.isInteger(begin) || end - begin !== 4 * length || begin < 0 ||
    dataStart + end > view.byteLength
  ) {
    fail(`tensor ${name} has data_offsets ${JSON.stringify(offsets)}, not ${4 * length} bytes`);
  }
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    values[i] = view.getFloat32(dataStart + begin + 4 * i, true);
    if (!Number.isFinite(values[i])) fail(`${name}[${i}] is ${values[i]}`);
  }
  return values;
}

function countOf(layers: readonly number[]): number {
  let count = 0;
  for (let l = 1; l < layers.length; l++) count += layers[l] * layers[l - 1] + layers[l];
  return count;
}

/**
 * Version 1 (written by simple-mnist 0.1 for the two-layer net; all values
 * little-endian): `SMNN`, uint32 version = 1, uint32 inputs, hidden and
 * classes, then the float32 values of `W1`, `b1`, `W2`, `b2`, then the
 * CRC-32 of every byte before it.
 */
function decodeVersion1(bytes: Uint8Array, fail: (why: string) => never): Weights {
  if (bytes.length < V1_HEADER_BYTES + V1_TRAILER_BYTES) {
    fail(`the file is ${bytes.length} bytes, too short for a model header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== 1) {
    fail(
      `format version ${version} is not supported (this build reads versions 1 and ${MODEL_VERSION})`,
    );
  }
  const inputs = view.getUint32(8, true);
  const hidden = view.getUint32(12, true);
  const classes = view.getUint32(16, true);
  const layers = [inputs, hidden, classes];
  const shape = architecture(layers);
  if (inputs === 0 || hidden === 0 || classes === 0 || countOf(layers) > MAX_PARAMETERS) {
    fail(`the header's shape ${shape} is not a usable net`);
  }
  const expected = V1_HEADER_BYTES + 4 * countOf(layers) + V1_TRAILER_BYTES;
  if (bytes.length !== expected) {
    fail(
      `a ${shape} model is ${expected} bytes but the file is ${bytes.length} (truncated or padded)`,
    );
  }
  const stored = view.getUint32(expected - V1_TRAILER_BYTES, true);
  if (stored !== crc32(bytes.subarray(0, expected - V1_TRAILER_BYTES))) {
    fail("the checksum does not match: the file is corrupt");
  }
  let offset = V1_HEADER_BYTES;
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
  return { layers, activation: "relu", W: [W1, W2], b: [b1, b2] };
}

/**
 * Writes a model file atomically: to a temporary file beside it, then
 * renamed over it, so a failure leaves no partial file.
 *
 * @param path Where to write.
 * @param weights The weights.
 * @param metadata How the model was made (default none).
 * @returns A promise that settles once the file is in place.
 * @throws {FileError} If it cannot be written: `Cannot write m.model: the disk is full`.
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
export async function saveModel(
  path: string,
  weights: Weights,
  metadata: ModelMetadata = {},
): Promise<void> {
  await writeFileAtomic(path, encodeModel(weights, metadata));
}

/**
 * Reads and decodes a model file of either version.
 *
 * @param path The file.
 * @returns The version, weights and metadata.
 * @throws {TypeError} If the file is not a valid model (see {@linkcode decodeModelFile}).
 * @throws {FileError} If it cannot be read, is not a regular file or is over 1.5 GiB:
 * `Cannot load model from m/: it is a folder`.
 *
 * @example
 * ```ts
 * import { initWeights, loadModelFile, saveModel } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".model" });
 * await saveModel(path, initWeights(seededPrng(2)), { seed: 2 });
 * assert.equal((await loadModelFile(path)).metadata.seed, 2);
 * await Deno.remove(path);
 * ```
 */
export async function loadModelFile(path: string): Promise<ModelFile> {
  // 1.5 GiB: above the largest net's weights (MAX_PARAMETERS float32s, 1 GiB) and its header.
  const limit = 1.5 * 2 ** 30;
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(path, { limit, what: "a model file" });
  } catch (error) {
    throw new FileError(path, { action: "load model from", cause: error });
  }
  return decodeModelFile(bytes, path);
}

/**
 * Reads and decodes a model file's weights.
 *
 * @param path The file.
 * @returns The weights.
 * @throws {TypeError} If the file is not a valid model (see {@linkcode decodeModelFile}).
 * @throws {FileError} If it cannot be read, is not a regular file or is over 1.5 GiB:
 * `Cannot load model from m/: it is a folder`.
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
  return (await loadModelFile(path)).weights;
}
