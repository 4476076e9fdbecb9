import type { Tensor } from "@simple-mnist/backend";
import type { Examples } from "@simple-mnist/data";
import { BatchUploader, range } from "./batch_uploader.ts";
import { confusionMatrix, type Probabilities } from "./metrics.ts";
import type { Sequential } from "./sequential.ts";

/**
 * A net's figures on a labelled set.
 *
 * @example
 * ```ts
 * import { evaluate, type Evaluation, mlp, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([1, 1, 2], "relu"), {
 *   params: { W1: Float32Array.of(1), b1: new Float32Array(1), W2: Float32Array.of(-1, 1), b2: new Float32Array(2) },
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

/** The most samples one forward pass of evaluation takes. */
const CHUNK = 8192;
/**
 * The most floats the layers' buffers may hold for one chunk (256 MiB):
 * a convolution's im2col columns hold k·k times its input, so a conv net's
 * chunks are a few hundred samples where an MLP's are CHUNK.
 */
const CHUNK_FLOATS = 2 ** 26;

/** Samples per chunk for `net`: CHUNK, or fewer where its buffers would pass CHUNK_FLOATS. */
function chunkSize<T extends Tensor>(net: Sequential<T>): number {
  return Math.max(1, Math.min(CHUNK, Math.floor(CHUNK_FLOATS / net.floatsPerSample)));
}

/**
 * Calls `use` on each chunk of at most chunkSize(net) samples of `examples`, in
 * order, each uploaded in turn into one batch reused chunk after chunk
 * (and one more for a shorter last chunk), so that only a chunk is ever
 * on the backend, never the whole set.
 */
async function eachChunk<T extends Tensor>(
  net: Sequential<T>,
  examples: Examples,
  use: (start: number, batch: BatchUploader<T>) => Promise<void>,
): Promise<void> {
  const batches = new Map<number, BatchUploader<T>>();
  const size = chunkSize(net);
  try {
    for (let start = 0; start < examples.count; start += size) {
      const count = Math.min(size, examples.count - start);
      let batch = batches.get(count);
      if (batch === undefined) {
        batches.set(count, batch = new BatchUploader(net.backend, net.inputs, count));
      }
      batch.load(examples, range(start, count));
      await use(start, batch);
    }
  } finally {
    for (const batch of batches.values()) batch.dispose();
  }
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
 * import { mlp, predict, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * // A net whose output copies its 2 inputs: class = the brighter pixel.
 * const net = new Sequential(new JsBackend(), mlp([2, 2, 2], "relu"), {
 *   params: { W1: Float32Array.of(1, 0, 0, 1), b1: new Float32Array(2), W2: Float32Array.of(1, 0, 0, 1), b2: new Float32Array(2) },
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
  await eachChunk(net, examples, async (start, batch) => {
    const s = net.forward(batch.X);
    net.backend.argmax(s.probs, s.predictions);
    predictions.set(await net.backend.download(s.predictions), start);
  });
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
 * import { evaluate, mlp, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([2, 2, 2], "relu"), {
 *   params: { W1: Float32Array.of(1, 0, 0, 1), b1: new Float32Array(2), W2: Float32Array.of(1, 0, 0, 1), b2: new Float32Array(2) },
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
 * A labelled set to evaluate a net on again and again as it trains: each
 * {@linkcode Evaluator.run} is {@linkcode evaluate}'s result for the net's
 * weights then. A set of at most 8,192 samples (a dev set) is uploaded
 * once and stays on the backend; a larger one is uploaded chunk by chunk
 * on each run, through one reused batch, so that it is never on the
 * backend whole.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { Evaluator, mlp, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([2, 2, 2], "relu"), {
 *   params: { W1: Float32Array.of(1, 0, 0, 1), b1: new Float32Array(2), W2: Float32Array.of(1, 0, 0, 1), b2: new Float32Array(2) },
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
  readonly #examples: Examples;
  /** The whole set, uploaded once, when it is one chunk. */
  #resident: BatchUploader<T> | undefined;

  /**
   * Uploads the set if it fits one chunk (8,192 samples, fewer for a conv net, whose buffers are
   * larger); else each run uploads it chunk by chunk.
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
    this.#examples = examples;
    if (examples.count > 0 && examples.count <= chunkSize(net)) {
      this.#resident = new BatchUploader(net.backend, net.inputs, examples.count);
      try {
        this.#resident.load(examples, range(0, examples.count));
      } catch (error) {
        this.#resident.dispose();
        throw error;
      }
    }
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
    const score = async (start: number, batch: BatchUploader<T>) => {
      net.forward(batch.X);
      const s = net.score(batch.Y);
      const [chunk, loss] = await Promise.all([
        net.backend.download(s.predictions),
        net.backend.download(s.loss),
      ]);
      predictions.set(chunk, start);
      lossSum += loss[0] * batch.X.cols;
    };
    if (this.#resident !== undefined) await score(0, this.#resident);
    else await eachChunk(net, this.#examples, score);
    const confusion = confusionMatrix(labels, predictions, net.classes);
    let correct = 0;
    for (let j = 0; j < count; j++) if (labels[j] === predictions[j]) correct++;
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
    this.#resident?.dispose();
    this.#resident = undefined;
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
 * import { mlp, probabilities, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([1, 1, 3], "relu"), {
 *   params: { W1: Float32Array.of(0), b1: new Float32Array(1), W2: new Float32Array(3), b2: new Float32Array(3) },
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
 * The class probabilities (softmax output) of every sample, sample-major,
 * for the report's most confident mistakes and anything else that wants
 * more than the predictions.
 *
 * @param net The trained net.
 * @param examples The samples.
 * @returns `count x classes` probabilities.
 *
 * @example
 * ```ts
 * import { dense, Sequential, setProbabilities } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), [dense(1, 2)], { params: { W1: Float32Array.of(0, 0), b1: Float32Array.of(0, 0) } });
 * const p = await setProbabilities(net, { count: 2, features: 1, pixels: Uint8Array.of(7, 9) });
 * assert.deepEqual([p.count, p.classes, ...p.values], [2, 2, 0.5, 0.5, 0.5, 0.5]);
 * ```
 */
export async function setProbabilities<T extends Tensor>(
  net: Sequential<T>,
  examples: Examples,
): Promise<Probabilities> {
  const classes = net.classes;
  const values = new Float32Array(examples.count * classes);
  await eachChunk(net, examples, async (start, batch) => {
    const count = batch.X.cols;
    // probs is classes x count (a column per sample): transpose into sample-major.
    const P = await net.backend.download(net.forward(batch.X).probs);
    for (let j = 0; j < count; j++) {
      for (let k = 0; k < classes; k++) values[(start + j) * classes + k] = P[k * count + j];
    }
  });
  return { count: examples.count, classes, values };
}
