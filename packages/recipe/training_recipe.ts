import type { Activation } from "@simple-mnist/backend";
import type { AugmentName } from "@simple-mnist/augment";
import {
  defaultInitScheme,
  defaultLearningRate,
  floatsPerSample,
  type InitScheme,
  mlp,
  type NetConfig,
  type OptimizerName,
  parseLayerList,
  planNet,
  type ScheduleName,
} from "@simple-mnist/model";
import { type PresetName, PRESETS } from "./presets.ts";

/**
 * Every setting of a training run, each settled: what `deno task train`
 * prints in `--json`, keeps in the model file and shows in the report, and
 * what {@linkcode createRun} builds. `null` means "not used" (no early
 * stopping, full batches, no row limit, no preset, not resumed).
 *
 * @example
 * ```ts
 * import { resolve, type ResolvedRecipe } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * const seed: ResolvedRecipe = resolve({}).recipe;
 * assert.deepEqual([seed.optimizer, seed.learningRate, seed.batchSize, seed.init], ["sgd", 0.1, null, "uniform"]);
 * ```
 */
export interface ResolvedRecipe {
  /** The named recipe the settings started from, or null. */
  readonly preset: PresetName | null;
  /**
   * The whole net as a layer list (`conv:16:5,relu,pool:2,dense:10`, see
   * `parseLayerList`), or null for the MLP of `hidden`, `activation` and `dropout`.
   */
  readonly layerSpec: string | null;
  /** The MLP's hidden widths (the seed's `[10]`), unless `layerSpec` gives the net. */
  readonly hidden: readonly number[];
  /** The hidden layers' activation. */
  readonly activation: Activation;
  /** Inverted dropout after each hidden activation (0: none). */
  readonly dropout: number;
  /** How the first weights are drawn; null when the net is resumed from a file. */
  readonly init: InitScheme | null;
  /** The model file training goes on from, or null for fresh weights. */
  readonly resumedFrom: string | null;
  /** The update rule. */
  readonly optimizer: OptimizerName;
  /** The base learning rate. */
  readonly learningRate: number;
  /** Momentum μ of momentum and nesterov. */
  readonly momentum: number;
  /** Adam's first-moment decay. */
  readonly beta1: number;
  /** The second-moment decay of Adam, and RMSprop's decay rate. */
  readonly beta2: number;
  /** Added to the root in RMSprop and Adam. */
  readonly epsilon: number;
  /** Decoupled weight decay λ (0: none). */
  readonly weightDecay: number;
  /** The seed's L2 strength λ (0: none). */
  readonly l2: number;
  /** Random transforms of each training batch. */
  readonly augment: AugmentName;
  /** How the rate moves over the run's steps. */
  readonly lrSchedule: ScheduleName;
  /** With the step schedule: steps between decays; else null. */
  readonly lrStep: number | null;
  /** With the step schedule: the factor; else null. */
  readonly lrGamma: number | null;
  /** Steps of linear warm-up. */
  readonly warmup: number;
  /** Epochs without a better dev loss before stopping; null for none. */
  readonly earlyStop: number | null;
  /** Passes over the training set. */
  readonly iterations: number;
  /** Samples per step; null for full batches. */
  readonly batchSize: number | null;
  /** Seed of the split, the weights, the shuffles, the masks and the transforms. */
  readonly seed: number;
  /** Training images held out as the dev set. */
  readonly devSize: number;
  /** Only the first this many training rows; null for all. */
  readonly limit: number | null;
}

/**
 * A training recipe as people write it: any settings, the others left to
 * the preset (if one is named) and then to the defaults. CLI flags, the
 * page's recipe menu and cross-validation all produce one, and
 * {@linkcode resolve} settles it.
 *
 * @example
 * ```ts
 * import type { TrainingRecipe } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * const recipe: TrainingRecipe = { hidden: [128], optimizer: "adam", batchSize: 64 };
 * assert.equal(recipe.learningRate, undefined); // adam's 0.001, once resolved
 * ```
 */
export type TrainingRecipe = {
  readonly [K in keyof ResolvedRecipe]?: Exclude<ResolvedRecipe[K], null>;
};

/**
 * Where each resolved setting came from: given, the preset's, or the default.
 *
 * @example
 * ```ts
 * import { resolve } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * const { origin } = resolve({ preset: "best", iterations: 2 });
 * assert.deepEqual([origin.iterations, origin.hidden, origin.seed], ["given", "preset", "default"]);
 * ```
 */
export type RecipeOrigin = Readonly<Record<keyof ResolvedRecipe, "given" | "preset" | "default">>;

/**
 * Every setting's name, in the order the summary and the report list them.
 *
 * @example
 * ```ts
 * import { RECIPE_KEYS, resolve } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(RECIPE_KEYS, Object.keys(resolve({}).recipe));
 * ```
 */
export const RECIPE_KEYS: readonly (keyof ResolvedRecipe)[] = [
  "preset",
  "layerSpec",
  "hidden",
  "activation",
  "dropout",
  "init",
  "resumedFrom",
  "optimizer",
  "learningRate",
  "momentum",
  "beta1",
  "beta2",
  "epsilon",
  "weightDecay",
  "l2",
  "augment",
  "lrSchedule",
  "lrStep",
  "lrGamma",
  "warmup",
  "earlyStop",
  "iterations",
  "batchSize",
  "seed",
  "devSize",
  "limit",
];

/** The defaults that do not depend on other settings. */
const DEFAULTS = {
  preset: null,
  layerSpec: null,
  hidden: [10],
  activation: "relu",
  dropout: 0,
  resumedFrom: null,
  optimizer: "sgd",
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  l2: 0,
  augment: "none",
  lrSchedule: "constant",
  lrStep: null,
  warmup: 0,
  earlyStop: null,
  iterations: 500,
  batchSize: null,
  seed: 0,
  devSize: 1000,
  limit: null,
} as const satisfies Partial<ResolvedRecipe>;

/**
 * Settles every setting of a recipe exactly once: given values win, then
 * the named preset's, then the defaults, of which some follow from other
 * settings (the learning rate from the optimizer, weight decay from
 * `adamw`, the init scheme from the net, `lrGamma` from the step
 * schedule). It also checks what no single setting can.
 *
 * @param given The settings given.
 * @param options `name`: how a setting is called in messages (the CLI passes its flags).
 * @returns The resolved recipe and where each setting came from.
 * @throws {RangeError} On settings that do not go together (a step size without the step
 * schedule, an architecture beside a resumed model, a net too large to hold).
 *
 * @example
 * ```ts
 * import { resolve } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * const { recipe } = resolve({ preset: "best", seed: 2 });
 * assert.deepEqual([recipe.hidden, recipe.optimizer, recipe.learningRate, recipe.seed], [[1024], "adam", 0.003, 2]);
 * assert.equal(resolve({ optimizer: "adamw" }).recipe.weightDecay, 0.01);
 * assert.throws(() => resolve({ lrStep: 100 }), /lrStep needs lrSchedule step/);
 * ```
 */
export function resolve(
  given: TrainingRecipe,
  options: { name?: (key: keyof ResolvedRecipe) => string } = {},
): { recipe: ResolvedRecipe; origin: RecipeOrigin } {
  const name = options.name ?? ((key) => key);
  const preset: TrainingRecipe = given.preset === undefined ? {} : PRESETS[given.preset];
  const origin: Record<string, "given" | "preset" | "default"> = {};
  const pick = <K extends keyof ResolvedRecipe>(key: K, fallback: ResolvedRecipe[K]) => {
    if (given[key] !== undefined) {
      origin[key] = "given";
      return given[key];
    }
    if (preset[key] !== undefined) {
      origin[key] = "preset";
      return preset[key];
    }
    origin[key] = "default";
    return fallback;
  };
  const optimizer = pick("optimizer", DEFAULTS.optimizer);
  const lrSchedule = pick("lrSchedule", DEFAULTS.lrSchedule);
  let layerSpec = pick("layerSpec", DEFAULTS.layerSpec);
  if (origin.layerSpec === "preset" && given.hidden !== undefined) {
    // --hidden beside a conv preset asks for an MLP with the preset's other settings.
    layerSpec = null;
    origin.layerSpec = "default";
  }
  const hidden = pick("hidden", DEFAULTS.hidden);
  const activation = pick("activation", DEFAULTS.activation);
  const resumedFrom = pick("resumedFrom", DEFAULTS.resumedFrom);
  const dropout = pick("dropout", DEFAULTS.dropout);
  let net: NetConfig | undefined;
  try {
    net = recipeNet({ layerSpec, hidden, activation, dropout }, MNIST_IMAGE);
  } catch {
    net = undefined; // check() says why
  }
  const recipe: ResolvedRecipe = {
    preset: pick("preset", DEFAULTS.preset),
    layerSpec,
    hidden,
    activation,
    dropout,
    init: pick(
      "init",
      resumedFrom === null && net !== undefined ? defaultInitScheme(net.layers) : null,
    ),
    resumedFrom,
    optimizer,
    learningRate: pick("learningRate", defaultLearningRate(optimizer)),
    momentum: pick("momentum", DEFAULTS.momentum),
    beta1: pick("beta1", DEFAULTS.beta1),
    beta2: pick("beta2", DEFAULTS.beta2),
    epsilon: pick("epsilon", DEFAULTS.epsilon),
    weightDecay: pick("weightDecay", optimizer === "adamw" ? 0.01 : 0),
    l2: pick("l2", DEFAULTS.l2),
    augment: pick("augment", DEFAULTS.augment),
    lrSchedule,
    lrStep: pick("lrStep", DEFAULTS.lrStep),
    lrGamma: pick("lrGamma", lrSchedule === "step" ? 0.1 : null),
    warmup: pick("warmup", DEFAULTS.warmup),
    earlyStop: pick("earlyStop", DEFAULTS.earlyStop),
    iterations: pick("iterations", DEFAULTS.iterations),
    batchSize: pick("batchSize", DEFAULTS.batchSize),
    seed: pick("seed", DEFAULTS.seed),
    devSize: pick("devSize", DEFAULTS.devSize),
    limit: pick("limit", DEFAULTS.limit),
  };
  check(recipe, origin, name);
  return { recipe, origin: origin as RecipeOrigin };
}

function check(
  recipe: ResolvedRecipe,
  origin: Readonly<Record<string, string>>,
  name: (key: keyof ResolvedRecipe) => string,
): void {
  const fail = (why: string): never => {
    throw new RangeError(why);
  };
  if (recipe.lrSchedule !== "step") {
    for (const key of ["lrStep", "lrGamma"] as const) {
      if (recipe[key] !== null) fail(`${name(key)} needs ${name("lrSchedule")} step`);
    }
  } else if (recipe.lrStep === null) {
    fail(`${name("lrSchedule")} step needs ${name("lrStep")}`);
  }
  if (recipe.layerSpec !== null) {
    if (origin.hidden === "given") {
      fail(`${name("hidden")} and ${name("layerSpec")} both give the net: drop one`);
    }
    for (const key of ["activation", "dropout"] as const) {
      if (origin[key] === "given") {
        fail(
          `${name(key)} is for the MLP of ${name("hidden")}: with ${
            name("layerSpec")
          }, write it in the list (relu, tanh, dropout:0.2, …)`,
        );
      }
    }
  }
  if (recipe.resumedFrom !== null) {
    for (const key of ["layerSpec", "hidden", "activation", "dropout", "init"] as const) {
      if (origin[key] !== "default") {
        fail(
          `${
            name("resumedFrom")
          } takes the architecture from ${recipe.resumedFrom}, dropout included: drop ${name(key)}`,
        );
      }
    }
    return;
  }
  // MNIST's 28x28 images; checked again against the data once it is loaded.
  const what = name(recipe.layerSpec === null ? "hidden" : "layerSpec");
  let plan;
  try {
    const net = recipeNet(recipe, MNIST_IMAGE);
    plan = planNet(net.layers, net.input);
  } catch (error) {
    return fail(`${what}: ${(error as Error).message.replace(/^Cannot build the net: /, "")}`);
  }
  if (plan.output !== DIGITS) {
    fail(
      `${what}: the net ends in ${plan.output} outputs but there are ${DIGITS} digits: end it with dense:${DIGITS}`,
    );
  }
  if (recipe.batchSize === null) {
    const images = Math.min(recipe.limit ?? MNIST_TRAIN, MNIST_TRAIN) - recipe.devSize;
    const floats = floatsPerSample(plan.plans) * images;
    if (floats > FULL_BATCH_FLOATS) {
      fail(
        `${name("batchSize")} is needed: a full batch of ${images} images would take ${
          (4 * floats / 2 ** 30).toFixed(1)
        } GiB of buffers in this net, over the ${
          4 * FULL_BATCH_FLOATS / 2 ** 30
        } GiB a backend may hold (e.g. ${name("batchSize")} 128)`,
      );
    }
  }
}

/** MNIST's image size, which the recipe is checked against before any data is loaded. */
const MNIST_IMAGE = { height: 28, width: 28 };
/** MNIST's training images. */
const MNIST_TRAIN = 60_000;
/** The classes a recipe's net must end in. */
const DIGITS = 10;
/** The most floats a full batch's buffers may take (4 GiB, wasm's whole memory). */
const FULL_BATCH_FLOATS = 2 ** 30;

/**
 * The net a recipe trains on images of a size: its layer list when it has
 * one, else the MLP of its hidden widths, activation and dropout, ending in
 * the 10 digits.
 *
 * @param recipe The net's settings.
 * @param image The images' height and width.
 * @returns The net's input shape and layers.
 * @throws {RangeError} If the layer list does not parse or its shapes do not chain.
 *
 * @example
 * ```ts
 * import { recipeNet } from "@simple-mnist/recipe";
 * import assert from "node:assert/strict";
 *
 * const mnist = { height: 28, width: 28 };
 * const seed = recipeNet({ layerSpec: null, hidden: [10], activation: "relu", dropout: 0 }, mnist);
 * assert.deepEqual([seed.input, seed.layers.length], [[784], 3]);
 * const conv = recipeNet({ layerSpec: "conv:8:5,relu,pool:2,dense:10", hidden: [10], activation: "relu", dropout: 0 }, mnist);
 * assert.deepEqual(conv.input, [1, 28, 28]);
 * ```
 */
export function recipeNet(
  recipe: Pick<ResolvedRecipe, "layerSpec" | "hidden" | "activation" | "dropout">,
  image: { readonly height: number; readonly width: number },
): NetConfig {
  if (recipe.layerSpec !== null) return parseLayerList(recipe.layerSpec, image);
  const pixels = image.height * image.width;
  return {
    input: [pixels],
    layers: mlp([pixels, ...recipe.hidden, DIGITS], recipe.activation, {
      dropout: recipe.dropout,
    }),
  };
}
