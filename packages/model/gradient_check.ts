import type { Activation, Backend, Tensor } from "@simple-mnist/backend";
import { seededPrng } from "@simple-mnist/random";
import { Dense } from "./dense.ts";
import { Dropout } from "./dropout.ts";
import { initWeights } from "./init.ts";
import { Sequential } from "./sequential.ts";
import type { Weights } from "./weights.ts";

/**
 * The largest relative error {@linkcode gradientCheck} accepts: float32
 * losses and a step of 1e-2 leave errors of about 1e-4 to 1e-3 on a
 * correct backward pass, while a wrong one gives 0.1 or more.
 *
 * @example
 * ```ts
 * import { GRADIENT_CHECK_THRESHOLD } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(GRADIENT_CHECK_THRESHOLD, 1e-2);
 * ```
 */
export const GRADIENT_CHECK_THRESHOLD = 1e-2;

/**
 * The size of the net and data {@linkcode gradientCheck} uses, and its step.
 *
 * @example
 * ```ts
 * import { gradientCheck, type GradientCheckOptions } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const options: GradientCheckOptions = { hidden: [3, 4], activation: "tanh", seed: 2 };
 * assert.ok((await gradientCheck(new JsBackend(), options)).maxRelativeError < 1e-2);
 * ```
 */
export interface GradientCheckOptions {
  /** Input features (default 6). */
  inputs?: number;
  /** Hidden widths, one per hidden layer (default `[5]`). */
  hidden?: number | readonly number[];
  /** The hidden activation (default `"relu"`). */
  activation?: Activation;
  /** Classes (default 4). */
  classes?: number;
  /** Samples (default 8). */
  samples?: number;
  /** Seed of the weights and data (default 1). */
  seed?: number;
  /** Finite-difference step ε (default 1e-2; float32 needs a large one). */
  epsilon?: number;
  /** The seed's L2 strength λ, in the loss and the gradient alike (default 0). */
  l2?: number;
  /** Dropout rate p; one mask is drawn and then held fixed for every probe (default 0). */
  dropout?: number;
}

/**
 * One parameter tensor's outcome in {@linkcode GradientCheckResult}.
 *
 * @example
 * ```ts
 * import type { TensorCheck } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const check: TensorCheck = { name: "W1", maxRelativeError: 1e-4, checked: 30, skipped: 0 };
 * assert.equal(check.name, "W1");
 * ```
 */
export interface TensorCheck {
  /** The tensor, e.g. `"W2"`. */
  readonly name: string;
  /** Its largest relative error (0 when every entry was skipped). */
  readonly maxRelativeError: number;
  /** Entries compared. */
  readonly checked: number;
  /** Entries skipped because a perturbation moved a pre-activation across a kink. */
  readonly skipped: number;
}

/**
 * The outcome of {@linkcode gradientCheck}.
 *
 * @example
 * ```ts
 * import { gradientCheck, type GradientCheckResult } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const result: GradientCheckResult = await gradientCheck(new JsBackend(), { inputs: 2, hidden: 2, classes: 2 });
 * assert.equal(result.checked + result.skipped, 2 * 2 + 2 + 2 * 2 + 2);
 * assert.deepEqual(result.tensors.map((t) => t.name), ["W1", "b1", "W2", "b2"]);
 * ```
 */
export interface GradientCheckResult {
  /** The largest relative error over every parameter compared. */
  readonly maxRelativeError: number;
  /** Which entry it was, e.g. `"W1[3]"`. */
  readonly worst: string;
  /** Entries compared. */
  readonly checked: number;
  /** Entries skipped at a kink (see {@linkcode gradientCheck}). */
  readonly skipped: number;
  /** Each parameter tensor's figures, in layer order. */
  readonly tensors: readonly TensorCheck[];
}

/**
 * Compares the net's analytic gradients (its backward pass) with central
 * finite differences of its loss, `(L(θ + ε) − L(θ − ε)) / 2ε`, for every
 * parameter of a small random net, and returns the largest relative error
 * `|analytic − numeric| / max(|analytic|, |numeric|, 1e-3)`. The floor keeps
 * float32 noise on near-zero gradients from counting as error.
 *
 * ReLU and leaky ReLU have a kink at 0, where the finite difference
 * straddles two slopes and disagrees with either one-sided derivative. So
 * each perturbed forward pass records the sign of every hidden
 * pre-activation `Z[l]`; an entry whose `θ + ε` or `θ − ε` flips any sign is
 * skipped and counted in `skipped`, not compared.
 *
 * @param backend The backend to check the model on.
 * @param options Sizes, activation, seed and ε.
 * @returns The largest relative error, where it was, and each tensor's figures.
 *
 * @example
 * ```ts
 * import { gradientCheck, GRADIENT_CHECK_THRESHOLD } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const { maxRelativeError } = await gradientCheck(new JsBackend(), { hidden: [5, 4, 3] });
 * assert.ok(maxRelativeError < GRADIENT_CHECK_THRESHOLD);
 * ```
 */
export async function gradientCheck<T extends Tensor>(
  backend: Backend<T>,
  options: GradientCheckOptions = {},
): Promise<GradientCheckResult> {
  const {
    inputs = 6,
    hidden = [5],
    activation = "relu",
    classes = 4,
    samples = 8,
    seed = 1,
    epsilon = 1e-2,
    l2 = 0,
    dropout = 0,
  } = options;
  const prng = seededPrng(seed);
  const weights = initWeights(prng, { inputs, hidden, classes, init: "uniform", activation });
  const net = Sequential.fromWeights(backend, weights, { dropout, prng: seededPrng(seed + 1) });
  const X = backend.create(inputs, samples);
  const Y = backend.create(1, samples);
  const hasKink = activation === "relu" || activation === "leaky-relu";
  try {
    backend.upload(X, Array.from({ length: inputs * samples }, () => prng()));
    backend.upload(Y, Array.from({ length: samples }, () => Math.floor(prng() * classes)));

    // Draw the dropout masks once, then keep them for every probe.
    net.forward(X, true);
    for (const layer of net.layers) if (layer instanceof Dropout) layer.fixedMask = true;
    const base = await probe(net, X, Y, hasKink, l2);
    net.backward(Y, l2);
    const analytic = await Promise.all(net.params().map((p) => backend.download(p.grad)));

    let maxRelativeError = 0;
    let worst = "";
    const tensors: TensorCheck[] = [];
    const params = net.params();
    for (let p = 0; p < params.length; p++) {
      const name = params[p].name;
      const values = weightArray(weights, p);
      let tensorMax = 0;
      let checked = 0;
      let skipped = 0;
      for (let e = 0; e < values.length; e++) {
        const at = async (shift: number) => {
          const shifted = values.slice();
          shifted[e] += shift;
          net.setWeights(withArray(weights, p, shifted));
          return await probe(net, X, Y, hasKink, l2);
        };
        const plus = await at(epsilon);
        const minus = await at(-epsilon);
        if (hasKink && (flipped(base.signs, plus.signs) || flipped(base.signs, minus.signs))) {
          skipped++;
          continue;
        }
        const numeric = (plus.loss - minus.loss) / (2 * epsilon);
        const exact = analytic[p][e];
        const error = Math.abs(exact - numeric) /
          Math.max(Math.abs(exact), Math.abs(numeric), 1e-3);
        checked++;
        if (!(error <= tensorMax)) tensorMax = error;
        if (!(error <= maxRelativeError)) {
          maxRelativeError = error;
          worst = `${name}[${e}]`;
        }
      }
      tensors.push({ name, maxRelativeError: tensorMax, checked, skipped });
    }
    net.setWeights(weights);
    return {
      maxRelativeError,
      worst,
      checked: tensors.reduce((n, t) => n + t.checked, 0),
      skipped: tensors.reduce((n, t) => n + t.skipped, 0),
      tensors,
    };
  } finally {
    net.dispose();
    backend.dispose(X);
    backend.dispose(Y);
  }
}

/** The loss, and the sign of every hidden pre-activation when kinks matter. */
async function probe<T extends Tensor>(
  net: Sequential<T>,
  X: T,
  Y: T,
  recordSigns: boolean,
  l2: number,
): Promise<{ loss: number; signs: Uint8Array[] }> {
  const signs: Uint8Array[] = [];
  let A = X;
  const last = net.dense[net.dense.length - 1];
  for (const layer of net.layers) {
    A = layer.forward(A, true);
    if (recordSigns && layer instanceof Dense && layer !== last) {
      signs.push(Uint8Array.from(await net.backend.download(A), (z) => (z > 0 ? 1 : 0)));
    }
  }
  net.head.forward(A);
  const loss = (await net.backend.download(net.score(Y, l2).loss))[0];
  return { loss, signs };
}

function flipped(a: Uint8Array[], b: Uint8Array[]): boolean {
  return a.some((signs, l) => signs.some((s, e) => s !== b[l][e]));
}

/** Parameter `p` in the order of `Sequential.params()`: W1, b1, W2, b2, … */
function weightArray(weights: Weights, p: number): Float32Array {
  return p % 2 === 0 ? weights.W[p >> 1] : weights.b[p >> 1];
}

function withArray(weights: Weights, p: number, values: Float32Array): Weights {
  const W = [...weights.W];
  const b = [...weights.b];
  (p % 2 === 0 ? W : b)[p >> 1] = values;
  return { ...weights, W, b };
}
