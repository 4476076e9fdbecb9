import type { Tensor } from "@simple-mnist/backend";
import { type Prng, shuffle } from "@simple-mnist/random";
import { BatchUploader, type Examples, range } from "./examples.ts";
import { Evaluator } from "./evaluate.ts";
import type { Optimizer } from "./optimizer.ts";
import { learningRateAt, type Schedule, validateSchedule } from "./schedule.ts";
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
export interface TrainOptions<T extends Tensor = Tensor> {
  /** Passes over the training set (with full batches: gradient-descent steps). */
  iterations: number;
  /** The base step size α (default 0.1, as the seed; see {@linkcode defaultLearningRate}). */
  learningRate?: number;
  /** The update rule (default plain gradient descent, the seed's); the caller disposes it. */
  optimizer?: Optimizer<T>;
  /** The seed's L2 strength λ (default 0): `loss += λ/(2m)·ΣW²`, `dW += λ/m·W`, weights only. */
  l2?: number;
  /** How the rate moves over the run's steps (default constant); `totalSteps` is filled in. */
  schedule?: Schedule;
  /**
   * Stop when the dev loss has not improved for this many iterations, and
   * restore the weights of the best one (needs `dev`; dev is then evaluated
   * after every iteration).
   */
  earlyStop?: number;
  /**
   * Transforms each training sample afresh every time a batch is loaded
   * (data augmentation): writes a changed copy of `image` into `out`, both
   * `features` bytes. Evaluation never sees it.
   */
  augment?: (image: Uint8Array, out: Uint8Array) => void;
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
  /** Whether early stopping ended the run before its last iteration. */
  readonly stoppedEarly: boolean;
  /** With early stopping, the iteration whose weights the net holds now (lowest dev loss); else null. */
  readonly bestIteration: number | null;
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
  options: TrainOptions<T>,
): Promise<TrainResult> {
  const {
    iterations,
    learningRate = 0.1,
    batchSize = examples.count,
    prng,
    onIteration,
    dev,
    optimizer,
    l2 = 0,
    earlyStop,
    augment,
  } = options;
  const evalEvery = earlyStop === undefined ? options.evalEvery ?? 1 : 1;
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
  if (!(l2 >= 0) || !Number.isFinite(l2)) {
    throw new RangeError(`Cannot train: l2 must be ≥ 0, got ${l2}`);
  }
  if (earlyStop !== undefined) {
    if (!Number.isInteger(earlyStop) || earlyStop < 1) {
      throw new RangeError(`Cannot train: earlyStop must be a positive integer, got ${earlyStop}`);
    }
    if (dev === undefined || dev.count === 0) {
      throw new RangeError("Cannot train: early stopping needs a dev set");
    }
  }
  const size = Math.min(batchSize, examples.count);
  const fullBatch = size === examples.count;
  const stepsPerIteration = Math.ceil(examples.count / size);
  const schedule: Schedule = { ...options.schedule, totalSteps: iterations * stepsPerIteration };
  validateSchedule(schedule);
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
  // Without augmentation a full batch never changes: upload it once.
  const reload = !fullBatch || augment !== undefined;
  if (!reload) batches.get(size)!.load(examples, order);
  const augmented = augment === undefined ? undefined : new AugmentedBatch(examples, size, augment);

  const setupSeconds = (performance.now() - setupStart) / 1000;
  let result: TrainResult = {
    iterations: 0,
    loss: Number.NaN,
    accuracy: Number.NaN,
    setupSeconds,
    stoppedEarly: false,
    bestIteration: null,
  };
  const stopper = earlyStop === undefined ? undefined : new BestWeights(net, earlyStop);
  // The dev set is uploaded once for the whole run.
  const devEvaluator = dev !== undefined && dev.count > 0 ? new Evaluator(net, dev) : undefined;
  let t = 0;
  try {
    for (let iteration = 0; iteration < iterations; iteration++) {
      if (!fullBatch) shuffle(order, prng!);
      let lossSum = 0;
      let correct = 0;
      let rate = learningRate;
      for (let start = 0; start < examples.count; start += size) {
        const indices = order.subarray(start, Math.min(start + size, examples.count));
        const batch = batches.get(indices.length)!;
        if (augmented !== undefined) {
          batch.load(augmented.fill(indices), augmented.order.subarray(0, indices.length));
        } else if (reload) batch.load(examples, indices);
        rate = learningRateAt(learningRate, t++, schedule);
        const s = net.trainStep(batch.X, batch.Y, {
          learningRate: rate,
          optimizer,
          l2,
        });
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
        ...result,
        iterations: iteration + 1,
        loss: lossSum / examples.count,
        accuracy: correct / examples.count,
      };
      const evaluated = dev !== undefined && dev.count > 0 &&
        (iteration % evalEvery === 0 || iteration === iterations - 1);
      const devResult = evaluated ? await devEvaluator!.run() : undefined;
      await onIteration?.({
        iteration,
        iterations,
        loss: result.loss,
        accuracy: result.accuracy,
        devLoss: devResult?.loss,
        devAccuracy: devResult?.accuracy,
        learningRate: rate,
        seconds: (performance.now() - setupStart) / 1000,
      });
      if (stopper !== undefined && stopper.shouldStop(iteration, devResult!.loss)) {
        result = { ...result, stoppedEarly: iteration < iterations - 1 };
        break;
      }
    }
    if (stopper !== undefined && stopper.best >= 0) {
      stopper.restore();
      result = { ...result, bestIteration: stopper.best };
    }
  } finally {
    for (const batch of batches.values()) batch.dispose();
    stopper?.dispose();
    devEvaluator?.dispose();
  }
  return result;
}

/** A batch's samples, each passed through the augmentation, as examples of their own. */
class AugmentedBatch {
  readonly #examples: Examples;
  readonly #augment: (image: Uint8Array, out: Uint8Array) => void;
  readonly #pixels: Uint8Array;
  readonly #labels: Uint8Array;
  /** 0, 1, 2, …: where each sample sits in the transformed batch. */
  readonly order: Uint32Array;

  constructor(
    examples: Examples,
    size: number,
    augment: (image: Uint8Array, out: Uint8Array) => void,
  ) {
    this.#examples = examples;
    this.#augment = augment;
    this.#pixels = new Uint8Array(size * examples.features);
    this.#labels = new Uint8Array(size);
    this.order = range(0, size);
  }

  /** The samples at `indices`, transformed, in that order. */
  fill(indices: ArrayLike<number>): Examples {
    const { features, pixels, labels } = this.#examples;
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j];
      this.#augment(
        pixels.subarray(i * features, (i + 1) * features),
        this.#pixels.subarray(j * features, (j + 1) * features),
      );
      this.#labels[j] = labels![i];
    }
    return { count: indices.length, features, pixels: this.#pixels, labels: this.#labels };
  }
}

/**
 * Early stopping's memory: a copy of the weights at the lowest dev loss so
 * far, kept in the backend (no weight goes to the host).
 */
class BestWeights<T extends Tensor> {
  best = -1;
  #bestLoss = Infinity;
  readonly #net: Sequential<T>;
  readonly #patience: number;
  readonly #copies: T[];

  constructor(net: Sequential<T>, patience: number) {
    this.#net = net;
    this.#patience = patience;
    this.#copies = net.params().map((p) => net.backend.create(p.value.rows, p.value.cols));
  }

  /** Records iteration `i`'s dev loss; true once `patience` iterations passed without a better one. */
  shouldStop(i: number, devLoss: number): boolean {
    if (devLoss < this.#bestLoss) {
      this.#bestLoss = devLoss;
      this.best = i;
      this.#net.params().forEach((p, k) => this.#copy(p.value, this.#copies[k]));
    }
    return i - this.best >= this.#patience;
  }

  /** Puts the best weights back into the net. */
  restore(): void {
    this.#net.params().forEach((p, k) => this.#copy(this.#copies[k], p.value));
  }

  dispose(): void {
    for (const t of this.#copies) this.#net.backend.dispose(t);
  }

  #copy(from: T, to: T): void {
    this.#net.backend.axpby(1, from, 0, from, to);
  }
}
