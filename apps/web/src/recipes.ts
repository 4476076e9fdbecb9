import type { Activation, InitScheme, OptimizerName } from "@simple-mnist/model";

/**
 * A way to train a net in the page: its shape and its training settings.
 *
 * @example
 * ```ts
 * import { RECIPES } from "./recipes.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(RECIPES[0].id, "seed");
 * assert.deepEqual(RECIPES[0].hidden, [10]);
 * ```
 */
export interface Recipe {
  /** A short name, used in the page and in messages. */
  readonly id: string;
  /** What it is, for the menu. */
  readonly label: string;
  /** Hidden layer widths, first layer first. */
  readonly hidden: readonly number[];
  /** The hidden layers' activation. */
  readonly activation: Activation;
  /** Weight initialisation. */
  readonly init: InitScheme;
  /** The update rule. */
  readonly optimizer: OptimizerName;
  /** Step size. */
  readonly learningRate: number;
  /** Samples per step; undefined for full-batch gradient descent. */
  readonly batchSize?: number;
}

/** The recipes the page offers; the first is the seed tutorial's. */
export const RECIPES: readonly Recipe[] = [
  {
    id: "seed",
    label: "seed: 784-10-10, full-batch gradient descent, lr 0.1",
    hidden: [10],
    activation: "relu",
    init: "uniform",
    optimizer: "sgd",
    learningRate: 0.1,
  },
  {
    id: "small",
    label: "small: 784-32-10, SGD batch 64, lr 0.1, He init",
    hidden: [32],
    activation: "relu",
    init: "he",
    optimizer: "sgd",
    learningRate: 0.1,
    batchSize: 64,
  },
  {
    id: "wide",
    label: "wide: 784-128-10, SGD batch 64, lr 0.1, He init",
    hidden: [128],
    activation: "relu",
    init: "he",
    optimizer: "sgd",
    learningRate: 0.1,
    batchSize: 64,
  },
  {
    id: "deep",
    label: "deep: 784-256-128-10, SGD batch 64, lr 0.1, He init",
    hidden: [256, 128],
    activation: "relu",
    init: "he",
    optimizer: "sgd",
    learningRate: 0.1,
    batchSize: 64,
  },
  {
    id: "tanh",
    label: "tanh: 784-128-10 tanh, SGD batch 64, lr 0.1, Xavier init",
    hidden: [128],
    activation: "tanh",
    init: "xavier",
    optimizer: "sgd",
    learningRate: 0.1,
    batchSize: 64,
  },
  {
    id: "adam",
    label: "adam: 784-256-128-10, Adam batch 64, lr 0.001, He init",
    hidden: [256, 128],
    activation: "relu",
    init: "he",
    optimizer: "adam",
    learningRate: 0.001,
    batchSize: 64,
  },
];

/**
 * Finds a recipe by id.
 *
 * @param id The recipe's id.
 * @returns The recipe.
 * @throws {RangeError} If there is none by that id.
 *
 * @example
 * ```ts
 * import { recipeById } from "./recipes.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(recipeById("wide").hidden[0], 128);
 * ```
 */
export function recipeById(id: string): Recipe {
  const recipe = RECIPES.find((r) => r.id === id);
  if (recipe === undefined) {
    throw new RangeError(
      `Cannot find recipe "${id}": the recipes are ${RECIPES.map((r) => r.id).join(", ")}`,
    );
  }
  return recipe;
}
