// The engines the tests compare: ONNX Runtime (npm onnxruntime-web, a test
// dependency only) on an exported file, and ours (Sequential, on the js
// backend unless told otherwise).
import type { Backend } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { loadMnist } from "@simple-mnist/data";
import { type NetDescription, Sequential, type StoredTensor } from "@simple-mnist/model";
import { normal, type Prng, seededPrng, uniform } from "@simple-mnist/random";
import * as ort from "onnxruntime-web";
import { ONNX_INPUT, ONNX_OUTPUT } from "./export_onnx.ts";

ort.env.wasm.numThreads = 1;

/** The first `count` MNIST test images, sample after sample, scaled to [0, 1] as float32. */
export async function mnistTestImages(count: number): Promise<Float32Array> {
  const { test } = await loadMnist();
  if (count > test!.count) {
    throw new RangeError(`MNIST has ${test!.count} test images, not ${count}`);
  }
  return Float32Array.from(test!.pixels.subarray(0, count * 784), (p) => p / 255);
}

/** Runs an ONNX model on `count` samples in ONNX Runtime; probabilities sample after sample. */
export async function onnxRuntimeProbabilities(
  model: Uint8Array,
  pixels: Float32Array,
  count: number,
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model);
  try {
    const input = new ort.Tensor("float32", pixels, [count, pixels.length / count]);
    const output = (await session.run({ [ONNX_INPUT]: input }))[ONNX_OUTPUT];
    if (output.dims[0] !== count) throw new Error(`ONNX Runtime gave [${output.dims}]`);
    return output.data as Float32Array;
  } finally {
    await session.release();
  }
}

/** Runs a net on our engine; probabilities sample after sample. */
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

/** How two engines' probabilities (sample after sample) compare. */
export interface Agreement {
  /** Samples whose most probable class differs. */
  readonly disagreements: number;
  /** The largest absolute difference of any probability. */
  readonly maxDifference: number;
}

/** Compares two engines' probabilities of `classes` classes. */
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

/**
 * Random parameters of the given shapes: weights ~ N(0, 2/fan-in) (He),
 * biases and batch-norm shifts ~ U(−0.1, 0.1), scales and variances ~ U(0.5, 1.5).
 */
export function randomParams(
  prng: Prng,
  shapes: Record<string, number[]>,
): Record<string, StoredTensor> {
  const params: Record<string, StoredTensor> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const count = shape.reduce((n, d) => n * d, 1);
    const fanIn = count / shape[0];
    const draw = name.startsWith("W")
      ? () => normal(prng, 0, Math.sqrt(2 / fanIn))
      : name.startsWith("gamma") || name.startsWith("variance")
      ? () => uniform(prng, 0.5, 1.5)
      : () => uniform(prng, -0.1, 0.1);
    params[name] = { shape, values: Float32Array.from({ length: count }, draw) };
  }
  return params;
}
