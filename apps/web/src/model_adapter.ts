// Everything the web app knows about @simple-mnist/model lives here, so that
// a change of the model's API is a change of this file only.
import type { Backend, Tensor } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import {
  architecture,
  createOptimizer,
  decodeModel,
  encodeModel,
  evaluate,
  type Examples,
  initWeights,
  type Optimizer,
  probabilities,
  Sequential,
  train,
} from "@simple-mnist/model";
import type { Prng } from "@simple-mnist/random";
import type { Recipe } from "./recipes.ts";

/** A loaded model that reads one 28×28 image at a time. */
export interface Predictor {
  /** The layer sizes, e.g. `784-128-10`. */
  readonly shape: string;
  /**
   * The ten class probabilities of one image.
   *
   * @param pixels 784 values, 0–255, row-major.
   */
  predict(pixels: Uint8Array): Promise<Float32Array>;
}

/**
 * Loads a model file for prediction on the plain TypeScript backend (one
 * image is too little work for anything faster to pay off).
 *
 * @param bytes The model file.
 * @param source Where it came from, for messages.
 * @returns The predictor.
 * @throws {Error} If the file is not a model this build reads.
 *
 * @example
 * ```ts
 * import { loadPredictor } from "./model_adapter.ts";
 * import { encodeModel, initWeights } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const predictor = await loadPredictor(encodeModel(initWeights(seededPrng(0))), "inline");
 * const p = await predictor.predict(new Uint8Array(784));
 * assert.equal(predictor.shape, "784-10-10");
 * assert.ok(Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-5);
 * ```
 */
export function loadPredictor(bytes: Uint8Array, source: string): Promise<Predictor> {
  const weights = decodeModel(bytes, source);
  const net = Sequential.fromWeights(new JsBackend(), weights);
  return Promise.resolve({
    shape: architecture(weights.layers),
    predict: (pixels) => probabilities(net, { count: 1, features: pixels.length, pixels }, 0),
  });
}

/** A net being trained by a recipe. */
export interface TrainingSession {
  /** The recipe. */
  readonly recipe: Recipe;
  /** The layer sizes, e.g. `784-128-10`. */
  readonly shape: string;
  /** The net (opaque outside this file). */
  readonly net: unknown;
  /** The shuffles' generator. */
  readonly prng: Prng;
  /** The update rule's state (opaque outside this file), kept across calls of {@linkcode trainPasses}. */
  readonly optimizer: unknown;
}

/**
 * Creates a new net for a recipe, its weights drawn from `prng`.
 *
 * @param backend Where it computes.
 * @param recipe Shape and settings.
 * @param prng The generator of the weights and the shuffles.
 * @returns The session.
 * @throws {RangeError} If the recipe's widths are not positive integers.
 *
 * @example
 * ```ts
 * import { createSession } from "./model_adapter.ts";
 * import { RECIPES } from "./recipes.ts";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * assert.equal(createSession(new JsBackend(), RECIPES[0], seededPrng(0)).shape, "784-10-10");
 * ```
 */
export function createSession<T extends Tensor>(
  backend: Backend<T>,
  recipe: Recipe,
  prng: Prng,
): TrainingSession {
  const weights = initWeights(prng, {
    hidden: recipe.hidden,
    init: recipe.init,
    activation: recipe.activation,
  });
  const net = Sequential.fromWeights(backend, weights);
  const optimizer = createOptimizer(backend, recipe.optimizer);
  return { recipe, shape: architecture(net.widths), net, prng, optimizer };
}

function netOf(session: TrainingSession): Sequential<Tensor> {
  return session.net as Sequential<Tensor>;
}

/** Loss and accuracy of a pass or an evaluation. */
export interface Score {
  /** Mean cross-entropy. */
  readonly loss: number;
  /** Fraction right. */
  readonly accuracy: number;
}

/**
 * Trains for `iterations` passes over `examples` with the recipe's
 * settings (mini-batches are shuffled by the session's generator).
 *
 * @param session The session.
 * @param examples Labelled samples (a chunk of an epoch, or all of it for full batches).
 * @param iterations Passes over them.
 * @param onIteration Called after each pass with its training loss and accuracy.
 * @returns The last pass's score.
 *
 * @example
 * ```ts
 * import { createSession, trainPasses } from "./model_adapter.ts";
 * import { RECIPES } from "./recipes.ts";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const session = createSession(new JsBackend(), RECIPES[0], seededPrng(0));
 * const examples = { count: 2, features: 784, pixels: new Uint8Array(2 * 784).fill(9, 0, 784), labels: Uint8Array.of(3, 5) };
 * const seen: number[] = [];
 * await trainPasses(session, examples, 3, (score) => void seen.push(score.loss));
 * assert.equal(seen.length, 3);
 * ```
 */
export async function trainPasses(
  session: TrainingSession,
  examples: Examples,
  iterations: number,
  onIteration: (score: Score) => void,
): Promise<Score> {
  const { batchSize, learningRate } = session.recipe;
  const result = await train(netOf(session), examples, {
    iterations,
    learningRate,
    batchSize,
    prng: session.prng,
    optimizer: session.optimizer as Optimizer<Tensor>,
    onIteration: (event) => onIteration({ loss: event.loss, accuracy: event.accuracy }),
  });
  return { loss: result.loss, accuracy: result.accuracy };
}

/**
 * Scores the session's net on labelled samples.
 *
 * @param session The session.
 * @param examples Labelled samples.
 * @returns Loss and accuracy.
 *
 * @example
 * ```ts
 * import { createSession, scoreSession } from "./model_adapter.ts";
 * import { RECIPES } from "./recipes.ts";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const session = createSession(new JsBackend(), RECIPES[0], seededPrng(0));
 * const score = await scoreSession(session, { count: 1, features: 784, pixels: new Uint8Array(784), labels: Uint8Array.of(0) });
 * assert.ok(score.accuracy === 0 || score.accuracy === 1);
 * ```
 */
export async function scoreSession(session: TrainingSession, examples: Examples): Promise<Score> {
  const { loss, accuracy } = await evaluate(netOf(session), examples);
  return { loss, accuracy };
}

/** The first layer's weights: one row of `inputs` values per unit. */
export interface FirstLayer {
  /** Units (rows). */
  readonly units: number;
  /** Inputs per unit (784). */
  readonly inputs: number;
  /** `units * inputs` values, row-major. */
  readonly weights: Float32Array;
}

/**
 * Copies the first layer's weights out of the net.
 *
 * @param session The session.
 * @returns The weights.
 *
 * @example
 * ```ts
 * import { createSession, firstLayer } from "./model_adapter.ts";
 * import { RECIPES } from "./recipes.ts";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const layer = await firstLayer(createSession(new JsBackend(), RECIPES[0], seededPrng(0)));
 * assert.deepEqual([layer.units, layer.inputs, layer.weights.length], [10, 784, 7840]);
 * ```
 */
export async function firstLayer(session: TrainingSession): Promise<FirstLayer> {
  const weights = await netOf(session).weights();
  return { units: weights.layers[1], inputs: weights.layers[0], weights: weights.W[0] };
}

/**
 * The session's net as a model file, which `deno task evaluate --model`
 * loads; its metadata names the recipe and how far it was trained.
 *
 * @param session The session.
 * @param epochs Epochs trained so far.
 * @returns The file's bytes.
 *
 * @example
 * ```ts
 * import { createSession, modelFile } from "./model_adapter.ts";
 * import { RECIPES } from "./recipes.ts";
 * import { decodeModel } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const bytes = await modelFile(createSession(new JsBackend(), RECIPES[0], seededPrng(0)), 0);
 * assert.deepEqual(decodeModel(bytes, "inline").layers, [784, 10, 10]);
 * ```
 */
export async function modelFile(session: TrainingSession, epochs: number): Promise<Uint8Array> {
  const { recipe } = session;
  return encodeModel(await netOf(session).weights(), {
    trainedBy: "the simple-mnist web app",
    recipe: recipe.id,
    architecture: session.shape,
    activation: recipe.activation,
    init: recipe.init,
    optimizer: recipe.optimizer,
    learningRate: recipe.learningRate,
    batchSize: recipe.batchSize ?? null,
    epochs,
  });
}

/**
 * Checks that some bytes are a model file this build reads, and names its shape.
 *
 * @param bytes The file.
 * @param source Where it came from, for messages.
 * @returns The layer sizes, e.g. `784-128-10`.
 * @throws {Error} If it is not.
 *
 * @example
 * ```ts
 * import { modelShape } from "./model_adapter.ts";
 * import { encodeModel, initWeights } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * assert.equal(modelShape(encodeModel(initWeights(seededPrng(0), { hidden: [3, 2] })), "x"), "784-3-2-10");
 * ```
 */
export function modelShape(bytes: Uint8Array, source: string): string {
  return architecture(decodeModel(bytes, source).layers);
}
