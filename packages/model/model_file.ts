import type { LayerSpec } from "./layer.ts";
import type { LayerType } from "./layer_type.ts";
import { LAYER_TYPES, parseLayer } from "./layer_types.ts";
import { mlp, mlpShape } from "./mlp.ts";
import { MAX_PARAMETERS, planNet } from "./net_plan.ts";
import { formatShape, type Shape, shapeSize } from "./shape.ts";
import { expectActivation } from "@simple-mnist/backend";
import { crc32, FileError, readFileBounded, writeFileAtomic } from "@simple-mnist/files";

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
 * import { MODEL_VERSION } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(MODEL_VERSION, 2);
 * ```
 */
export const MODEL_VERSION = 2;

/**
 * How a model was made, kept in its file: the recipe, seed, data, backend
 * and accuracies, as any JSON object. Tools read it from the safetensors
 * header's `__metadata__.training`.
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
 * A parameter as a file stores it: its shape and its float32 values, row-major.
 *
 * @example
 * ```ts
 * import type { StoredTensor } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const b1: StoredTensor = { shape: [10], values: new Float32Array(10) };
 * assert.equal(b1.values.length, b1.shape[0]);
 * ```
 */
export interface StoredTensor {
  /** `[rows, cols]`, or `[rows]` for a bias. */
  readonly shape: readonly number[];
  /** The values. */
  readonly values: Float32Array;
}

/**
 * A net as values, with its parameters and how it was made: what a model
 * file holds and what an exporter reads.
 *
 * @example
 * ```ts
 * import { mlp, type NetDescription } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const description: NetDescription = {
 *   input: [2], layers: mlp([2, 2], "relu"), metadata: {},
 *   params: { W1: { shape: [2, 2], values: new Float32Array(4) }, b1: { shape: [2], values: new Float32Array(2) } },
 * };
 * assert.equal(description.layers[0].type, "dense");
 * ```
 */
export interface NetDescription {
  /** One input sample's shape. */
  readonly input: Shape;
  /** The layers, in forward order. */
  readonly layers: readonly LayerSpec[];
  /** Every parameter, by the net's name for it (`W1`, `b1`, …), in order. */
  readonly params: Readonly<Record<string, StoredTensor>>;
  /** How the model was made. */
  readonly metadata: ModelMetadata;
}

/**
 * A decoded model file: its format version and what it describes
 * (version 1 kept no metadata).
 *
 * @example
 * ```ts
 * import { decodeModelFile, encodeModel, type ModelFile, mlp, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([784, 10, 10], "relu"), { prng: seededPrng(0) });
 * const file: ModelFile = decodeModelFile(encodeModel(await net.describe({ seed: 0 })), "x");
 * assert.deepEqual([file.version, file.metadata], [2, { seed: 0 }]);
 * ```
 */
export interface ModelFile extends NetDescription {
  /** 1 or 2. */
  readonly version: number;
}

const FORMAT = "simple-mnist";
const V1_HEADER_BYTES = 20;
const V1_TRAILER_BYTES = 4;
/** A header larger than this is not ours (a net of a hundred layers has a few KB). */
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
 * | 8 + N | 4·n | the parameters' float32 values, little-endian, in the net's order (`W1`, `b1`, `W2`, …) |
 *
 * The header maps each parameter's name to `{"dtype": "F32", "shape": […],
 * "data_offsets": [begin, end]}` (byte offsets into the data), and
 * `__metadata__` to strings: `format` (`"simple-mnist"`), `version`
 * (`"2"`), `net` (JSON `{"input": […], "layers": [{"type": …, …}, …]}`),
 * `crc32` (of the data bytes, 8 hex digits) and `training` (the
 * {@linkcode ModelMetadata} as JSON). For an MLP it also writes what
 * release 0.2's reader takes: `layers` (the widths, e.g. `"[784,10,10]"`)
 * and `activation`.
 *
 * @param model The net, its parameters and metadata.
 * @returns The file's bytes.
 * @throws {TypeError} If the parameters do not match the net.
 *
 * @example
 * ```ts
 * import { decodeModelFile, encodeModel, mlp, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([784, 32, 16, 10], "tanh"), { prng: seededPrng(0) });
 * const description = await net.describe({ seed: 0 });
 * const file = decodeModelFile(encodeModel(description), "in memory");
 * assert.deepEqual(file.params.W2, description.params.W2);
 * assert.deepEqual(file.layers, description.layers);
 * ```
 */
export function encodeModel(model: NetDescription): Uint8Array {
  const { plans } = planNet(model.layers, model.input);
  const names = plans.flatMap((plan) => plan.params.map((p) => p.name));
  const given = Object.keys(model.params);
  if (given.length !== names.length || !names.every((name, i) => given[i] === name)) {
    throw new TypeError(
      `Cannot encode the model: its parameters are ${given.join(", ")} but the net's are ${
        names.join(", ")
      }`,
    );
  }
  const dataBytes = 4 * names.reduce((n, name) => n + model.params[name].values.length, 0);
  const data = new Uint8Array(dataBytes);
  const view = new DataView(data.buffer);
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const plan of plans) {
    for (const { name, spec } of plan.params) {
      const { values } = model.params[name];
      if (values.length !== shapeSize(spec.shape)) {
        throw new TypeError(
          `Cannot encode the model: ${name} has ${values.length} values, not ${
            formatShape(spec.shape)
          }`,
        );
      }
      header[name] = {
        dtype: "F32",
        shape: spec.shape,
        data_offsets: [offset, offset + 4 * values.length],
      };
      for (const value of values) {
        view.setFloat32(offset, value, true);
        offset += 4;
      }
    }
  }
  const shape = mlpShape(model.layers);
  header.__metadata__ = {
    format: FORMAT,
    version: String(MODEL_VERSION),
    net: JSON.stringify({ input: model.input, layers: model.layers }),
    ...(shape !== undefined && model.input.length === 1
      ? { layers: JSON.stringify(shape.widths), activation: shape.activation }
      : {}),
    crc32: crc32(data).toString(16).padStart(8, "0"),
    training: JSON.stringify(model.metadata),
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
 * header, every layer (its type must be one this build knows), that the
 * shapes chain, each parameter's shape, the length, the checksum and that
 * every value is finite.
 *
 * @param bytes The file's contents.
 * @param source The file's name, for error messages.
 * @param types The layer types this reader knows (default {@linkcode LAYER_TYPES}).
 * @returns The version, net, parameters and metadata.
 * @throws {TypeError} Naming `source`, the layer where it applies, and what is wrong.
 *
 * @example
 * ```ts
 * import { decodeModelFile } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => decodeModelFile(new Uint8Array(3), "x.model"), /Cannot load model from x.model/);
 * ```
 */
export function decodeModelFile(
  bytes: Uint8Array,
  source: string,
  types: readonly LayerType[] = LAYER_TYPES,
): ModelFile {
  const fail = (why: string): never => {
    throw new TypeError(`Cannot load model from ${source}: ${why}`);
  };
  if (bytes.length < 8) fail(`the file is ${bytes.length} bytes, too short to be a model`);
  if (String.fromCharCode(...bytes.subarray(0, 4)) === MODEL_MAGIC) {
    return decodeVersion1(bytes, fail);
  }
  return decodeVersion2(bytes, fail, types);
}

function decodeVersion2(
  bytes: Uint8Array,
  fail: (why: string) => never,
  types: readonly LayerType[],
): ModelFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  if (view.getUint32(4, true) !== 0 || headerLength > MAX_HEADER_BYTES) {
    fail("not a simple-mnist model (neither a version 1 file nor a safetensors header)");
  }
  if (8 + headerLength > bytes.length) {
    fail(`the header is ${headerLength} bytes but the file is ${bytes.length} (truncated)`);
  }
  let text = "";
  let header: Record<string, unknown> = {};
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
    header = JSON.parse(text);
  } catch {
    fail("not a simple-mnist model (its header is not JSON)");
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    fail("not a simple-mnist model (its header is not a JSON object)");
  }
  const meta = header.__metadata__;
  if (typeof meta !== "object" || meta === null || !("format" in meta) || meta.format !== FORMAT) {
    return fail(
      `a safetensors file but not a simple-mnist model (no __metadata__.format "${FORMAT}")`,
    );
  }
  const m: Readonly<Record<string, unknown>> = { ...meta };
  if (m.version !== String(MODEL_VERSION)) {
    fail(
      `format version ${m.version} is not supported (this build reads versions 1 and ${MODEL_VERSION})`,
    );
  }
  const json = (key: string, fallback?: string): unknown => {
    try {
      return JSON.parse(String(m[key] ?? fallback));
    } catch {
      return fail(`__metadata__.${key} is not JSON`);
    }
  };
  const metadata = json("training", "{}");
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    fail("__metadata__.training is not a JSON object");
  }
  const { input, layers } = m.net !== undefined
    ? netOf(json("net"), fail, types)
    : release02Net(json("layers"), m.activation, fail);
  let plans;
  try {
    plans = planNet(layers, input, types).plans;
  } catch (error) {
    return fail((error as Error).message.replace(/^Cannot build the net: /, ""));
  }
  const names = plans.flatMap((plan) => plan.params.map((p) => p.name));
  const tensorNames = [...text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*\{\s*"dtype"/g)].map((t) =>
    t[1]
  );
  const repeated = tensorNames.find((name, i) => tensorNames.indexOf(name) !== i);
  if (repeated !== undefined) fail(`the header names tensor ${repeated} twice`);
  const extra = Object.keys(header).find((key) => key !== "__metadata__" && !names.includes(key));
  if (extra !== undefined) {
    fail(`the header has a tensor ${extra} that is not a parameter of the net`);
  }
  const total = plans.reduce(
    (n, plan) => n + plan.params.reduce((k, p) => k + shapeSize(p.spec.shape), 0),
    0,
  );
  const dataStart = 8 + headerLength;
  const data = bytes.subarray(dataStart);
  if (data.length !== 4 * total) {
    fail(
      `the net has ${
        4 * total
      } bytes of parameters but the file has ${data.length} (truncated or padded)`,
    );
  }
  if (m.crc32 !== crc32(data).toString(16).padStart(8, "0")) {
    fail("the checksum does not match: the file is corrupt");
  }
  const params: Record<string, StoredTensor> = {};
  plans.forEach((plan, i) => {
    for (const { name, spec } of plan.params) {
      const where = `layer ${i + 1}, ${plan.kind.describe(plan.spec)}`;
      params[name] = readTensor(
        header,
        name,
        spec.shape,
        view,
        dataStart,
        (why) => fail(`${where}: ${why}`),
      );
    }
  });
  return { version: 2, input, layers, params, metadata: { ...metadata } };
}

/** The `net` entry: the input shape and each layer, checked against the registry. */
function netOf(
  net: unknown,
  fail: (why: string) => never,
  types: readonly LayerType[],
): { input: Shape; layers: LayerSpec[] } {
  if (typeof net !== "object" || net === null || !("layers" in net) || !("input" in net)) {
    return fail("__metadata__.net has no input and layers");
  }
  const { input, layers } = net;
  if (!Array.isArray(layers)) return fail("__metadata__.net.layers is not a list");
  const specs = layers.map((layer, i) => {
    try {
      return parseLayer(layer, types);
    } catch (error) {
      return fail(`layer ${i + 1}: ${(error as Error).message}`);
    }
  });
  if (!Array.isArray(input)) return fail("__metadata__.net.input is not a shape");
  return { input, layers: specs };
}

/** What release 0.2 wrote: the widths of an MLP and its activation. */
function release02Net(
  widths: unknown,
  activation: unknown,
  fail: (why: string) => never,
): { input: Shape; layers: LayerSpec[] } {
  if (
    !Array.isArray(widths) || widths.length < 2 ||
    !widths.every((w) => Number.isSafeInteger(w) && w > 0)
  ) {
    return fail(`__metadata__.layers ${JSON.stringify(widths)} is not a list of widths`);
  }
  let g;
  try {
    g = expectActivation(activation, "bad __metadata__.activation");
  } catch (error) {
    return fail((error as Error).message);
  }
  return { input: [widths[0]], layers: mlp(widths, g) };
}

function readTensor(
  header: Record<string, unknown>,
  name: string,
  shape: readonly number[],
  view: DataView,
  dataStart: number,
  fail: (why: string) => never,
): StoredTensor {
  const entry = header[name];
  if (typeof entry !== "object" || entry === null) return fail(`the header has no tensor ${name}`);
  const e: Readonly<Record<string, unknown>> = { ...entry };
  if (e.dtype !== "F32") fail(`tensor ${name} is ${e.dtype}, not F32`);
  if (JSON.stringify(e.shape) !== JSON.stringify(shape)) {
    fail(`tensor ${name} has shape ${JSON.stringify(e.shape)}, not ${JSON.stringify(shape)}`);
  }
  const length = shapeSize(shape);
  const offsets = Array.isArray(e.data_offsets) ? e.data_offsets : [];
  const [begin, end] = offsets;
  if (
    !Number.isInteger(begin) || end - begin !== 4 * length || begin < 0 ||
    dataStart + end > view.byteLength
  ) {
    fail(
      `tensor ${name} has data_offsets ${JSON.stringify(e.data_offsets)}, not ${4 * length} bytes`,
    );
  }
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    values[i] = view.getFloat32(dataStart + begin + 4 * i, true);
    if (!Number.isFinite(values[i])) fail(`${name}[${i}] is ${values[i]}`);
  }
  return { shape, values };
}

/**
 * Version 1 (written by simple-mnist 0.1 for the two-layer net; all values
 * little-endian): `SMNN`, uint32 version = 1, uint32 inputs, hidden and
 * classes, then the float32 values of `W1`, `b1`, `W2`, `b2`, then the
 * CRC-32 of every byte before it. The net is `784-hidden-10` with ReLU.
 */
function decodeVersion1(bytes: Uint8Array, fail: (why: string) => never): ModelFile {
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
  const widths = [inputs, hidden, classes];
  const count = hidden * inputs + hidden + classes * hidden + classes;
  if (inputs === 0 || hidden === 0 || classes < 2 || count > MAX_PARAMETERS) {
    fail(`the header's shape ${widths.join("-")} is not a usable net`);
  }
  const expected = V1_HEADER_BYTES + 4 * count + V1_TRAILER_BYTES;
  if (bytes.length !== expected) {
    fail(
      `a ${
        widths.join("-")
      } model is ${expected} bytes but the file is ${bytes.length} (truncated or padded)`,
    );
  }
  const stored = view.getUint32(expected - V1_TRAILER_BYTES, true);
  if (stored !== crc32(bytes.subarray(0, expected - V1_TRAILER_BYTES))) {
    fail("the checksum does not match: the file is corrupt");
  }
  let offset = V1_HEADER_BYTES;
  const read = (name: string, shape: number[]): StoredTensor => {
    const values = new Float32Array(shapeSize(shape));
    for (let e = 0; e < values.length; e++) {
      values[e] = view.getFloat32(offset, true);
      if (!Number.isFinite(values[e])) fail(`${name}[${e}] is ${values[e]}`);
      offset += 4;
    }
    return { shape, values };
  };
  const params = {
    W1: read("W1", [hidden, inputs]),
    b1: read("b1", [hidden]),
    W2: read("W2", [classes, hidden]),
    b2: read("b2", [classes]),
  };
  return { version: 1, input: [inputs], layers: mlp(widths, "relu"), params, metadata: {} };
}

/**
 * Writes a model file atomically: to a temporary file beside it, then
 * renamed over it, so a failure leaves no partial file.
 *
 * @param path Where to write.
 * @param model The net, its parameters and metadata (see {@linkcode Sequential.describe}).
 * @returns A promise that settles once the file is in place.
 * @throws {FileError} If it cannot be written: `Cannot write m.model: the disk is full`.
 *
 * @example
 * ```ts
 * import { loadModelFile, mlp, saveModel, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".model" });
 * const net = new Sequential(new JsBackend(), mlp([784, 4, 10], "relu"), { prng: seededPrng(2) });
 * await saveModel(path, await net.describe({ seed: 2 }));
 * assert.equal((await loadModelFile(path)).metadata.seed, 2);
 * await Deno.remove(path);
 * ```
 */
export async function saveModel(path: string, model: NetDescription): Promise<void> {
  await writeFileAtomic(path, encodeModel(model));
}

/**
 * Reads a model file's bytes, bounded: the one read behind {@linkcode loadModelFile} and the web
 * server's `/model.smnn`, so both refuse a folder, a device or an oversized file in the same words.
 *
 * @param path The file.
 * @returns Its bytes, not yet decoded.
 * @throws {FileError} If it cannot be read, is not a regular file or is over 1.5 GiB:
 * `Cannot load model from m/: it is a folder`.
 *
 * @example
 * ```ts
 * import { readModelBytes } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const folder = await Deno.makeTempDir();
 * await assert.rejects(readModelBytes(folder), /Cannot load model from .*: it is a folder/);
 * await Deno.remove(folder);
 * ```
 */
export async function readModelBytes(path: string): Promise<Uint8Array> {
  // 1.5 GiB: above the largest net's weights (MAX_PARAMETERS float32s, 1 GiB) and its header.
  const limit = 1.5 * 2 ** 30;
  try {
    return await readFileBounded(path, { limit, what: "a model file" });
  } catch (error) {
    throw new FileError(path, { action: "load model from", cause: error });
  }
}

/**
 * Reads and decodes a model file of either version.
 *
 * @param path The file.
 * @returns The version, net, parameters and metadata.
 * @throws {TypeError} If the file is not a valid model (see {@linkcode decodeModelFile}).
 * @throws {FileError} If it cannot be read, is not a regular file or is over 1.5 GiB:
 * `Cannot load model from m/: it is a folder`.
 *
 * @example
 * ```ts
 * import { loadModelFile } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "garbage");
 * await assert.rejects(loadModelFile(path), TypeError);
 * await Deno.remove(path);
 * ```
 */
export async function loadModelFile(path: string): Promise<ModelFile> {
  return decodeModelFile(await readModelBytes(path), path);
}
