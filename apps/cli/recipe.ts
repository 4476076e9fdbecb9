import { type Activation, ACTIVATIONS } from "@simple-mnist/backend";
import { type AugmentName, AUGMENTS } from "@simple-mnist/augment";
import {
  defaultInitScheme,
  defaultLearningRate,
  INIT_SCHEMES,
  type InitScheme,
  type OptimizerName,
  OPTIMIZERS,
  type ScheduleName,
  SCHEDULES,
  validateLayers,
} from "@simple-mnist/model";
import { UsageError } from "./errors.ts";
import { BACKEND_FLAG, type Flag, type FlagValues, parseFlags } from "./flags.ts";

/**
 * Named recipes for `--preset`, as the flags they stand for. Flags given
 * on the command line come after them, so they win.
 */
export const PRESETS: Readonly<Record<string, readonly string[]>> = {
  // Today's defaults: the seed tutorial's run.
  seed: [],
  // The most accurate dense net found within 60 s of training on two cores,
  // chosen by dev accuracy (benchmarks/search_best.ts; the test set played no part).
  best: [
    "--hidden",
    "1024",
    "--optimizer",
    "adam",
    "--lr",
    "0.003",
    "--lr-schedule",
    "cosine",
    "--batch-size",
    "256",
    "--iterations",
    "18",
    "--augment",
    "affine",
  ],
};

/** The flags of a training recipe, shared by `train` and `cross-validate`. */
export const RECIPE_FLAGS: readonly Flag[] = [
  {
    name: "preset",
    type: "string",
    value: "NAME",
    description: "a named recipe (see below); flags given beside it override its values",
    choices: Object.keys(PRESETS),
  },
  {
    name: "data",
    type: "string",
    value: "PATH",
    description: "Kaggle CSV, IDX file or IDX directory",
    shown: "the bundled MNIST",
  },
  BACKEND_FLAG,
  {
    name: "hidden",
    type: "counts",
    value: "LIST",
    description: "hidden widths, comma-separated: 10 is the seed's net, 512,256 two layers",
    shown: "10",
  },
  {
    name: "activation",
    type: "string",
    value: "NAME",
    description: "the hidden layers' activation",
    shown: "relu",
    choices: ACTIVATIONS,
  },
  {
    name: "resume",
    type: "string",
    value: "PATH",
    description: "train on from a saved model (its architecture; no --hidden or --activation)",
  },
  {
    name: "optimizer",
    type: "string",
    value: "NAME",
    description: "update rule",
    default: "sgd",
    choices: OPTIMIZERS,
  },
  {
    name: "lr",
    type: "number",
    value: "X",
    description: "base learning rate",
    shown: "0.1 for sgd, momentum, nesterov; 0.001 for rmsprop, adam, adamw",
  },
  {
    name: "momentum",
    type: "number",
    value: "X",
    description: "momentum μ of momentum and nesterov",
    default: 0.9,
    allowZero: true,
    below: 1,
  },
  {
    name: "beta1",
    type: "number",
    value: "X",
    description: "Adam's first-moment decay",
    default: 0.9,
    allowZero: true,
    below: 1,
  },
  {
    name: "beta2",
    type: "number",
    value: "X",
    description: "second-moment decay of Adam, and RMSprop's decay rate",
    default: 0.999,
    allowZero: true,
    below: 1,
  },
  {
    name: "epsilon",
    type: "number",
    value: "X",
    description: "added to the root in RMSprop and Adam",
    default: 1e-8,
  },
  {
    name: "l2",
    type: "number",
    value: "LAMBDA",
    description: "the seed's L2: loss += λ/(2m)·ΣW², dW += λ/m·W (weights only)",
    default: 0,
    allowZero: true,
  },
  {
    name: "weight-decay",
    type: "number",
    value: "X",
    description: "decoupled decay W -= lr·X·W each step, as AdamW (weights only)",
    shown: "0; 0.01 for adamw",
    allowZero: true,
  },
  {
    name: "dropout",
    type: "number",
    value: "P",
    description: "inverted dropout after each hidden activation, training only",
    default: 0,
    allowZero: true,
    below: 1,
  },
  {
    name: "augment",
    type: "string",
    value: "NAME",
    description: "random transforms of each training batch: shift ±2 px, affine, elastic",
    default: "none",
    choices: AUGMENTS,
  },
  {
    name: "lr-schedule",
    type: "string",
    value: "NAME",
    description: "how the rate moves over the run's steps",
    default: "constant",
    choices: SCHEDULES,
  },
  {
    name: "lr-step",
    type: "count",
    value: "N",
    description: "with --lr-schedule step: multiply the rate by --lr-gamma every N steps",
  },
  {
    name: "lr-gamma",
    type: "number",
    value: "X",
    description: "with --lr-schedule step: the factor",
    shown: "0.1",
  },
  {
    name: "warmup",
    type: "count",
    value: "N",
    description: "ramp the rate up linearly over the first N steps",
    default: 0,
    allowZero: true,
  },
  {
    name: "early-stop",
    type: "count",
    value: "N",
    description: "stop when the dev loss has not improved for N iterations; keep the best weights",
  },
  {
    name: "iterations",
    type: "count",
    value: "N",
    description: "passes over the training set",
    default: 500,
    allowZero: true,
  },
  {
    name: "batch-size",
    type: "count",
    value: "N",
    description: "samples per step",
    shown: "full batch",
  },
  {
    name: "init",
    type: "string",
    value: "NAME",
    description: "weight initialisation",
    shown: "uniform (the seed's) for 784-10-10, else he for ReLU or xavier for tanh, sigmoid",
    choices: INIT_SCHEMES,
  },
  {
    name: "seed",
    type: "count",
    value: "N",
    description: "seed of the split, the weights and the shuffles",
    default: 0,
    allowZero: true,
  },
  {
    name: "dev-size",
    type: "count",
    value: "N",
    description: "training images held out as the dev set",
    default: 1000,
    allowZero: true,
  },
  {
    name: "limit",
    type: "count",
    value: "N",
    description: "use only the first N training rows",
    shown: "all",
  },
];

/** `--log-every`, `--json` and `--quiet`: how a training command reports as it goes. */
export const PROGRESS_FLAGS: readonly Flag[] = [
  {
    name: "log-every",
    type: "count",
    value: "N",
    description: "print progress every N iterations",
    default: 10,
  },
  {
    name: "json",
    type: "boolean",
    description: "print a JSON summary on stdout, and nothing else there",
  },
  { name: "quiet", type: "boolean", description: "print no progress" },
];

/** How `--help` lists the presets and their values. */
export function presetsHelp(): string {
  return [
    "Presets:",
    ...Object.entries(PRESETS).map(([name, args]) =>
      `  ${name.padEnd(6)} ${args.length === 0 ? "the defaults above" : args.join(" ")}`
    ),
  ].join("\n");
}

/** Offsets `--seed` for the dropout masks' own generator. */
export const DROPOUT_STREAM = 0x5eed;

/** Offsets `--seed` for the augmentation's own generator. */
export const AUGMENT_STREAM = 0xa06;

/** The hidden widths when neither `--hidden` nor `--resume` says: the seed's one layer of 10. */
const DEFAULT_HIDDEN = [10];

/** A training recipe from the command line: every value resolved and checked. */
export interface Recipe {
  readonly help: boolean;
  /** The preset, if one was named. */
  readonly preset?: string;
  /** Every flag's value, the preset's and the defaults included. */
  readonly values: FlagValues;
  /** The arguments the values came from: the preset's, then the command line's. */
  readonly args: readonly string[];
  readonly data?: string;
  readonly backend?: string;
  /** The hidden widths (the seed's `[10]` unless given). */
  readonly hidden: readonly number[];
  /** The hidden activation (ReLU unless given). */
  readonly activation: Activation;
  readonly resume?: string;
  readonly optimizer: OptimizerName;
  /** The base rate, the optimizer's default unless given. */
  readonly learningRate: number;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly l2: number;
  readonly weightDecay?: number;
  readonly dropout: number;
  readonly augment: AugmentName;
  readonly schedule: ScheduleName;
  readonly lrStep?: number;
  readonly lrGamma?: number;
  readonly warmup: number;
  readonly earlyStop?: number;
  readonly iterations: number;
  readonly batchSize?: number;
  /** The scheme, resolved by `defaultInitScheme` unless given. */
  readonly init: InitScheme;
  readonly seed: number;
  readonly devSize: number;
  readonly limit?: number;
}

/**
 * Parses a command line of recipe flags (and `extra`, the command's own),
 * applying `--preset` beneath the given flags, and checks what one flag
 * cannot check alone.
 *
 * @throws {UsageError} On any bad or conflicting value.
 */
export function parseRecipe(args: readonly string[], extra: readonly Flag[]): Recipe {
  const flags = [...RECIPE_FLAGS, ...extra];
  const first = parseFlags([...args], flags);
  const preset = first.preset as string | undefined;
  const effective = preset === undefined ? [...args] : [...PRESETS[preset], ...args];
  const values = preset === undefined ? first : parseFlags(effective, flags);
  const hiddenGiven = values.hidden !== undefined;
  const activationGiven = values.activation !== undefined;
  const resume = values.resume as string | undefined;
  if (resume !== undefined && (hiddenGiven || activationGiven)) {
    throw new UsageError(
      `--resume takes the architecture from ${resume}: drop --${
        hiddenGiven ? "hidden" : "activation"
      }`,
    );
  }
  const schedule = values["lr-schedule"] as ScheduleName;
  const lrStep = values["lr-step"] as number | undefined;
  const lrGamma = values["lr-gamma"] as number | undefined;
  if (schedule !== "step" && (lrStep !== undefined || lrGamma !== undefined)) {
    throw new UsageError(
      `--${lrStep !== undefined ? "lr-step" : "lr-gamma"} needs --lr-schedule step`,
    );
  }
  if (schedule === "step" && lrStep === undefined) {
    throw new UsageError("--lr-schedule step needs --lr-step N");
  }
  const earlyStop = values["early-stop"] as number | undefined;
  const devSize = values["dev-size"] as number;
  const hidden = hiddenGiven ? String(values.hidden).split(",").map(Number) : DEFAULT_HIDDEN;
  try {
    // MNIST's 784 pixels; checked again against the data once it is loaded.
    validateLayers([784, ...hidden, 10], "--hidden");
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const activation = (values.activation as Activation | undefined) ?? "relu";
  const optimizer = values.optimizer as OptimizerName;
  return {
    help: values.help,
    preset,
    values,
    args: effective,
    data: values.data as string | undefined,
    backend: values.backend as string | undefined,
    hidden,
    activation,
    resume,
    optimizer,
    learningRate: (values.lr as number | undefined) ?? defaultLearningRate(optimizer),
    momentum: values.momentum as number,
    beta1: values.beta1 as number,
    beta2: values.beta2 as number,
    epsilon: values.epsilon as number,
    l2: values.l2 as number,
    weightDecay: values["weight-decay"] as number | undefined,
    dropout: values.dropout as number,
    augment: values.augment as AugmentName,
    schedule,
    lrStep,
    lrGamma,
    warmup: values.warmup as number,
    earlyStop,
    iterations: values.iterations as number,
    batchSize: values["batch-size"] as number | undefined,
    init: (values.init as InitScheme | undefined) ?? defaultInitScheme(hidden, activation),
    seed: values.seed as number,
    devSize,
    limit: values.limit as number | undefined,
  };
}
