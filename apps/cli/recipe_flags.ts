// The flags of a training recipe, shared by `train` and `cross-validate`,
// and how they become the one TrainingRecipe.
import { ACTIVATIONS } from "@simple-mnist/backend";
import { AUGMENTS } from "@simple-mnist/augment";
import {
  boolean,
  choice,
  count,
  counts,
  type FlagValues,
  number,
  text,
} from "@simple-mnist/command";
import { INIT_SCHEMES, LAYER_LIST_GRAMMAR, OPTIMIZERS, SCHEDULES } from "@simple-mnist/model";
import {
  PRESET_NAMES,
  PRESETS,
  RECIPE_KEYS,
  resolve,
  type ResolvedRecipe,
  type TrainingRecipe,
} from "@simple-mnist/recipe";
import { BACKEND_FLAG, DATA_FLAG } from "./common_flags.ts";

/** The seed's recipe: what every default below is. */
const SEED = resolve({}).recipe;

/** The flags of a training recipe, in `--help`'s order. */
export const RECIPE_FLAGS = {
  preset: choice(PRESET_NAMES, {
    description: "a named recipe (see below); flags given beside it override its values",
  }),
  data: DATA_FLAG,
  backend: BACKEND_FLAG,
  layers: text({
    value: "SPEC",
    description: "the whole net as a list, e.g. conv:16:5,relu,pool:2,dense:10 (see below)",
    shown: "the MLP of --hidden",
  }),
  hidden: counts({
    description: "hidden widths, comma-separated: 10 is the seed's net, 512,256 two layers",
    shown: SEED.hidden.join(","),
  }),
  activation: choice(ACTIVATIONS, {
    description: "the hidden layers' activation",
    shown: SEED.activation,
  }),
  resume: text({
    description: "train on from a saved model (its layers; no --hidden, --activation, --dropout)",
  }),
  optimizer: choice(OPTIMIZERS, { description: "update rule", shown: SEED.optimizer }),
  lr: number({
    description: "base learning rate",
    shown: "0.1 for sgd, momentum, nesterov; 0.001 for rmsprop, adam, adamw",
  }),
  momentum: number({
    description: "momentum μ of momentum and nesterov",
    shown: String(SEED.momentum),
    allowZero: true,
    below: 1,
  }),
  beta1: number({
    description: "Adam's first-moment decay",
    shown: String(SEED.beta1),
    allowZero: true,
    below: 1,
  }),
  beta2: number({
    description: "second-moment decay of Adam, and RMSprop's decay rate",
    shown: String(SEED.beta2),
    allowZero: true,
    below: 1,
  }),
  epsilon: number({
    description: "added to the root in RMSprop and Adam",
    shown: String(SEED.epsilon),
  }),
  l2: number({
    value: "LAMBDA",
    description: "the seed's L2: loss += λ/(2m)·ΣW², dW += λ/m·W (weights only)",
    shown: String(SEED.l2),
    allowZero: true,
  }),
  "weight-decay": number({
    description: "decoupled decay W -= lr·X·W each step, as AdamW (weights only)",
    shown: "0; 0.01 for adamw",
    allowZero: true,
  }),
  dropout: number({
    value: "P",
    description: "inverted dropout after each hidden activation, training only",
    shown: String(SEED.dropout),
    allowZero: true,
    below: 1,
  }),
  augment: choice(AUGMENTS, {
    description: "random transforms of each training batch: shift ±2 px, affine, elastic",
    shown: SEED.augment,
  }),
  "lr-schedule": choice(SCHEDULES, {
    description: "how the rate moves over the run's steps",
    shown: SEED.lrSchedule,
  }),
  "lr-step": count({
    description: "with --lr-schedule step: multiply the rate by --lr-gamma every N steps",
  }),
  "lr-gamma": number({ description: "with --lr-schedule step: the factor", shown: "0.1" }),
  warmup: count({
    description: "ramp the rate up linearly over the first N steps",
    shown: String(SEED.warmup),
    allowZero: true,
  }),
  "early-stop": count({
    description: "stop when the dev loss has not improved for N iterations; keep the best weights",
  }),
  iterations: count({
    description: "passes over the training set",
    shown: String(SEED.iterations),
    allowZero: true,
  }),
  "batch-size": count({ description: "samples per step", shown: "full batch" }),
  init: choice(INIT_SCHEMES, {
    description: "weight initialisation",
    shown: "uniform (the seed's) for 784-10-10, else he for ReLU or xavier for tanh, sigmoid",
  }),
  seed: count({
    description: "seed of the split, the weights and the shuffles",
    shown: String(SEED.seed),
    allowZero: true,
  }),
  "dev-size": count({
    description: "training images held out as the dev set",
    shown: String(SEED.devSize),
    allowZero: true,
  }),
  limit: count({ description: "use only the first N training rows", shown: "all" }),
};

/** `--log-every`, `--json` and `--quiet`: how a training command reports as it goes. */
export const PROGRESS_FLAGS = {
  "log-every": count({ description: "print progress every N iterations", default: 10 }),
  json: boolean({ description: "print a JSON summary on stdout, and nothing else there" }),
  quiet: boolean({ description: "print no progress" }),
};

/** The flag that sets each recipe setting. */
export const FLAG_OF: Readonly<Record<keyof ResolvedRecipe, keyof typeof RECIPE_FLAGS>> = {
  preset: "preset",
  layerSpec: "layers",
  hidden: "hidden",
  activation: "activation",
  dropout: "dropout",
  init: "init",
  resumedFrom: "resume",
  optimizer: "optimizer",
  learningRate: "lr",
  momentum: "momentum",
  beta1: "beta1",
  beta2: "beta2",
  epsilon: "epsilon",
  weightDecay: "weight-decay",
  l2: "l2",
  augment: "augment",
  lrSchedule: "lr-schedule",
  lrStep: "lr-step",
  lrGamma: "lr-gamma",
  warmup: "warmup",
  earlyStop: "early-stop",
  iterations: "iterations",
  batchSize: "batch-size",
  seed: "seed",
  devSize: "dev-size",
  limit: "limit",
};

/** The recipe the command line gives: only the settings its flags name. */
export function recipeFromFlags(v: FlagValues<typeof RECIPE_FLAGS>): TrainingRecipe {
  return {
    preset: v.preset,
    layerSpec: v.layers,
    hidden: v.hidden,
    activation: v.activation,
    dropout: v.dropout,
    init: v.init,
    resumedFrom: v.resume,
    optimizer: v.optimizer,
    learningRate: v.lr,
    momentum: v.momentum,
    beta1: v.beta1,
    beta2: v.beta2,
    epsilon: v.epsilon,
    weightDecay: v["weight-decay"],
    l2: v.l2,
    augment: v.augment,
    lrSchedule: v["lr-schedule"],
    lrStep: v["lr-step"],
    lrGamma: v["lr-gamma"],
    warmup: v.warmup,
    earlyStop: v["early-stop"],
    iterations: v.iterations,
    batchSize: v["batch-size"],
    seed: v.seed,
    devSize: v["dev-size"],
    limit: v.limit,
  };
}

/** Resolves the command line's recipe, its messages naming the flags. */
export function resolveFlags(v: FlagValues<typeof RECIPE_FLAGS>) {
  return resolve(recipeFromFlags(v), { name: (key) => `--${FLAG_OF[key]}` });
}

/** A recipe's settings as the flags that give them, e.g. `--hidden 1024 --optimizer adam`. */
export function recipeArgs(recipe: TrainingRecipe): string[] {
  return RECIPE_KEYS.flatMap((key) => {
    const value = recipe[key];
    if (value === undefined) return [];
    return [`--${FLAG_OF[key]}`, formatSetting(value)];
  });
}

/** A setting's value as a flag takes it: lists comma-separated. */
export function formatSetting(value: string | number | readonly number[]): string {
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** How `--help` lists the presets and their values, after the grammar of `--layers`. */
export function presetsHelp(): string {
  return [
    "Layers (--layers SPEC, comma-separated; a net with conv or pool sees 1x28x28 images):",
    ...LAYER_LIST_GRAMMAR.split("\n").map((line) => `  ${line}`),
    "  e.g. conv:16:5,relu,pool:2,conv:32:5,relu,pool:2,dense:10 or conv:32:3:same:s2,relu,dense:10",
    "",
    "Presets:",
    ...PRESET_NAMES.map((name) => {
      const args = recipeArgs(PRESETS[name]);
      return `  ${name.padEnd(6)} ${args.length === 0 ? "the defaults above" : args.join(" ")}`;
    }),
  ].join("\n");
}
