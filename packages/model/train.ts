import type { Tensor } from "@simple-mnist/backend";
import { type Prng, shuffle } from "@simple-mnist/random";
import { BatchUploader, type Examples, range } from "./examples.ts";
import { evaluate } from "./evaluate.ts";
import type { Sequential } from "./sequential.ts";

/**
 * What {@linkcode train} reports after each iteration.
 *
 * @example
 * ```ts
 * import { initWeights, type IterationEvent, train, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = Sequential.fromWeights(new JsBackend(), initWeights(seededPrng(0), { inputs: 1, hidden: 2, classes: 2 }));
 * const events: IterationEvent[] = [];
 * await train(net, { count: 1, features: 1, pixels: Uint8Array.of(9), labels: Uint8Array.of(0) }, {
 *   iterations: 2,
 *   onIteration: (event) => void events.push(event),
 * });
 * assert.deepEqual(events.map((e) => e.iteration), [0, 1]);
 * ```
 */
export interface IterationEvent {
  /** The iteration just finished, counting from 0 as the seed does. */
  readonly iteration: number;
  /** Iterations in the run. */
  readonly iterations: number;
  /** Mean cross-entropy over the iteration's samples, before each step's update. */
  readonly loss: number;
  /** Fraction of the iteration's samples predicted right, before each step's update. */
  readonly accuracy: number;
  /** Mean loss on the dev set after the iteration, or undefined where dev was not evaluated. */
  readonly devLoss?: number;
  /** Accuracy on the dev set after the iteration, or undefined where dev was not evaluated. */
  readonly devAccuracy?: number;
  /** The learning rate the iteration's steps used (its last step's, when a schedule moves it). */
  readonly learningRate: number;
  /** Seconds since training started (setup included), at the end of the iteration. */
  readonly seconds: number;
}

/**
 * How {@linkcode train} runs.
 *
 * @example
 * ```ts
 * import type { TrainOptions } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const options: TrainOptions = { iterations: 10, batchSize: 64, prng: seededPrng(0) };
 * assert.equal(options.learningRate, undefined); // 0.1, as the seed
 * ```
 */
export interface TrainOptions {
  /** Passes over the training set (with full batches: gradient-descent steps). */
  iterations: number;
  /** Step size α (default 0.1, as the seed). */
  learningRate?: number;
  /** Samples per step; omit for full-batch gradient descent, as the seed. */
  batchSize?: number;
  /** Shuffles the samples before each pass; required with `batchSize`. */
  prng?: Prng;
  /** Held-out samples, evaluated after an iteration as `evalEvery` says. */
  dev?: Examples;
  /**
   * Evaluate `dev` after every `evalEvery`-th iteration and after the last
   * one (default 1: after every iteration).
   */
  evalEvery?: number;
  /** Called after every iteration; may be async (the loop waits for it). */
  onIteration?: (event: IterationEvent) => void | Promise<void>;
}

/**
 * What {@linkcode train} returns: the last iteration's figures.
 *
 * @example
 * ```ts
 * import { initWeights, train, type TrainResult, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = Sequential.fromWeights(new JsBackend(), initWeights(seededPrng(0), { inputs: 1, hidden: 2, classes: 2 }));
 * const result: TrainResult = await train(net, { count: 1, features: 1, pixels: Uint8Array.of(9), labels: Uint8Array.of(0) }, { iterations: 3 });
 * assert.equal(result.iterations, 3);
 * assert.ok(result.setupSeconds >= 0);
 * ```
 */
export interface TrainResult {
  /** Iterations run. */
  readonly iterations: number;
  /** The last iteration's loss. */
  readonly loss: number;
  /** The last iteration's accuracy. */
  readonly accuracy: number;
  /**
   * Seconds spent before the first iteration: allocating the batch tensors
   * and, with full batches, uploading the data once (which the fast backends
   * also index). The seed's NumPy timing leaves its own data preparation
   * out, so a fair time per iteration leaves this out too.
   */
  readonly setupSeconds: number;
}

/**
 * Trains a net by gradient descent: full-batch as the seed by default, or in
 * shuffled mini-batches. An iteration is one pass over the data.
 *
 * @param net The net to train; its weights change in place.
 * @param examples Labelled training samples.
 * @param options Iterations, learning rate, batching and a progress callback.
 * @returns The last iteration's loss and accuracy.
 * @throws {RangeError} On a bad option or unlabelled data.
 *
 * @example
 * ```ts
 * import { initWeights, train, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * // Two 2-pixel "images": bright left is class 0, bright right is class 1.
 * const examples = { count: 2, features: 2, pixels: Uint8Array.of(255, 0, 0, 255), labels: Uint8Array.of(0, 1) };
 * const net = Sequential.fromWeights(new JsBackend(), initWeights(seededPrng(1), { inputs: 2, hidden: 4, classes: 2 }));
 * const seen: number[] = [];
 * const result = await train(net, examples, {
 *   iterations: 200,
 *   learningRate: 0.5,
 *   onIteration: (e) => { seen.push(e.iteration); },
 * });
 * assert.equal(seen.length, 200);
 * assert.equal(result.accuracy, 1);
 * ```
 */
export async function train<T extends Tensor>(
  net: Sequential<T>,
  examples: Examples,
  options: TrainOptions,
): Promise<TrainResult> {
  const {
    iterations,
    learningRate = 0.1,
    batchSize = examples.count,
    prng,
    onIteration,
    dev,
    evalEvery = 1,
  } = options;
  const labels = examples.labels;
  if (labels === undefined) throw new RangeError("Cannot train: the examples have no labels");
  if (examples.count < 1) throw new RangeError("Cannot train: there are no examples");
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new RangeError(
      `Cannot train: iterations must be a non-negative integer, got ${iterations}`,
    );
  }
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(
      `Cannot train: learning rate must be a positive number, got ${learningRate}`,
    );
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`Cannot train: batch size must be a positive integer, got ${batchSize}`);
  }
  if (!Number.isInteger(evalEvery) || evalEvery < 1) {
    throw new RangeError(`Cannot train: evalEvery must be a positive integer, got ${evalEvery}`);
  }
  if (dev !== undefined && dev.count > 0 && dev.labels === undefined) {
    throw new RangeError("Cannot train: the dev examples have no labels");
  }
  const size = Math.min(batchSize, examples.count);
  const fullBatch = size === examples.count;
  if (!fullBatch && prng === undefined) {
    throw new RangeError("Cannot train: mini-batches need a prng to shuffle with");
  }

  const setupStart = performance.now();
  const backend = net.backend;
  const order = range(0, examples.count);
  const lastSize = examples.count % size;
  const batches = new Map<number, BatchUploader<T>>([[
    size,
    new BatchUploader(backend, net.inputs, size),
  ]]);
  if (lastSize !== 0) batches.set(lastSize, new BatchUploader(backend, net.inputs, lastSize));
  // A full batch never changes: upload it once.
  if (fullBatch) batches.get(size)!.load(examples, order);

  const setupSeconds = (performance.now() - setupStart) / 1000;
  let result: TrainResult = {
    iterations: 0,
    loss: Number.NaN,
    accuracy: Number.NaN,
    setupSeconds,
  };
  try {
    for (let iteration = 0; iteration < iterations; iteration++) {
      if (!fullBatch) shuffle(order, prng!);
      let lossSum = 0;
      let correct = 0;
      for (let start = 0; start < examples.count; start += size) {
        const indices = order.subarray(start, Math.min(start + size, examples.count));
        const batch = batches.get(indices.length)!;
        if (!fullBatch) batch.load(examples, indices);
        const s = net.trainStep(batch.X, batch.Y, learningRate);
        const [predictions, loss] = await Promise.all([
          backend.download(s.predictions),
          backend.download(s.loss),
        ]);
        lossSum += loss[0] * indices.length;
        for (let j = 0; j < indices.length; j++) {
          if (predictions[j] === labels[indices[j]]) correct++;
        }
      }
      result = {
        iterations: iteration + 1,
        loss: lossSum / examples.count,
        accuracy: correct / examples.count,
        setupSeconds,
      };
      const evaluated = dev !== undefined && dev.count > 0 &&
        (iteration % evalEvery === 0 || iteration === iterations - 1);
      const devResult = evaluated ? await evaluate(net, dev) : undefined;
      await onIteration?.({
        iteration,
        iterations,
        loss: result.loss,
        accuracy: result.accuracy,
        devLoss: devResult?.loss,
        devAccuracy: devResult?.accuracy,
        learningRate,
        seconds: (performance.now() - setupStart) / 1000,
      });
    }
  } finally {
    for (const batch of batches.values()) batch.dispose();
  }
  return result;
}
