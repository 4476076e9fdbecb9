import type { TrainingRecipe } from "./training_recipe.ts";

/**
 * The names of the presets.
 *
 * @example
 * ```ts
 * import type { PresetName } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * const name: PresetName = "best";
 * assert.equal(name, "best");
 * ```
 */
export type PresetName = "seed" | "best" | "conv";

/**
 * Named recipes for `--preset`: settings given beside one win over its own.
 * - `seed`: the defaults, the seed tutorial's run (784-10-10, full-batch
 *   gradient descent at 0.1, 500 iterations).
 * - `best`: the most accurate dense net found within 60 s of training on two
 *   cores, chosen by dev accuracy by `benchmarks/search_best.ts` (the test
 *   set played no part).
 * - `conv`: a LeNet-sized convolutional net (two 5x5 convolutions of 16 and
 *   32 filters, each with ReLU and 2x2 max-pooling, then dense to the 10
 *   digits: the conv issue's anchor) trained with Adam at 0.002 on a cosine
 *   schedule, batch 128, affine augmentation, 12 epochs: three seeds read
 *   0.9927 to 0.9942 of the test set (mean 0.9935) in 111 to 122 s of
 *   training on two cores (the recipe README has the figures and the load).
 *
 * @example
 * ```ts
 * import { PRESETS } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(PRESETS.seed, {});
 * assert.equal(PRESETS.best.optimizer, "adam");
 * ```
 */
export const PRESETS: Readonly<Record<PresetName, TrainingRecipe>> = {
  seed: {},
  best: {
    hidden: [1024],
    optimizer: "adam",
    learningRate: 0.003,
    lrSchedule: "cosine",
    batchSize: 256,
    iterations: 18,
    augment: "affine",
  },
  conv: {
    layerSpec: "conv:16:5,relu,pool:2,conv:32:5,relu,pool:2,dense:10",
    optimizer: "adam",
    learningRate: 0.002,
    lrSchedule: "cosine",
    batchSize: 128,
    iterations: 12,
    augment: "affine",
  },
};

/**
 * The preset names, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * import { PRESET_NAMES } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(PRESET_NAMES, ["seed", "best", "conv"]);
 * ```
 */
export const PRESET_NAMES: readonly PresetName[] = ["seed", "best", "conv"];
