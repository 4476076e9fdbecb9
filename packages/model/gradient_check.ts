import type { Backend, Tensor } from "@simple-mnist/backend";
import { seededPrng } from "@simple-mnist/random";
import { initWeights } from "./init.ts";
import { TwoLayerNet } from "./two_layer_net.ts";
import type { Weights } from "./weights.ts";

/**
 * The size of the net and data {@linkcode gradientCheck} uses, and its step.
 *
 * @example
 * ```ts
 * import { gradientCheck, type GradientCheckOptions } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const options: GradientCheckOptions = { hidden: 3, seed: 2 };
 * assert.ok((await gradientCheck(new JsBackend(), options)).maxRelativeError < 1e-2);
 * ```
 */
export interface GradientCheckOptions {
  /** Input features (default 6). */
  inputs?: number;
  /** Hidden units (default 5). */
  hidden?: number;
  /** Classes (default 4). */
  classes?: number;
  /** Samples (default 8). */
  samples?: number;
  /** Seed of the weights and data (default 1). */
  seed?: number;
  /** Finite-difference step ε (default 1e-2; float32 needs a large one). */
  epsilon?: number;
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
 * assert.equal(result.checked, 2 * 2 + 2 + 2 * 2 + 2);
 * ```
 */
export interface GradientCheckResult {
  /** The largest relative error over every parameter. */
  readonly maxRelativeError: number;
  /** Which parameter it was, e.g. `"W1[3]"`. */
  readonly worst: string;
  /** Parameters compared. */
  readonly checked: number;
}

type Parameter = "W1" | "b1" | "W2" | "b2";

/**
 * Compares the net's analytic gradients (its backward pass) with central
 * finite differences of its loss, `(L(θ + ε) − L(θ − ε)) / 2ε`, for every
 * parameter of a small random net, and returns the largest relative error
 * `|analytic − numeric| / max(|analytic|, |numeric|, 1e-3)`. The floor keeps
 * float32 noise on near-zero gradients from counting as error.
 *
 * @param backend The backend to check the model on.
 * @param options Sizes, seed and ε.
 * @returns The largest relative error and where it was.
 *
 * @example
 * ```ts
 * import { gradientCheck } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const { maxRelativeError } = await gradientCheck(new JsBackend());
 * assert.ok(maxRelativeError < 1e-2);
 * ```
 */
export async function gradientCheck<T extends Tensor>(
  backend: Backend<T>,
  options: GradientCheckOptions = {},
): Promise<GradientCheckResult> {
  const { inputs = 6, hidden = 5, classes = 4, samples = 8, seed = 1, epsilon = 1e-2 } = options;
  const prng = seededPrng(seed);
  const weights = initWeights(prng, { inputs, hidden, classes, init: "uniform" });
  const net = TwoLayerNet.fromWeights(backend, weights);
  const X = backend.create(inputs, samples);
  const Y = backend.create(1, samples);
  try {
    backend.upload(X, Array.from({ length: inputs * samples }, () => prng()));
    backend.upload(Y, Array.from({ length: samples }, () => Math.floor(prng() * classes)));

    const s = net.forward(X);
    net.backward(X, Y);
    const analytic: Record<Parameter, Float32Array> = {
      W1: await backend.download(s.dW1),
      b1: await backend.download(s.db1),
      W2: await backend.download(s.dW2),
      b2: await backend.download(s.db2),
    };

    let maxRelativeError = 0;
    let worst = "";
    let checked = 0;
    for (const name of ["W1", "b1", "W2", "b2"] as const) {
      for (let e = 0; e < weights[name].length; e++) {
        const lossAt = async (shift: number) => {
          const shifted: Weights = { ...weights, [name]: weights[name].slice() };
          shifted[name][e] += shift;
          net.setWeights(shifted);
          return await net.loss(X, Y);
        };
        const numeric = ((await lossAt(epsilon)) - (await lossAt(-epsilon))) / (2 * epsilon);
        const exact = analytic[name][e];
        const error = Math.abs(exact - numeric) /
          Math.max(Math.abs(exact), Math.abs(numeric), 1e-3);
        checked++;
        if (!(error <= maxRelativeError)) {
          maxRelativeError = error;
          worst = `${name}[${e}]`;
        }
      }
    }
    return { maxRelativeError, worst, checked };
  } finally {
    net.dispose();
    backend.dispose(X);
    backend.dispose(Y);
  }
}
