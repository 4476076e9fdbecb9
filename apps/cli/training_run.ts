import type { Backend, Tensor } from "@simple-mnist/backend";
import { createAugmenter } from "@simple-mnist/augment";
import type { Dataset } from "@simple-mnist/data";
import {
  createOptimizer,
  type Examples,
  initWeights,
  type IterationEvent,
  type ModelFile,
  Sequential,
  train,
  validateLayers,
  type Weights,
} from "@simple-mnist/model";
import { type Prng, seededPrng } from "@simple-mnist/random";
import { UsageError } from "./errors.ts";
import { AUGMENT_STREAM, DROPOUT_STREAM, type Recipe } from "./recipe.ts";

/** A recipe's run, done: the trained net (the caller disposes it) and how the run went. */
export interface FitResult<T extends Tensor> {
  readonly net: Sequential<T>;
  readonly trainSeconds: number;
  readonly setupSeconds: number;
  readonly stoppedEarly: boolean;
  readonly bestIteration: number | null;
  /** The decoupled weight decay the optimizer applied (the recipe's, or adamw's default). */
  readonly weightDecay: number;
}

/** What a run reports as it goes, and what else it may evaluate. */
export interface FitHooks {
  /** The line that says what is about to be trained. */
  readonly announce?: (line: string) => void;
  readonly onIteration?: (event: IterationEvent) => void | Promise<void>;
  /** Evaluate `dev` as the history wants (early stopping evaluates it every iteration anyway). */
  readonly devOptions?: { dev?: Examples; evalEvery?: number };
}

/**
 * Builds the recipe's net (fresh weights from `prng`, or the resumed
 * file's), its optimizer and augmentation, and trains it on `fit`.
 *
 * @param prng The run's generator, after the split: it draws the weights, then the shuffles.
 * @throws {UsageError} If the widths do not fit the data's pixels.
 * @throws {Error} If a resumed model takes other images than the data's.
 */
export async function fitRecipe<T extends Tensor>(
  backend: Backend<T>,
  recipe: Recipe,
  sets: { fit: Dataset; dev: Dataset; source: string },
  prng: Prng,
  resumed?: ModelFile,
  hooks: FitHooks = {},
): Promise<FitResult<T>> {
  const { fit, dev } = sets;
  let weights: Weights;
  if (resumed !== undefined) {
    weights = resumed.weights;
    if (weights.layers[0] !== fit.features) {
      throw new Error(
        `Cannot resume from ${recipe.resume}: the model takes ${
          weights.layers[0]
        } pixels but the images of ${sets.source} have ${fit.features}`,
      );
    }
  } else {
    try {
      validateLayers([fit.features, ...recipe.hidden, 10], "--hidden");
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    weights = initWeights(prng, {
      inputs: fit.features,
      hidden: recipe.hidden,
      init: recipe.init,
      activation: recipe.activation,
    });
  }
  if (recipe.augment !== "none" && fit.width !== fit.height) {
    throw new UsageError(
      `--augment ${recipe.augment}: the images of ${sets.source} are not square`,
    );
  }
  // Dropout and augmentation draw from streams of their own, so that
  // turning either on leaves the split, the weights and the shuffles alone.
  const net = Sequential.fromWeights(backend, weights, {
    dropout: recipe.dropout,
    prng: seededPrng(recipe.seed + DROPOUT_STREAM),
  });
  const augment = createAugmenter(
    recipe.augment,
    seededPrng(recipe.seed + AUGMENT_STREAM),
    fit.width,
  );
  const optimizer = createOptimizer(backend, recipe.optimizer, {
    momentum: recipe.momentum,
    beta1: recipe.beta1,
    beta2: recipe.beta2,
    epsilon: recipe.epsilon,
    weightDecay: recipe.weightDecay,
  });
  const r = recipe;
  const parts = [
    r.optimizer,
    `lr ${r.learningRate}`,
    r.schedule !== "constant" ? `${r.schedule} schedule` : "",
    r.warmup > 0 ? `warm-up ${r.warmup} steps` : "",
    r.l2 > 0 ? `L2 ${r.l2}` : "",
    optimizer.weightDecay > 0 ? `weight decay ${optimizer.weightDecay}` : "",
    r.dropout > 0 ? `dropout ${r.dropout}` : "",
    r.augment !== "none" ? `${r.augment} augmentation` : "",
    r.earlyStop !== undefined ? `early stop ${r.earlyStop}` : "",
  ].filter((part) => part !== "");
  hooks.announce?.(
    `Training ${net.architecture} ${net.activation} on ${backend.name}: ${r.iterations} iterations, ${
      parts.join(", ")
    }, ${r.batchSize === undefined ? "full batch" : `batches of ${r.batchSize}`}, ${
      resumed !== undefined ? `resumed from ${r.resume}` : `${r.init} init`
    }, seed ${r.seed}`,
  );
  const start = performance.now();
  try {
    const result = await train(net, fit, {
      iterations: r.iterations,
      learningRate: r.learningRate,
      batchSize: r.batchSize,
      prng,
      optimizer,
      l2: r.l2,
      augment,
      schedule: { name: r.schedule, stepSize: r.lrStep, gamma: r.lrGamma, warmup: r.warmup },
      // Early stopping watches dev after every iteration, which the history then shows.
      ...(r.earlyStop !== undefined ? { dev } : hooks.devOptions),
      earlyStop: r.earlyStop,
      onIteration: hooks.onIteration,
    });
    return {
      net,
      trainSeconds: (performance.now() - start) / 1000,
      setupSeconds: result.setupSeconds,
      stoppedEarly: result.stoppedEarly,
      bestIteration: result.bestIteration,
      weightDecay: optimizer.weightDecay,
    };
  } catch (error) {
    net.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
}
