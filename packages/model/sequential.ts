import type { Activation, Backend, Tensor } from "@simple-mnist/backend";
import { ActivationLayer } from "./activation_layer.ts";
import { Dense } from "./dense.ts";
import type { Layer, Param } from "./layer.ts";
import { type HeadBuffers, SoftmaxCrossEntropy } from "./softmax_cross_entropy.ts";
import { architecture, validateWeights, type Weights } from "./weights.ts";

/**
 * A net as a stack of layers, Keras's `Sequential` in miniature:
 * `dense → g → dense → g → … → dense → softmax cross-entropy`, written
 * against the backend interface only. Samples are columns, as in the
 * seed's equations; with `layers = [784, 10, 10]` and ReLU it is the
 * seed's net, op for op.
 *
 * The forward pass runs the layers in order; the backward pass runs them in
 * reverse, each turning `∂loss/∂output` into `∂loss/∂input`; the update
 * walks {@linkcode Sequential.params}.
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

  private constructor(backend: Backend<T>, weights: Weights) {
    validateWeights(weights);
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
      if (l < L) layers.push(new ActivationLayer(backend, this.widths[l], this.activation));
    }
    this.layers = layers;
    this.dense = dense;
    this.head = new SoftmaxCrossEntropy(backend, this.widths[L]);
    this.#params = layers.flatMap((layer) => layer.params());
    this.setWeights(weights);
  }

  /**
   * Creates a net on `backend` holding a copy of `weights`.
   *
   * @param backend The backend to compute on.
   * @param weights The parameters and architecture (see {@linkcode initWeights} and {@linkcode decodeModel}).
   * @returns The net.
   * @throws {TypeError} If an array's length does not match the widths.
   */
  static fromWeights<T extends Tensor>(backend: Backend<T>, weights: Weights): Sequential<T> {
    return new Sequential(backend, weights);
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
   * Fills `predictions` and `loss` after {@linkcode Sequential.forward}.
   *
   * @param Y Labels, 1 x m.
   * @returns The head's buffers.
   */
  score(Y: T): HeadBuffers<T> {
    return this.head.score(Y);
  }

  /**
   * The backward pass after {@linkcode Sequential.forward} on the same batch:
   * `dZ[L] = P − Y`, then each layer in reverse, filling every gradient.
   *
   * @param Y Labels, 1 x m.
   */
  backward(Y: T): void {
    let grad: T | undefined = this.head.backward(Y);
    for (let i = this.layers.length - 1; i >= 0 && grad !== undefined; i--) {
      grad = this.layers[i].backward(grad);
    }
  }

  /**
   * Gradient descent, the seed's update: `W := W − α·dW`, `b := b − α·db`
   * for every layer.
   *
   * @param learningRate The step size α.
   */
  update(learningRate: number): void {
    for (const { value, grad } of this.params()) {
      this.backend.axpby(1, value, -learningRate, grad, value);
    }
  }

  /**
   * One training step: forward, score (predictions and loss of the weights
   * before the step), backward, gradient descent.
   *
   * @param X Inputs, inputs x m.
   * @param Y Labels, 1 x m.
   * @param learningRate The step size.
   * @returns The head's buffers; `predictions` and `loss` describe the step's input weights.
   */
  trainStep(X: T, Y: T, learningRate: number): HeadBuffers<T> {
    this.forward(X, true);
    const s = this.score(Y);
    this.backward(Y);
    this.update(learningRate);
    return s;
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
  }
}
