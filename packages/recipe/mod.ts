/**
 * Training recipes for simple-mnist: one typed `TrainingRecipe` (any
 * settings), one `resolve()` that settles every default exactly once (and
 * says where each setting came from), the named presets, and `createRun()`,
 * which makes a recipe's net, update rule and trainer. The CLI's flags, the
 * web page's recipe menu and cross-validation all go through it, and the
 * `--json` summary, the model file's metadata and the report's settings
 * table are all written from the one resolved recipe.
 *
 * @example Resolve a recipe and train it
 * ```ts
 * import { createRun, resolve } from "@simple-mnist/recipe";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const { recipe, origin } = resolve({ hidden: [32], optimizer: "adam", batchSize: 64, iterations: 2 });
 * assert.deepEqual([recipe.learningRate, origin.learningRate, recipe.init], [0.001, "default", "he"]);
 * const prng = seededPrng(recipe.seed);
 * const { train: fit, dev } = splitDev(limitRows((await loadMnist()).train, 2000), 200, prng);
 * const run = createRun(new JsBackend(), recipe, { fit, dev }, prng);
 * const result = await run.fit();
 * assert.ok(result.accuracy > 0.5);
 * run.dispose();
 * run.net.dispose();
 * ```
 *
 * @module
 */
export * from "./training_recipe.ts";
export * from "./presets.ts";
export * from "./run.ts";
// The types of the packages a run is made of, which its API names.
export type * from "@simple-mnist/model";
export type { AugmentName } from "@simple-mnist/augment";
