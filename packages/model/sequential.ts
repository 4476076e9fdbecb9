import type { Activation, Backend, Tensor } from "@simple-mnist/backend";
import type { Prng } from "@simple-mnist/random";
import { ActivationLayer } from "./activation_layer.ts";
import { Dense } from "./dense.ts";
import { Dropout } from "./dropout.ts";
import type { Layer, Param } from "./layer.ts";
import type { Optimizer } from "./optimizer.ts";
import { Sgd } from "./sgd.ts";
import { type HeadBuffers, SoftmaxCrossEntropy } from "./softmax_cross_entropy.ts";
import { architecture, validateWeights, type Weights } from "./weights.ts";

/**
 * What a net is built with beyond its weights: training-only layers.
 *
 * @example
 * ```ts
 * import type { NetOptions } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const options: NetOptions = { dropout: 0.2, prng: seededPrng(1) };
 * assert.equal(options.dropout, 0.2);
 * ```
 */
export interface NetOptions {
  /** Inverted dropout after each hidden activation, with this rate p (default 0: none). */
  dropout?: number;
  /** The generator of the dropout masks (required with `dropout`). */
  prng?: Prng;
}

/**
 * One training step's rule and regularisation.
 *
 * @example
 * ```ts
 * import type { TrainStepOptions } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const options: TrainStepOptions = { learningRate: 0.1, l2: 0.5 };
 * assert.equal(options.optimizer, undefined); // plain gradient descent
 * ```
 */
export interface TrainStepOptions<T extends Tensor = Tensor> {
  /** The step size α. */
  learningRate: number;
  /** The update rule (default plain gradient descent, the seed's). */
  optimizer?: Optimizer<T>;
  /** The seed's L2 strength λ: `loss += λ/(2m)·ΣW²`, `dW += λ/m·W`, weights only (default 0). */
  l2?: number;
}

/**
 * A net as a stack of layers, Keras's `Sequential` in miniature:
 * `dense → g → dense → g → … → dense → softmax cross-entropy`, written
 * against the backend interface only. Samples are columns, as in the
 * seed's equations; with `layers = [784, 10, 10]` and ReLU it is the
 * seed's net, op for op.
 *
 * The forward pass runs the layers in order; the backward pass runs them in
 * reverse, each turning `∂loss/∂output` into `∂loss/∂input`; an
 * {@linkcode Optimizer} then updates {@linkcode Sequential.params}.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example One gradient-descent step after another on two samples
 * ```ts
 * import { initWeights, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const net = Sequential.fromWeights(backend, initWeights(seededPrng(0), { inputs: 3, hidden: [4, 4], classes: 2 }));
 * assert.equal(net.architecture, "3-4-4-2");
 * const X = backend.create(3, 2);
 * const Y = backend.create(1, 2);
 * backend.upload(X, [0.1, 0.9, 0.5, 0.5, 0.9, 0.1]);
 * backend.upload(Y, [0, 1]);
 * const before = await net.loss(X, Y);
 * for (let i = 0; i < 50; i++) net.trainStep(X, Y, 0.5);
 * assert.ok(await net.loss(X, Y) < before);
 * ```
 */
export class Sequential<T extends Tensor> {
  /** The backend that owns every tensor of this net. */
  readonly backend: Backend<T>;
  /** Every width, input and output included, e.g. `[784, 10, 10]`. */
  readonly widths: readonly number[];
  /** The hidden layers' activation. */
  readonly activation: Activation;
  /** The layers in forward order: dense, activation, dense, …, dense. */
  readonly layers: readonly Layer<T>[];
  /** The dense layers alone, `dense[l − 1]` being layer `l`. */
  readonly dense: readonly Dense<T>[];
  /** The softmax cross-entropy head. */
  readonly head: SoftmaxCrossEntropy<T>;
  readonly #params: readonly Param<T>[];

  readonly #sgd: Sgd<T>;
  readonly #squares: T;

  private constructor(backend: Backend<T>, weights: Weights, options: NetOptions) {
    validateWeights(weights);
    const { dropout = 0, prng } = options;
    if (dropout > 0 && prng === undefined) {
      throw new RangeError("Cannot build the net: dropout needs a prng to draw its masks");
    }
    this.backend = backend;
    this.widths = [...weights.layers];
    this.activation = weights.activation;
    const layers: Layer<T>[] = [];
    const dense: Dense<T>[] = [];
    const L = this.widths.length - 1;
    for (let l = 1; l <= L; l++) {
      const layer = new Dense(backend, {
        index: l,
        inputs: this.widths[l - 1],
        outputs: this.widths[l],
      });
      dense.push(layer);
      layers.push(layer);
      if (l < L) {
        layers.push(new ActivationLayer(backend, this.widths[l], this.activation));
        if (dropout > 0) layers.push(new Dropout(backend, this.widths[l], dropout, prng!));
      }
    }
    this.layers = layers;
    this.dense = dense;
    this.head = new SoftmaxCrossEntropy(backend, this.widths[L]);
    this.#params = layers.flatMap((layer) => layer.params());
    this.#sgd = new Sgd(backend);
    this.#squares = backend.create(1, 1);
    this.setWeights(weights);
  }

  /**
   * Creates a net on `backend` holding a copy of `weights`.
   *
   * @param backend The backend to compute on.
   * @param weights The parameters and architecture (see {@linkcode initWeights} and {@linkcode decodeModel}).
   * @param options Dropout, for training.
   * @returns The net.
   * @throws {TypeError} If an array's length does not match the widths.
   * @throws {RangeError} If dropout is out of range or has no prng.
   */
  static fromWeights<T extends Tensor>(
    backend: Backend<T>,
    weights: Weights,
    options: NetOptions = {},
  ): Sequential<T> {
    return new Sequential(backend, weights, options);
  }

  /** Input features per sample. */
  get inputs(): number {
    return this.widths[0];
  }

  /** Output classes. */
  get classes(): number {
    return this.widths[this.widths.length - 1];
  }

  /** The widths as people write them, e.g. `784-512-256-10`. */
  get architecture(): string {
    return architecture(this.widths);
  }

  /**
   * Replaces the parameters.
   *
   * @param weights New parameters of the same architecture.
   * @throws {TypeError} If the architecture or activation differs from this net's.
   */
  setWeights(weights: Weights): void {
    validateWeights(weights);
    const theirs = architecture(weights.layers);
    if (theirs !== this.architecture || weights.activation !== this.activation) {
      throw new TypeError(
        `Cannot set weights: they are ${theirs} ${weights.activation} but the net is ${this.architecture} ${this.activation}`,
      );
    }
    this.dense.forEach((layer, i) => {
      this.backend.upload(layer.W, weights.W[i]);
      this.backend.upload(layer.b, weights.b[i]);
    });
  }

  /**
   * Copies the parameters to the host.
   *
   * @returns The current weights.
   */
  async weights(): Promise<Weights> {
    const W = await Promise.all(this.dense.map((layer) => this.backend.download(layer.W)));
    const b = await Promise.all(this.dense.map((layer) => this.backend.download(layer.b)));
    return { layers: [...this.widths], activation: this.activation, W, b };
  }

  /**
   * Every trainable tensor with its gradient, layer by layer: `W1, b1, W2, …`.
   *
   * @returns The parameters.
   */
  params(): readonly Param<T>[] {
    return this.#params;
  }

  /**
   * The forward pass: `A[0] = X`, then each layer in turn, then softmax.
   *
   * @param X Inputs, inputs x m.
   * @param training Whether a backward pass follows (dropout acts only then).
   * @returns The head's buffers for the batch, `probs` filled.
   */
  forward(X: T, training = false): HeadBuffers<T> {
    let A = X;
    for (const layer of this.layers) A = layer.forward(A, training);
    return this.head.forward(A);
  }

  /**
   * Fills `predictions` and `loss` after {@linkcode Sequential.forward}:
   * the mean cross-entropy, plus the L2 penalty `λ/(2m)·ΣW²` when `l2 > 0`.
   *
   * @param Y Labels, 1 x m.
   * @param l2 The L2 strength λ (default 0).
   * @returns The head's buffers.
   */
  score(Y: T, l2 = 0): HeadBuffers<T> {
    const s = this.head.score(Y);
    if (l2 > 0) this.#addSquares(s.loss, l2 / (2 * Y.cols));
    return s;
  }

  /**
   * The backward pass after {@linkcode Sequential.forward} on the same batch:
   * `dZ[L] = P − Y`, then each layer in reverse, filling every gradient;
   * with `l2 > 0`, `dW += λ/m·W` for every weight matrix.
   *
   * @param Y Labels, 1 x m.
   * @param l2 The L2 strength λ (default 0).
   */
  backward(Y: T, l2 = 0): void {
    let grad: T | undefined = this.head.backward(Y);
    for (let i = this.layers.length - 1; i >= 0 && grad !== undefined; i--) {
      grad = this.layers[i].backward(grad);
    }
    if (l2 === 0) return;
    for (const { value: W, grad: dW, isWeight } of this.#params) {
      if (isWeight) this.backend.axpby(1, dW, l2 / Y.cols, W, dW);
    }
  }

  /**
   * One training step: forward (dropout on), score (predictions and loss
   * of the weights before the step), backward, update. The loss includes
   * the L2 penalty, and, for a rule with decoupled weight decay λ′, the
   * penalty it stands for, `λ′/2·ΣW²`.
   *
   * @param X Inputs, inputs x m.
   * @param Y Labels, 1 x m.
   * @param step The learning rate alone, or the rule, rate and L2 strength.
   * @returns The head's buffers; `predictions` and `loss` describe the step's input weights.
   */
  trainStep(X: T, Y: T, step: number | TrainStepOptions<T>): HeadBuffers<T> {
    const { learningRate, optimizer = this.#sgd, l2 = 0 } = typeof step === "number"
      ? { learningRate: step }
      : step;
    this.forward(X, true);
    const s = this.score(Y, l2);
    if (optimizer.weightDecay > 0) this.#addSquares(s.loss, optimizer.weightDecay / 2);
    this.backward(Y, l2);
    optimizer.step(this.#params, learningRate);
    return s;
  }

  /** `loss += coefficient·ΣW²` over every weight matrix. */
  #addSquares(loss: T, coefficient: number): void {
    for (const { value: W, isWeight } of this.#params) {
      if (!isWeight) continue;
      this.backend.sumSquares(W, this.#squares);
      this.backend.axpby(1, loss, coefficient, this.#squares, loss);
    }
  }

  /**
   * The mean cross-entropy loss on a batch.
   *
   * @param X Inputs, inputs x m.
   * @param Y Labels, 1 x m.
   * @returns The loss.
   */
  async loss(X: T, Y: T): Promise<number> {
    this.forward(X);
    return (await this.backend.download(this.score(Y).loss))[0];
  }

  /** Frees every tensor of the net and its buffers. */
  dispose(): void {
    for (const layer of this.layers) layer.dispose();
    this.head.dispose();
    this.backend.dispose(this.#squares);
  }
}
