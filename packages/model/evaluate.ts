import type { Tensor } from "@simple-mnist/backend";
import { BatchUploader, type Examples, range } from "./examples.ts";
import type { Sequential } from "./sequential.ts";

/**
 * A net's figures on a labelled set.
 *
 * @example
 * ```ts
 * import { evaluate, type Evaluation, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const net = Sequential.fromWeights(new JsBackend(), {
 *   layers: [1, 1, 2], activation: "relu",
 *   W: [Float32Array.of(1), Float32Array.of(-1, 1)], b: [new Float32Array(1), new Float32Array(2)],
 * });
 * const result: Evaluation = await evaluate(net, { count: 1, features: 1, pixels: Uint8Array.of(255), labels: Uint8Array.of(1) });
 * assert.equal(result.accuracy, 1);
 * ```
 */
export interface Evaluation {
  /** Samples evaluated. */
  readonly count: number;
  /** The predicted class of every sample. */
  readonly predictions: Uint8Array;
  /** Fraction predicted right. */
  readonly accuracy: number;
  /** Mean cross-entropy. */
  readonly loss: number;
  /** `confusion[label][prediction]` = how many samples of class `label` were predicted as `prediction`. */
  readonly confusion: number[][];
}

/**
 * Per-class figures derived from a confusion matrix.
 *
 * @example
 * ```ts
 * import { type ClassReport, classReports } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const [zero]: ClassReport[] = classReports([[1, 1], [0, 2]]);
 * assert.equal(zero.recall, 0.5);
 * ```
 */
export interface ClassReport {
  /** The class. */
  readonly label: number;
  /** Of the samples predicted as this class, the fraction that are (NaN if none were). */
  readonly precision: number;
  /** Of the samples of this class, the fraction predicted as it (NaN if there are none). */
  readonly recall: number;
  /** Samples of this class. */
  readonly support: number;
}

const CHUNK = 8192;

/** Uploads `examples` in chunks of at most CHUNK samples; the caller disposes them. */
function uploadChunks<T extends Tensor>(
  net: Sequential<T>,
  examples: Examples,
): { start: number; batch: BatchUploader<T> }[] {
  const chunks: { start: number; batch: BatchUploader<T> }[] = [];
  try {
    for (let start = 0; start < examples.count; start += CHUNK) {
      const count = Math.min(CHUNK, examples.count - start);
      const batch = new BatchUploader(net.backend, net.inputs, count);
      chunks.push({ start, batch });
      batch.load(examples, range(start, count));
    }
  } catch (error) {
    for (const { batch } of chunks) batch.dispose();
    throw error;
  }
  return chunks;
}

/**
 * Predicts the class of every sample (labels are not needed).
 *
 * @param net The trained net.
 * @param examples The samples.
 * @returns One predicted class per sample.
 *
 * @example
 * ```ts
 * import { predict, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * // A net whose output copies its 2 inputs: class = the brighter pixel.
 * const net = Sequential.fromWeights(new JsBackend(), {
 *   layers: [2, 2, 2], activation: "relu",
 *   W: [Float32Array.of(1, 0, 0, 1), Float32Array.of(1, 0, 0, 1)],
 *   b: [new Float32Array(2), new Float32Array(2)],
 * });
 * const examples = { count: 2, features: 2, pixels: Uint8Array.of(9, 200, 90, 3) };
 * assert.deepEqual([...await predict(net, examples)], [1, 0]);
 * ```
 */
export async function predict<T extends Tensor>(
  net: Sequential<T>,
  examples: Examples,
): Promise<Uint8Array> {
  const predictions = new Uint8Array(examples.count);
  const chunks = uploadChunks(net, examples);
  try {
    for (const { start, batch } of chunks) {
      const s = net.forward(batch.X);
      net.backend.argmax(s.probs, s.predictions);
      predictions.set(await net.backend.download(s.predictions), start);
    }
  } finally {
    for (const { batch } of chunks) batch.dispose();
  }
  return predictions;
}

/**
 * Evaluates a net on labelled samples: predictions, accuracy, loss and the
 * confusion matrix.
 *
 * @param net The trained net.
 * @param examples Labelled samples.
 * @returns The figures.
 * @throws {RangeError} If the samples have no labels.
 *
 * @example
 * ```ts
 * import { evaluate, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const net = Sequential.fromWeights(new JsBackend(), {
 *   layers: [2, 2, 2], activation: "relu",
 *   W: [Float32Array.of(1, 0, 0, 1), Float32Array.of(1, 0, 0, 1)],
 *   b: [new Float32Array(2), new Float32Array(2)],
 * });
 * const examples = { count: 2, features: 2, pixels: Uint8Array.of(9, 200, 90, 3), labels: Uint8Array.of(1, 1) };
 * const result = await evaluate(net, examples);
 * assert.equal(result.accuracy, 0.5);
 * assert.deepEqual(result.confusion, [[0, 0], [1, 1]]);
 * ```
 */
export async function evaluate<T extends Tensor>(
  net: Sequential<T>,
  examples: Examples,
): Promise<Evaluation> {
  const evaluator = new Evaluator(net, examples);
  try {
    return await evaluator.run();
  } finally {
    evaluator.dispose();
  }
}

/**
 * A labelled set uploaded once, to evaluate a net on again and again as it
 * trains: each {@linkcode Evaluator.run} is {@linkcode evaluate}'s result
 * for the net's weights then, without uploading the set anew (which costs
 * several times the forward pass).
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { Evaluator, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const net = Sequential.fromWeights(new JsBackend(), {
 *   layers: [2, 2, 2], activation: "relu",
 *   W: [Float32Array.of(1, 0, 0, 1), Float32Array.of(1, 0, 0, 1)],
 *   b: [new Float32Array(2), new Float32Array(2)],
 * });
 * const evaluator = new Evaluator(net, { count: 1, features: 2, pixels: Uint8Array.of(0, 9), labels: Uint8Array.of(1) });
 * assert.equal((await evaluator.run()).accuracy, 1);
 * evaluator.dispose();
 * ```
 */
export class Evaluator<T extends Tensor> {
  readonly #net: Sequential<T>;
  readonly #labels: Uint8Array;
  readonly #count: number;
  readonly #chunks: { start: number; batch: BatchUploader<T> }[];

  /**
   * Uploads the set, in chunks of 8,192 samples.
   *
   * @param net The net to evaluate (its weights may change between runs).
   * @param examples Labelled samples.
   * @throws {RangeError} If the samples have no labels.
   */
  constructor(net: Sequential<T>, examples: Examples) {
    if (examples.labels === undefined) {
      throw new RangeError("Cannot evaluate: the examples have no labels");
    }
    this.#net = net;
    this.#labels = examples.labels;
    this.#count = examples.count;
    this.#chunks = uploadChunks(net, examples);
  }

  /**
   * Evaluates the net's current weights on the set.
   *
   * @returns Predictions, accuracy, loss and the confusion matrix.
   */
  async run(): Promise<Evaluation> {
    const net = this.#net;
    const labels = this.#labels;
    const count = this.#count;
    const predictions = new Uint8Array(count);
    let lossSum = 0;
    for (const { start, batch } of this.#chunks) {
      net.forward(batch.X);
      const s = net.score(batch.Y);
      const [chunk, loss] = await Promise.all([
        net.backend.download(s.predictions),
        net.backend.download(s.loss),
      ]);
      predictions.set(chunk, start);
      lossSum += loss[0] * batch.X.cols;
    }
    const confusion = Array.from({ length: net.classes }, () => new Array(net.classes).fill(0));
    let correct = 0;
    for (let j = 0; j < count; j++) {
      confusion[labels[j]][predictions[j]]++;
      if (labels[j] === predictions[j]) correct++;
    }
    return {
      count,
      predictions,
      accuracy: count === 0 ? Number.NaN : correct / count,
      loss: count === 0 ? Number.NaN : lossSum / count,
      confusion,
    };
  }

  /** Frees the uploaded set. */
  dispose(): void {
    for (const { batch } of this.#chunks) batch.dispose();
    this.#chunks.length = 0;
  }
}

/**
 * The class probabilities (softmax output) for one sample.
 *
 * @param net The trained net.
 * @param examples The samples.
 * @param index Which sample.
 * @returns One probability per class.
 * @throws {RangeError} If `index` is out of range.
 *
 * @example
 * ```ts
 * import { probabilities, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const net = Sequential.fromWeights(new JsBackend(), {
 *   layers: [1, 1, 3], activation: "relu",
 *   W: [Float32Array.of(0), new Float32Array(3)], b: [new Float32Array(1), new Float32Array(3)],
 * });
 * const p = await probabilities(net, { count: 1, features: 1, pixels: Uint8Array.of(7) }, 0);
 * assert.ok(p.every((v) => Math.abs(v - 1 / 3) < 1e-6));
 * ```
 */
export async function probabilities<T extends Tensor>(
  net: Sequential<T>,
  examples: Examples,
  index: number,
): Promise<Float32Array> {
  if (!Number.isInteger(index) || index < 0 || index >= examples.count) {
    throw new RangeError(
      `Cannot classify sample ${index}: the set holds samples 0 to ${examples.count - 1}`,
    );
  }
  const batch = new BatchUploader(net.backend, net.inputs, 1);
  try {
    batch.load(examples, [index]);
    return await net.backend.download(net.forward(batch.X).probs);
  } finally {
    batch.dispose();
  }
}

/**
 * Precision, recall and support of each class from a confusion matrix.
 *
 * @param confusion `confusion[label][prediction]` counts.
 * @returns One report per class.
 *
 * @example
 * ```ts
 * import { classReports } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const [zero, one] = classReports([[3, 1], [0, 4]]);
 * assert.equal(zero.recall, 0.75);
 * assert.equal(one.precision, 0.8);
 * assert.equal(one.support, 4);
 * ```
 */
export function classReports(confusion: readonly (readonly number[])[]): ClassReport[] {
  return confusion.map((row, label) => {
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, r) => sum + r[label], 0);
    return {
      label,
      precision: predicted === 0 ? Number.NaN : row[label] / predicted,
      recall: support === 0 ? Number.NaN : row[label] / support,
      support,
    };
  });
}
