/**
 * Checking an export against another engine: run the ONNX file in ONNX
 * Runtime (npm `onnxruntime-web`, WebAssembly, one thread) and the same net
 * on ours, then compare the two engines' probabilities. The package's tests
 * and `deno task check-onnx` check every export this way.
 *
 * @example The seed's net in both engines
 * ```ts
 * import { exportOnnx } from "@simple-mnist/onnx";
 * import {
 *   agreement,
 *   mnistTestImages,
 *   onnxRuntimeProbabilities,
 *   ourProbabilities,
 * } from "@simple-mnist/onnx/testing";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { mlp, Sequential } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([784, 10, 10], "relu"), { prng: seededPrng(0) });
 * const description = await net.describe();
 * const pixels = await mnistTestImages(50);
 * const theirs = await onnxRuntimeProbabilities(exportOnnx(description), pixels, 50);
 * const ours = await ourProbabilities(description, pixels, 50);
 * const { disagreements, maxDifference } = agreement(theirs, ours, 10);
 * assert.equal(disagreements, 0);
 * assert.ok(maxDifference < 1e-5);
 * ```
 *
 * @module
 */
import type { Backend } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { loadMnist } from "@simple-mnist/data";
import { type NetDescription, Sequential } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import * as ort from "onnxruntime-web";
import { ONNX_INPUT, ONNX_OUTPUT } from "./export_onnx.ts";

ort.env.wasm.numThreads = 1;
/** The web-standard Worker, before ONNX Runtime's module replaces it (see below). */
const WEB_WORKER = globalThis.Worker;

/**
 * The first `count` MNIST test images, sample after sample, scaled to [0, 1] as float32.
 *
 * @example
 * ```ts
 * import { mnistTestImages } from "@simple-mnist/onnx/testing";
 * import assert from "node:assert/strict";
 *
 * const pixels = await mnistTestImages(2);
 * assert.equal(pixels.length, 2 * 784);
 * assert.ok(pixels.every((p) => p >= 0 && p <= 1));
 * ```
 */
export async function mnistTestImages(count: number): Promise<Float32Array> {
  const { test } = await loadMnist();
  if (count > test!.count) {
    throw new RangeError(`MNIST has ${test!.count} test images, not ${count}`);
  }
  return Float32Array.from(test!.pixels.subarray(0, count * 784), (p) => p / 255);
}

/**
 * Runs an ONNX model on `count` samples in ONNX Runtime; probabilities sample after sample.
 *
 * @example
 * ```ts
 * import { exportOnnx } from "@simple-mnist/onnx";
 * import { mnistTestImages, onnxRuntimeProbabilities } from "@simple-mnist/onnx/testing";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { mlp, Sequential } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([784, 10], "relu"), { prng: seededPrng(1) });
 * const onnx = exportOnnx(await net.describe());
 * const probs = await onnxRuntimeProbabilities(onnx, await mnistTestImages(3), 3);
 * assert.equal(probs.length, 3 * 10);
 * assert.ok(Math.abs(probs.subarray(0, 10).reduce((a, b) => a + b) - 1) < 1e-5);
 * ```
 */
export async function onnxRuntimeProbabilities(
  model: Uint8Array,
  pixels: Float32Array,
  count: number,
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model);
  // ONNX Runtime's Emscripten module takes Deno for Node and sets the global
  // Worker to node:worker_threads' one; single-threaded, it needs none. Put
  // the web Worker back, which the wasm backend's kernel thread starts with.
  globalThis.Worker = WEB_WORKER;
  try {
    const input = new ort.Tensor("float32", pixels, [count, pixels.length / count]);
    const output = (await session.run({ [ONNX_INPUT]: input }))[ONNX_OUTPUT];
    if (output.dims[0] !== count) throw new Error(`ONNX Runtime gave [${output.dims}]`);
    return output.data as Float32Array;
  } finally {
    await session.release();
  }
}

/**
 * Runs a net on our engine; probabilities sample after sample.
 *
 * @example
 * ```ts
 * import { mnistTestImages, ourProbabilities } from "@simple-mnist/onnx/testing";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { mlp, Sequential } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([784, 10], "relu"), { prng: seededPrng(1) });
 * const probs = await ourProbabilities(await net.describe(), await mnistTestImages(3), 3);
 * assert.equal(probs.length, 3 * 10);
 * ```
 */
export async function ourProbabilities(
  description: NetDescription,
  pixels: Float32Array,
  count: number,
  backend: Backend = new JsBackend(),
): Promise<Float32Array> {
  const net = Sequential.fromDescription(backend, description, { noise: seededPrng(0) });
  const features = net.inputs;
  const columns = new Float32Array(pixels.length); // samples are columns
  for (let j = 0; j < count; j++) {
    for (let i = 0; i < features; i++) columns[i * count + j] = pixels[j * features + i];
  }
  const X = backend.create(features, count);
  backend.upload(X, columns);
  const probs = await backend.download(net.forward(X).probs);
  net.dispose();
  const classes = net.classes;
  const rows = new Float32Array(probs.length);
  for (let j = 0; j < count; j++) {
    for (let c = 0; c < classes; c++) rows[j * classes + c] = probs[c * count + j];
  }
  return rows;
}

/**
 * How two engines' probabilities (sample after sample) compare.
 *
 * @example
 * ```ts
 * import type { Agreement } from "@simple-mnist/onnx/testing";
 * import assert from "node:assert/strict";
 *
 * const same: Agreement = { disagreements: 0, maxDifference: 0 };
 * assert.equal(same.disagreements, 0);
 * ```
 */
export interface Agreement {
  /** Samples whose most probable class differs. */
  readonly disagreements: number;
  /** The largest absolute difference of any probability. */
  readonly maxDifference: number;
}

/**
 * Compares two engines' probabilities of `classes` classes: how many samples'
 * most probable class differs, and the largest difference of any probability.
 *
 * @example
 * ```ts
 * import { agreement } from "@simple-mnist/onnx/testing";
 * import assert from "node:assert/strict";
 *
 * // Two samples of two classes; the second sample's winner differs.
 * const { disagreements, maxDifference } = agreement([0.9, 0.1, 0.4, 0.6], [0.8, 0.2, 0.6, 0.4], 2);
 * assert.equal(disagreements, 1);
 * assert.ok(Math.abs(maxDifference - 0.2) < 1e-12);
 * ```
 */
export function agreement(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  classes: number,
): Agreement {
  if (a.length !== b.length) throw new Error(`${a.length} against ${b.length} probabilities`);
  let disagreements = 0;
  let maxDifference = 0;
  for (let j = 0; j < a.length / classes; j++) {
    let bestA = 0;
    let bestB = 0;
    for (let c = 0; c < classes; c++) {
      const k = j * classes + c;
      const difference = Math.abs(a[k] - b[k]);
      if (!(difference <= maxDifference)) {
        maxDifference = Number.isNaN(difference) ? Infinity : difference;
      }
      if (a[k] > a[j * classes + bestA]) bestA = c;
      if (b[k] > b[j * classes + bestB]) bestB = c;
    }
    if (bestA !== bestB) disagreements++;
  }
  return { disagreements, maxDifference };
}
