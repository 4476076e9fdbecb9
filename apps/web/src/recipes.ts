import { recipeNet, resolve, type TrainingRecipe } from "@simple-mnist/recipe";
import { netName } from "./net_name.ts";

/**
 * A recipe the page offers: an id, the label the page shows (its menu the
 * part before the first comma, `id: net`, the whole under it; a net too
 * long for a phone's menu, as a conv net's name is, is said in a few words
 * there and named in the next part), the training recipe
 * itself (the same type the CLI's flags give) and the epochs the Epochs
 * field suggests for it.
 *
 * @example
 * ```ts
 * import { PAGE_RECIPES } from "./recipes.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(PAGE_RECIPES[0].id, "seed");
 * assert.deepEqual(PAGE_RECIPES[0].recipe, {});
 * ```
 */
export interface PageRecipe {
  /** A short name, used in the page and in messages. */
  readonly id: string;
  /** What it is: `name: net`, then the settings that shape its training, comma-separated. */
  readonly label: string;
  /** The settings; the others are `resolve()`'s defaults. */
  readonly recipe: TrainingRecipe;
  /** Epochs to suggest: a full-batch epoch is a single step, so the seed's needs hundreds. */
  readonly epochs: number;
}

/**
 * The recipes the page offers; the first is the seed tutorial's. Then
 * three use what the CLI also trains with: dropout, the cosine schedule
 * (over the epochs asked for) and augmentation; the last is a small
 * convolutional net (half the filters of `--preset conv`'s, so that an
 * epoch takes seconds in the page, not half a minute).
 */
export const PAGE_RECIPES: readonly PageRecipe[] = [
  {
    id: "seed",
    label: "seed: 784-10-10, full-batch gradient descent, lr 0.1",
    recipe: {},
    epochs: 200,
  },
  {
    id: "small",
    label: "small: 784-32-10, SGD batch 64, lr 0.1, He init",
    recipe: { hidden: [32], init: "he", batchSize: 64 },
    epochs: 3,
  },
  {
    id: "wide",
    label: "wide: 784-128-10, SGD batch 64, lr 0.1, He init",
    recipe: { hidden: [128], init: "he", batchSize: 64 },
    epochs: 3,
  },
  {
    id: "deep",
    label: "deep: 784-256-128-10, SGD batch 64, lr 0.1, He init",
    recipe: { hidden: [256, 128], init: "he", batchSize: 64 },
    epochs: 3,
  },
  {
    id: "tanh",
    label: "tanh: 784-128-10 tanh, SGD batch 64, lr 0.1, Xavier init",
    recipe: { hidden: [128], activation: "tanh", init: "xavier", batchSize: 64 },
    epochs: 3,
  },
  {
    id: "adam",
    label: "adam: 784-256-128-10, Adam batch 64, lr 0.001, He init",
    recipe: { hidden: [256, 128], init: "he", optimizer: "adam", batchSize: 64 },
    epochs: 3,
  },
  {
    id: "dropout",
    label: "dropout: 784-256-128-10, SGD batch 64, lr 0.1, He init, dropout 0.2, cosine schedule",
    recipe: {
      hidden: [256, 128],
      init: "he",
      batchSize: 64,
      dropout: 0.2,
      lrSchedule: "cosine",
    },
    epochs: 3,
  },
  {
    id: "shift",
    label: "shift: 784-128-10, SGD batch 64, lr 0.1, He init, shift augmentation, cosine schedule",
    recipe: { hidden: [128], init: "he", batchSize: 64, augment: "shift", lrSchedule: "cosine" },
    epochs: 3,
  },
  {
    id: "affine",
    label:
      "affine: 784-256-128-10, Adam batch 64, lr 0.001, He init, affine augmentation, dropout 0.1, cosine schedule",
    recipe: {
      hidden: [256, 128],
      optimizer: "adam",
      batchSize: 64,
      dropout: 0.1,
      augment: "affine",
      lrSchedule: "cosine",
    },
    epochs: 3,
  },
  {
    id: "conv",
    label:
      "conv: 2 conv layers, 28x28-conv5x5x8-pool2-conv5x5x16-pool2-10, Adam batch 64, lr 0.001, He init",
    recipe: {
      layerSpec: "conv:8:5,relu,pool:2,conv:16:5,relu,pool:2,dense:10",
      optimizer: "adam",
      batchSize: 64,
    },
    epochs: 2,
  },
];

/**
 * Finds a page recipe by id.
 *
 * @param id The recipe's id.
 * @returns The recipe.
 * @throws {RangeError} If there is none by that id.
 *
 * @example
 * ```ts
 * import { pageRecipe } from "./recipes.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(pageRecipe("wide").recipe.hidden, [128]);
 * ```
 */
export function pageRecipe(id: string): PageRecipe {
  const recipe = PAGE_RECIPES.find((r) => r.id === id);
  if (recipe === undefined) {
    throw new RangeError(
      `Cannot find recipe "${id}": the recipes are ${PAGE_RECIPES.map((r) => r.id).join(", ")}`,
    );
  }
  return recipe;
}

/**
 * The net a page recipe builds, as the page names it (see
 * {@linkcode netName}): `784-128-10`, or `28x28-conv5x5x8-pool2-…-10`.
 *
 * @param page The recipe.
 * @returns Its name.
 *
 * @example
 * ```ts
 * import { pageRecipe, recipeShape } from "./recipes.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(recipeShape(pageRecipe("deep")), "784-256-128-10");
 * assert.equal(recipeShape(pageRecipe("conv")), "28x28-conv5x5x8-pool2-conv5x5x16-pool2-10");
 * ```
 */
export function recipeShape(page: PageRecipe): string {
  return netName(recipeNet(resolve(page.recipe).recipe, MNIST_IMAGE));
}

/** The images the page's nets read. */
const MNIST_IMAGE = { height: 28, width: 28 };
