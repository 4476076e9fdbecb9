import type { Backend, Tensor } from "@simple-mnist/backend";
import { AugmentWorker, createAugmenter } from "@simple-mnist/augment";
import type { Dataset, Examples } from "@simple-mnist/data";
import {
  type Callback,
  createOptimizer,
  DevEvaluation,
  EarlyStopping,
  type FitResult,
  LearningRateSchedule,
  mlpShape,
  type NetDescription,
  type Optimizer,
  Sequential,
  Trainer,
} from "@simple-mnist/model";
import { type Prng, seededPrng } from "@simple-mnist/random";
import { recipeNet, type ResolvedRecipe } from "./training_recipe.ts";

/**
 * Offsets the recipe's seed for the dropout masks' own generator, so that
 * turning dropout on leaves the split, the weights and the shuffles alone.
 *
 * @example
 * ```ts
 * import { DROPOUT_STREAM } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * assert.equal(DROPOUT_STREAM, 0x5eed);
 * ```
 */
export const DROPOUT_STREAM = 0x5eed;

/**
 * Offsets the recipe's seed for the augmentation's own generator.
 *
 * @example
 * ```ts
 * import { AUGMENT_STREAM } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * assert.equal(AUGMENT_STREAM, 0xa06);
 * ```
 */
export const AUGMENT_STREAM = 0xa06;

/**
 * What a run trains on: the training images, the held-out dev images (may
 * be empty) and where they came from, for messages.
 *
 * @example
 * ```ts
 * import type { RunData } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * const fit = { count: 1, features: 4, width: 2, height: 2, pixels: new Uint8Array(4), labels: Uint8Array.of(0), source: "x" };
 * const data: RunData = { fit, dev: { ...fit, count: 0, pixels: new Uint8Array(0), labels: new Uint8Array(0) } };
 * assert.equal(data.dev.count, 0);
 * ```
 */
export interface RunData {
  /** The training images. */
  readonly fit: Dataset;
  /** The dev images (count 0 for none). */
  readonly dev: Examples;
}

/**
 * How a run is made beyond its recipe.
 *
 * @example
 * ```ts
 * import type { RunOptions } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * const options: RunOptions = { devEvery: 10 };
 * assert.equal(options.resumed, undefined);
 * ```
 */
export interface RunOptions<T extends Tensor = Tensor> {
  /** The model to train on from (the recipe's `resumedFrom` names it). */
  readonly resumed?: NetDescription;
  /**
   * Evaluate the dev set after every `devEvery`-th epoch and the last, for a
   * history (default: only when early stopping needs it, after every epoch).
   */
  readonly devEvery?: number;
  /** The caller's callbacks (history, progress), run after the recipe's own. */
  readonly callbacks?: readonly Callback<T>[];
  /**
   * Augment on a worker thread (`AugmentWorker`), the next batch while the
   * current one trains, rather than on this thread between steps: the
   * same bytes either way (default false; the run's dispose stops it).
   */
  readonly augmentInWorker?: boolean;
}

/**
 * A recipe made ready to train: its net, update rule and trainer, with the
 * recipe's schedule, dev evaluation and early stopping as callbacks.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example The seed's recipe on a few images
 * ```ts
 * import { createRun, resolve } from "@simple-mnist/recipe";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const { recipe } = resolve({ iterations: 5, batchSize: 50 });
 * const prng = seededPrng(recipe.seed);
 * const { train: fit, dev } = splitDev(limitRows((await loadMnist()).train, 600), 100, prng);
 * const run = createRun(new JsBackend(), recipe, { fit, dev }, prng);
 * assert.match(run.description, /^Training 784-10-10 relu on js: 5 iterations, sgd, lr 0.1/);
 * const result = await run.fit();
 * assert.equal(result.epochs, 5);
 * run.dispose();
 * run.net.dispose();
 * ```
 */
export interface Run<T extends Tensor> {
  /** The net being trained (the caller disposes it). */
  readonly net: Sequential<T>;
  /** The trainer, for `fit` with a signal or more epochs. */
  readonly trainer: Trainer<T>;
  /** The update rule. */
  readonly optimizer: Optimizer<T>;
  /** The early stopping callback, when the recipe stops early. */
  readonly stopper?: EarlyStopping<T>;
  /** What is about to be trained, as a line: net, backend, epochs and settings. */
  readonly description: string;
  /**
   * Trains for the recipe's epochs.
   *
   * @param signal Aborts between two steps.
   */
  fit(signal?: AbortSignal): Promise<FitResult>;
  /** Frees the trainer and the update rule (not the net). */
  dispose(): void;
}

/**
 * Builds a recipe's run: the net (fresh weights from `prng`, or the
 * resumed model's), its update rule, augmentation, and a trainer whose
 * callbacks are the recipe's schedule, dev evaluation and early stopping,
 * then the caller's.
 *
 * @param backend Where it computes.
 * @param recipe The resolved recipe.
 * @param data The training and dev images.
 * @param prng The run's generator, after the split: it draws the weights, then the shuffles.
 * @param options A model to resume, how often to evaluate dev, and more callbacks.
 * @returns The run.
 * @throws {TypeError} If a resumed model takes other images than the data's.
 * @throws {RangeError} If the recipe cannot apply to the images (augmenting images that
 * are not square).
 */
export function createRun<T extends Tensor>(
  backend: Backend<T>,
  recipe: ResolvedRecipe,
  data: RunData,
  prng: Prng,
  options: RunOptions<T> = {},
): Run<T> {
  const { fit, dev } = data;
  const { resumed } = options;
  if (resumed !== undefined) {
    const inputs = resumed.input.reduce((n, d) => n * d, 1);
    if (inputs !== fit.features) {
      throw new TypeError(
        `Cannot resume from ${recipe.resumedFrom}: the model takes ${inputs} pixels but the images of ${fit.source} have ${fit.features}`,
      );
    }
  }
  if (recipe.augment !== "none" && fit.width !== fit.height) {
    throw new RangeError(
      `Cannot augment the images of ${fit.source} (${recipe.augment}): they are not square`,
    );
  }
  // Dropout and augmentation draw from streams of their own, so that
  // turning either on leaves the split, the weights and the shuffles alone.
  const noise = seededPrng(recipe.seed + DROPOUT_STREAM);
  let net: Sequential<T>;
  if (resumed !== undefined) {
    net = Sequential.fromDescription(backend, resumed, { noise });
  } else {
    const { input, layers } = recipeNet(recipe, fit);
    net = new Sequential(backend, layers, { input, prng, init: recipe.init ?? undefined, noise });
  }
  const optimizer = createOptimizer(backend, recipe.optimizer, {
    momentum: recipe.momentum,
    beta1: recipe.beta1,
    beta2: recipe.beta2,
    epsilon: recipe.epsilon,
    weightDecay: recipe.weightDecay,
  });
  const callbacks: Callback<T>[] = [];
  if (recipe.lrSchedule !== "constant" || recipe.warmup > 0) {
    callbacks.push(
      new LearningRateSchedule({
        name: recipe.lrSchedule,
        stepSize: recipe.lrStep ?? undefined,
        gamma: recipe.lrGamma ?? undefined,
        warmup: recipe.warmup,
      }),
    );
  }
  const hasDev = dev.count > 0;
  let stopper: EarlyStopping<T> | undefined;
  if (recipe.earlyStop !== null && hasDev) {
    // Early stopping watches dev after every epoch, which a history then shows.
    stopper = new EarlyStopping({ patience: recipe.earlyStop });
    callbacks.push(new DevEvaluation(dev), stopper);
  } else if (options.devEvery !== undefined && hasDev) {
    callbacks.push(new DevEvaluation(dev, { every: options.devEvery }));
  }
  callbacks.push(...(options.callbacks ?? []));
  let trainer: Trainer<T>;
  const augmentSeed = recipe.seed + AUGMENT_STREAM;
  const worker = options.augmentInWorker && recipe.augment !== "none"
    ? new AugmentWorker(recipe.augment, augmentSeed, fit.width)
    : undefined;
  try {
    trainer = new Trainer(net, fit, {
      learningRate: recipe.learningRate,
      optimizer,
      l2: recipe.l2,
      batchSize: recipe.batchSize ?? undefined,
      prng,
      augment: worker === undefined
        ? createAugmenter(recipe.augment, seededPrng(augmentSeed), fit.width)
        : undefined,
      augmentBatches: worker,
      callbacks,
    });
  } catch (error) {
    worker?.close();
    optimizer.dispose();
    net.dispose();
    throw error;
  }
  return {
    net,
    trainer,
    optimizer,
    stopper,
    description: describeRun(recipe, net, backend.name),
    fit: (signal) => trainer.fit({ epochs: recipe.iterations, signal }),
    dispose() {
      trainer.dispose();
      optimizer.dispose();
      worker?.close();
    },
  };
}

/** `Training 784-10-10 relu on wasm: 500 iterations, sgd, lr 0.1, full batch, uniform init, seed 0`. */
function describeRun<T extends Tensor>(
  r: ResolvedRecipe,
  net: Sequential<T>,
  backend: string,
): string {
  const shape = mlpShape(net.config.layers);
  const parts = [
    r.optimizer,
    `lr ${r.learningRate}`,
    r.lrSchedule !== "constant" ? `${r.lrSchedule} schedule` : "",
    r.warmup > 0 ? `warm-up ${r.warmup} steps` : "",
    r.l2 > 0 ? `L2 ${r.l2}` : "",
    r.weightDecay > 0 ? `weight decay ${r.weightDecay}` : "",
    (shape?.dropout ?? 0) > 0 ? `dropout ${shape!.dropout}` : "",
    r.augment !== "none" ? `${r.augment} augmentation` : "",
    r.earlyStop !== null ? `early stop ${r.earlyStop}` : "",
  ].filter((part) => part !== "");
  return `Training ${net.architecture}${
    shape === undefined ? "" : ` ${shape.activation}`
  } on ${backend}: ${r.iterations} iterations, ${parts.join(", ")}, ${
    r.batchSize === null ? "full batch" : `batches of ${r.batchSize}`
  }, ${
    r.resumedFrom !== null ? `resumed from ${r.resumedFrom}` : `${r.init} init`
  }, seed ${r.seed}`;
}
