import type { TrainingRecipe } from "@simple-mnist/recipe";

/**
 * A recipe the page offers: an id, the label its menu shows, and the
 * training recipe itself, the same type the CLI's flags give.
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
  /** What it is, for the menu. */
  readonly label: string;
  /** The settings; the others are `resolve()`'s defaults. */
  readonly recipe: TrainingRecipe;
}

/** The recipes the page offers; the first is the seed tutorial's. */
export const PAGE_RECIPES: readonly PageRecipe[] = [
  { id: "seed", label: "seed: 784-10-10, full-batch gradient descent, lr 0.1", recipe: {} },
  {
    id: "small",
    label: "small: 784-32-10, SGD batch 64, lr 0.1, He init",
    recipe: { hidden: [32], init: "he", batchSize: 64 },
  },
  {
    id: "wide",
    label: "wide: 784-128-10, SGD batch 64, lr 0.1, He init",
    recipe: { hidden: [128], init: "he", batchSize: 64 },
  },
  {
    id: "deep",
    label: "deep: 784-256-128-10, SGD batch 64, lr 0.1, He init",
    recipe: { hidden: [256, 128], init: "he", batchSize: 64 },
  },
  {
    id: "tanh",
    label: "tanh: 784-128-10 tanh, SGD batch 64, lr 0.1, Xavier init",
    recipe: { hidden: [128], activation: "tanh", init: "xavier", batchSize: 64 },
  },
  {
    id: "adam",
    label: "adam: 784-256-128-10, Adam batch 64, lr 0.001, He init",
    recipe: { hidden: [256, 128], init: "he", optimizer: "adam", batchSize: 64 },
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
