import type { Tensor } from "@simple-mnist/backend";
import type { Examples } from "@simple-mnist/data";
import { type Prng, shuffle } from "@simple-mnist/random";
import { BatchUploader, range } from "./batch_uploader.ts";
import type { Callback, EpochLogs, StepLogs } from "./callback.ts";
import type { Optimizer } from "./optimizer.ts";
import type { Sequential } from "./sequential.ts";

/**
 * How a {@linkcode Trainer} steps.
 *
 * @example
 * ```ts
 * import type { TrainerOptions } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const options: TrainerOptions = { batchSize: 64, prng: seededPrng(0) };
 * assert.equal(options.learningRate, undefined); // 0.1, as the seed
 * ```
 */
export interface TrainerOptions<T extends Tensor = Tensor> {
  /** The base step size α (default 0.1, as the seed); a schedule moves `trainer.learningRate` from it. */
  readonly learningRate?: number;
  /** The update rule (default plain gradient descent, the seed's); the caller disposes it. */
  readonly optimizer?: Optimizer<T>;
  /** The seed's L2 strength λ (default 0): `loss += λ/(2m)·ΣW²`, `dW += λ/m·W`, weights only. */
  readonly l2?: number;
  /** Samples per step; omit for full-batch gradient descent, as the seed. */
  readonly batchSize?: number;
  /** Shuffles the samples before each epoch; required with mini-batches. */
  readonly prng?: Prng;
  /**
   * Transforms each training sample afresh every time a batch is loaded
   * (data augmentation): writes a changed copy of `image` into `out`, both
   * `features` bytes. Evaluation never sees it.
   */
  readonly augment?: (image: Uint8Array, out: Uint8Array) => void;
  /**
   * Augments whole batches off this thread, in place of `augment`: the
   * trainer submits the next batch's images before it trains the current
   * one, so that they are augmented meanwhile (`AugmentWorker` of
   * `@simple-mnist/augment` is one). The caller closes it.
   */
  readonly augmentBatches?: BatchAugmenter;
  /** Hooks into the loop, run in this order (see {@linkcode Callback}). */
  readonly callbacks?: readonly Callback<T>[];
}

/**
 * What {@linkcode TrainerOptions.augmentBatches} takes: batches of images
 * submitted in order, each taken back augmented, oldest first, with the
 * same bytes whichever thread augments them.
 *
 * @example A batch augmenter on this thread (inverting every pixel)
 * ```ts
 * import type { BatchAugmenter } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const queue: Uint8Array[] = [];
 * const invert: BatchAugmenter = {
 *   submit: (images) => queue.push(images.map((p) => 255 - p)),
 *   next: () => Promise.resolve(queue.shift()!),
 * };
 * invert.submit(Uint8Array.of(0, 255), 2);
 * assert.deepEqual([...await invert.next()], [255, 0]);
 * ```
 */
export interface BatchAugmenter {
  /** Sends a batch of images (one after another, `features` bytes each); the caller may reuse `images` at once. */
  submit(images: Uint8Array, features: number): void;
  /** The oldest batch submitted and not taken, augmented. */
  next(): Promise<Uint8Array>;
}

/**
 * How a {@linkcode Trainer.fit} ended.
 *
 * @example
 * ```ts
 * import type { FitResult } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const result: FitResult = { epochs: 3, steps: 3, stopped: false, aborted: false, loss: 0.5, accuracy: 0.8 };
 * assert.ok(!result.aborted);
 * ```
 */
export interface FitResult {
  /** Epochs done in all, this `fit` and earlier ones. */
  readonly epochs: number;
  /** Steps (updates) taken in all. */
  readonly steps: number;
  /** Whether a callback's {@linkcode Trainer.stop} ended the fit before its last epoch (early stopping). */
  readonly stopped: boolean;
  /** Whether the signal aborted the `fit` before its last epoch, mid-epoch perhaps. */
  readonly aborted: boolean;
  /** The last finished epoch's loss (NaN before the first). */
  readonly loss: number;
  /** The last finished epoch's accuracy (NaN before the first). */
  readonly accuracy: number;
}

/**
 * Trains a net step by step, by gradient descent: full-batch as the seed by
 * default, or in shuffled mini-batches. An epoch is one pass over the data.
 * Dev evaluation, early stopping, schedules, history and progress are
 * {@linkcode Callback}s. A `fit` can be stopped between two steps with an
 * `AbortSignal`; the trainer keeps its place (the epoch's shuffled order
 * and how far it got), so the next `fit` goes on from there.
 *
 * Setup happens in the constructor: the batch buffers are made and, for
 * full batches without augmentation, the data is uploaded once (which the
 * fast backends also index). {@linkcode Trainer.setupSeconds} says how long
 * it took; the seed's NumPy timing leaves its own data preparation out.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example Two 2-pixel "images": bright left is class 0, bright right is class 1
 * ```ts
 * import { dense, relu, Sequential, Trainer } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const examples = { count: 2, features: 2, pixels: Uint8Array.of(255, 0, 0, 255), labels: Uint8Array.of(0, 1) };
 * const net = new Sequential(new JsBackend(), [dense(2, 4), relu(), dense(4, 2)], { prng: seededPrng(1) });
 * const trainer = new Trainer(net, examples, { learningRate: 0.5 });
 * const result = await trainer.fit({ epochs: 200 });
 * assert.equal(result.epochs, 200);
 * assert.equal(result.accuracy, 1);
 * trainer.dispose();
 * ```
 *
 * @example Stopped by a signal, then continued
 * ```ts
 * import { dense, Sequential, Trainer } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const examples = { count: 8, features: 1, pixels: Uint8Array.of(0, 1, 2, 3, 4, 5, 6, 7), labels: Uint8Array.of(0, 0, 0, 0, 1, 1, 1, 1) };
 * const net = new Sequential(new JsBackend(), [dense(1, 2)], { prng: seededPrng(0) });
 * const controller = new AbortController();
 * const trainer = new Trainer(net, examples, {
 *   batchSize: 2, prng: seededPrng(1),
 *   callbacks: [{ onStepEnd: (logs) => { if (logs.step === 5) controller.abort(); } }],
 * });
 * const first = await trainer.fit({ epochs: 3, signal: controller.signal });
 * assert.deepEqual([first.aborted, first.steps, first.epochs], [true, 6, 1]);
 * const rest = await trainer.fit({ epochs: 3 });
 * assert.deepEqual([rest.aborted, rest.steps, rest.epochs], [false, 12, 3]);
 * trainer.dispose();
 * ```
 */
export class Trainer<T extends Tensor> {
  /** The net being trained; its parameters change in place. */
  readonly net: Sequential<T>;
  /** The training samples. */
  readonly examples: Examples;
  /** The base learning rate. */
  readonly baseLearningRate: number;
  /** The rate of the next step: a schedule's callback sets it in `onStepBegin`. */
  learningRate: number;
  /** Samples per step (the whole set for full batches). */
  readonly batchSize: number;
  /** Steps in one epoch. */
  readonly stepsPerEpoch: number;
  /** Seconds the constructor took to make the buffers and, for full batches, upload the data. */
  readonly setupSeconds: number;

  readonly #options: TrainerOptions<T>;
  readonly #labels: Uint8Array;
  readonly #callbacks: readonly Callback<T>[];
  readonly #batches = new Map<number, BatchUploader<T>>();
  readonly #reload: boolean;
  readonly #augmented: AugmentedBatch | undefined;
  readonly #order: Uint32Array;
  readonly #born = performance.now();
  #epoch = 0;
  #step = 0;
  /** Where the current epoch has got to in `#order`. */
  #position = 0;
  #lossSum = 0;
  #correct = 0;
  #target = 0;
  #stopRequested = false;
  #last = { loss: Number.NaN, accuracy: Number.NaN };

  /**
   * Makes the batch buffers and, for full batches, uploads the data.
   *
   * @param net The net to train.
   * @param examples Labelled training samples.
   * @param options Rate, rule, batching, augmentation and callbacks.
   * @throws {RangeError} On a bad option, unlabelled or empty data, or mini-batches without a prng.
   * @throws {TypeError} If the samples do not have the net's input size.
   */
  constructor(net: Sequential<T>, examples: Examples, options: TrainerOptions<T> = {}) {
    const { learningRate = 0.1, batchSize = examples.count, l2 = 0, prng } = options;
    const augment = options.augmentBatches ?? options.augment;
    const fail = (why: string): never => {
      throw new RangeError(`Cannot train: ${why}`);
    };
    if (examples.labels === undefined) fail("the examples have no labels");
    if (examples.count < 1) fail("there are no examples");
    if (examples.features !== net.inputs) {
      throw new TypeError(
        `Cannot train: the samples have ${examples.features} values but the net takes ${net.inputs}`,
      );
    }
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
      fail(`learning rate must be a positive number, got ${learningRate}`);
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      fail(`batch size must be a positive integer, got ${batchSize}`);
    }
    if (!(l2 >= 0) || !Number.isFinite(l2)) fail(`l2 must be ≥ 0, got ${l2}`);
    const size = Math.min(batchSize, examples.count);
    const fullBatch = size === examples.count;
    if (!fullBatch && prng === undefined) fail("mini-batches need a prng to shuffle with");

    this.net = net;
    this.examples = examples;
    this.baseLearningRate = learningRate;
    this.learningRate = learningRate;
    this.batchSize = size;
    this.stepsPerEpoch = Math.ceil(examples.count / size);
    this.#options = options;
    this.#labels = examples.labels!;
    this.#callbacks = options.callbacks ?? [];
    this.#order = range(0, examples.count);
    this.#batches.set(size, new BatchUploader(net.backend, net.inputs, size));
    const lastSize = examples.count % size;
    if (lastSize !== 0) {
      this.#batches.set(lastSize, new BatchUploader(net.backend, net.inputs, lastSize));
    }
    // Without augmentation a full batch never changes: upload it once.
    this.#reload = !fullBatch || augment !== undefined;
    if (!this.#reload) this.#batches.get(size)!.load(examples, this.#order);
    this.#augmented = augment === undefined
      ? undefined
      : new AugmentedBatch(examples, size, augment);
    this.setupSeconds = this.seconds;
  }

  /** Epochs finished. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Steps (updates) taken. */
  get step(): number {
    return this.#step;
  }

  /** The epochs the current (or last) `fit` runs to. */
  get targetEpochs(): number {
    return this.#target;
  }

  /** Seconds since the trainer was made. */
  get seconds(): number {
    return (performance.now() - this.#born) / 1000;
  }

  /** Asks the current `fit` to end after the epoch in progress (Keras's `stop_training`). */
  stop(): void {
    this.#stopRequested = true;
  }

  /**
   * Trains until `epochs` epochs are done in all (Keras's `epochs`, counted
   * from the trainer's first), the signal aborts, or a callback stops it.
   * An aborted `fit` ends between two steps; the next one resumes the
   * epoch where it stopped.
   *
   * @param options `epochs`: the total to reach; `signal`: aborts between steps.
   * @returns How far training got, and the last finished epoch's figures.
   * @throws {RangeError} If `epochs` is not a non-negative integer.
   */
  async fit(options: { epochs: number; signal?: AbortSignal }): Promise<FitResult> {
    const { epochs, signal } = options;
    if (!Number.isInteger(epochs) || epochs < 0) {
      throw new RangeError(`Cannot train: epochs must be a non-negative integer, got ${epochs}`);
    }
    this.#target = epochs;
    this.#stopRequested = false;
    let aborted = false;
    await this.#each((c) => c.onTrainBegin?.(this));
    try {
      while (this.#epoch < epochs && !this.#stopRequested) {
        if (signal?.aborted) {
          aborted = true;
          break;
        }
        if (this.#position === 0) await this.#beginEpoch();
        while (this.#position < this.examples.count) {
          if (signal?.aborted) break;
          await this.#takeStep();
        }
        if (this.#position < this.examples.count) {
          aborted = true;
          break;
        }
        await this.#endEpoch();
      }
    } finally {
      await this.#each((c) => c.onTrainEnd?.(this));
    }
    return {
      epochs: this.#epoch,
      steps: this.#step,
      stopped: this.#stopRequested && this.#epoch < epochs,
      aborted,
      loss: this.#last.loss,
      accuracy: this.#last.accuracy,
    };
  }

  /** Frees the batch buffers (not the net, nor the optimizer). */
  dispose(): void {
    for (const batch of this.#batches.values()) batch.dispose();
    this.#batches.clear();
  }

  async #beginEpoch(): Promise<void> {
    if (this.batchSize < this.examples.count) shuffle(this.#order, this.#options.prng!);
    this.#lossSum = 0;
    this.#correct = 0;
    await this.#each((c) => c.onEpochBegin?.(this.#epoch, this));
  }

  async #takeStep(): Promise<void> {
    const { examples } = this;
    const start = this.#position;
    const indices = this.#order.subarray(start, Math.min(start + this.batchSize, examples.count));
    const batch = this.#batches.get(indices.length)!;
    if (this.#augmented !== undefined) {
      const end = start + indices.length;
      const next = end < examples.count
        ? this.#order.subarray(end, Math.min(end + this.batchSize, examples.count))
        : undefined;
      const augmented = await this.#augmented.fill(indices, start, next);
      batch.load(augmented, this.#augmented.order.subarray(0, indices.length));
    } else if (this.#reload) batch.load(examples, indices);
    await this.#each((c) => c.onStepBegin?.(this.#step, this));
    const { optimizer, l2 } = this.#options;
    const s = this.net.trainStep(batch.X, batch.Y, {
      learningRate: this.learningRate,
      optimizer,
      l2,
    });
    const backend = this.net.backend;
    const [predictions, loss] = await Promise.all([
      backend.download(s.predictions),
      backend.download(s.loss),
    ]);
    let correct = 0;
    for (let j = 0; j < indices.length; j++) {
      if (predictions[j] === this.#labels[indices[j]]) correct++;
    }
    this.#lossSum += loss[0] * indices.length;
    this.#correct += correct;
    this.#position += indices.length;
    const logs: StepLogs = {
      step: this.#step,
      epoch: this.#epoch,
      samples: indices.length,
      loss: loss[0],
      accuracy: correct / indices.length,
      learningRate: this.learningRate,
    };
    this.#step++;
    await this.#each((c) => c.onStepEnd?.(logs, this));
  }

  async #endEpoch(): Promise<void> {
    const count = this.examples.count;
    this.#last = { loss: this.#lossSum / count, accuracy: this.#correct / count };
    const logs: EpochLogs = {
      epoch: this.#epoch,
      epochs: this.#target,
      ...this.#last,
      learningRate: this.learningRate,
      seconds: this.seconds,
    };
    this.#epoch++;
    this.#position = 0;
    await this.#each((c) => c.onEpochEnd?.(logs, this));
  }

  async #each(run: (callback: Callback<T>) => void | Promise<void>): Promise<void> {
    for (const callback of this.#callbacks) await run(callback);
  }
}

/**
 * A batch's samples, each passed through the augmentation, as examples of
 * their own: on this thread, or by a batch augmenter, to which the next
 * batch of the epoch is submitted as soon as the current one is taken.
 */
class AugmentedBatch {
  readonly #examples: Examples;
  readonly #augment: ((image: Uint8Array, out: Uint8Array) => void) | BatchAugmenter;
  readonly #pixels: Uint8Array;
  readonly #labels: Uint8Array;
  /** Where in the epoch's order the batch submitted ahead starts. */
  #ahead: number | undefined;
  /** 0, 1, 2, …: where each sample sits in the transformed batch. */
  readonly order: Uint32Array;

  constructor(
    examples: Examples,
    size: number,
    augment: ((image: Uint8Array, out: Uint8Array) => void) | BatchAugmenter,
  ) {
    this.#examples = examples;
    this.#augment = augment;
    this.#pixels = new Uint8Array(size * examples.features);
    this.#labels = new Uint8Array(size);
    this.order = range(0, size);
  }

  /**
   * The samples at `indices` (which start at `start` in the epoch's
   * order), transformed, in that order; `next`, the batch after them in
   * the epoch, if any, is handed to a batch augmenter meanwhile.
   */
  async fill(
    indices: ArrayLike<number>,
    start: number,
    next: ArrayLike<number> | undefined,
  ): Promise<Examples> {
    const { features, pixels, labels } = this.#examples;
    const count = indices.length;
    const augment = this.#augment;
    const out = this.#pixels.subarray(0, count * features);
    if (typeof augment === "function") {
      for (let j = 0; j < count; j++) {
        const i = indices[j];
        augment(
          pixels.subarray(i * features, (i + 1) * features),
          out.subarray(j * features, (j + 1) * features),
        );
      }
    } else {
      if (this.#ahead === undefined) augment.submit(this.#gather(indices), features);
      else if (this.#ahead !== start) {
        throw new Error(
          `Cannot augment: the batch at ${this.#ahead} was submitted ahead, not the one at ${start}`,
        );
      }
      this.#ahead = undefined;
      out.set(await augment.next());
      if (next !== undefined) {
        augment.submit(this.#gather(next), features);
        this.#ahead = start + count;
      }
    }
    for (let j = 0; j < count; j++) this.#labels[j] = labels![indices[j]];
    return { count, features, pixels: out, labels: this.#labels.subarray(0, count) };
  }

  /** The images at `indices`, untransformed, one after another (in a reused buffer). */
  #gather(indices: ArrayLike<number>): Uint8Array {
    const { features, pixels } = this.#examples;
    const source = this.#source ??= new Uint8Array(this.#pixels.length);
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j];
      source.set(pixels.subarray(i * features, (i + 1) * features), j * features);
    }
    return source.subarray(0, indices.length * features);
  }

  #source: Uint8Array | undefined;
}
