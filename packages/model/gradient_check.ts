import type { Activation, Backend, Tensor } from "@simple-mnist/backend";
import { seededPrng } from "@simple-mnist/random";
import type { LayerSpec } from "./layer.ts";
import type { LayerType } from "./layer_type.ts";
import { mlp } from "./mlp.ts";
import { Sequential } from "./sequential.ts";
import type { Shape } from "./shape.ts";

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
 * The net and data {@linkcode gradientCheck} uses, and its step: a small
 * MLP by default, or any list of layers.
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
  /** The layers to check; without them, an MLP from `inputs`, `hidden`, `activation` and `classes`. */
  layers?: readonly LayerSpec[];
  /** One input sample's shape, for `layers` that do not state it (e.g. `[1, 6, 6]`). */
  input?: Shape;
  /** The layer types `layers` may name (default {@linkcode LAYER_TYPES}). */
  types?: readonly LayerType[];
  /** The MLP's input features (default 6). */
  inputs?: number;
  /** The MLP's hidden widths, one per hidden layer (default `[5]`). */
  hidden?: number | readonly number[];
  /** The MLP's hidden activation (default `"relu"`). */
  activation?: Activation;
  /** The MLP's classes (default 4). */
  classes?: number;
  /** The MLP's dropout rate p; one mask is drawn and then held fixed for every probe (default 0). */
  dropout?: number;
  /** Samples (default 8). */
  samples?: number;
  /** Seed of the weights and data (default 1). */
  seed?: number;
  /** Finite-difference step ε (default 1e-2; float32 needs a large one). */
  epsilon?: number;
  /** The seed's L2 strength λ, in the loss and the gradient alike (default 0). */
  l2?: number;
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
 * Some layers have kinks, where the finite difference straddles two slopes
 * and disagrees with either one-sided derivative: ReLU at 0, max-pooling
 * where two inputs tie. Each such layer reports which side of its kinks a
 * forward pass took ({@linkcode Layer.kinks}); an entry whose `θ + ε` or
 * `θ − ε` changes any of them is skipped and counted in `skipped`, not
 * compared. Dropout draws one mask and holds it for every probe.
 *
 * @param backend The backend to check the model on.
 * @param options The net, sizes, seed and ε.
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
    dropout = 0,
    samples = 8,
    seed = 1,
    epsilon = 1e-2,
    l2 = 0,
  } = options;
  const prng = seededPrng(seed);
  const layers = options.layers ??
    mlp([inputs, ...(typeof hidden === "number" ? [hidden] : hidden), classes], activation, {
      dropout,
    });
  const net = new Sequential(backend, layers, {
    input: options.input,
    types: options.types,
    prng,
    init: "uniform",
    noise: seededPrng(seed + 1),
  });
  const X = backend.create(net.inputs, samples);
  const Y = backend.create(1, samples);
  try {
    backend.upload(X, Array.from({ length: net.inputs * samples }, () => prng()));
    backend.upload(Y, Array.from({ length: samples }, () => Math.floor(prng() * net.classes)));

    // Draw the dropout masks once, then keep them for every probe.
    net.forward(X, true);
    for (const layer of net.layers) layer.holdRandomness?.(true);
    const base = await probe(net, X, Y, l2);
    net.backward(Y, l2);
    const params = net.params();
    const analytic = await Promise.all(params.map((p) => backend.download(p.grad)));
    const original = await Promise.all(params.map((p) => backend.download(p.value)));

    let maxRelativeError = 0;
    let worst = "";
    const tensors: TensorCheck[] = [];
    for (let p = 0; p < params.length; p++) {
      const { name, value } = params[p];
      const values = original[p];
      let tensorMax = 0;
      let checked = 0;
      let skipped = 0;
      for (let e = 0; e < values.length; e++) {
        const at = async (shift: number) => {
          const shifted = values.slice();
          shifted[e] += shift;
          backend.upload(value, shifted);
          return await probe(net, X, Y, l2);
        };
        const plus = await at(epsilon);
        const minus = await at(-epsilon);
        backend.upload(value, values);
        if (changed(base.kinks, plus.kinks) || changed(base.kinks, minus.kinks)) {
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

/** The loss of a training-mode pass, and every layer's kinks. */
async function probe<T extends Tensor>(
  net: Sequential<T>,
  X: T,
  Y: T,
  l2: number,
): Promise<{ loss: number; kinks: Uint8Array[] }> {
  net.forward(X, true);
  const kinks: Uint8Array[] = [];
  for (const layer of net.layers) if (layer.kinks !== undefined) kinks.push(await layer.kinks());
  const loss = (await net.backend.download(net.score(Y, l2).loss))[0];
  return { loss, kinks };
}

function changed(a: Uint8Array[], b: Uint8Array[]): boolean {
  return a.some((kinks, l) => kinks.some((k, e) => k !== b[l][e]));
}
