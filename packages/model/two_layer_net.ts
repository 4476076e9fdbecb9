import type { Backend, Tensor } from "@simple-mnist/backend";
import { validateWeights, type Weights } from "./weights.ts";

/**
 * Every intermediate of one forward and backward pass over `m` samples,
 * allocated once per batch size and reused: the training loop allocates
 * nothing.
 *
 * @example
 * ```ts
 * import { initWeights, TwoLayerNet, type Workspace } from "@simple-mnist/model";
 * import { JsBackend, type JsTensor } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = TwoLayerNet.fromWeights(new JsBackend(), initWeights(seededPrng(0), { hidden: 4 }));
 * const s: Workspace<JsTensor> = net.workspace(32);
 * assert.deepEqual([s.Z1.rows, s.Z1.cols, s.dW1.cols], [4, 32, 784]);
 * ```
 */
export interface Workspace<T extends Tensor> {
  /** Samples in the batch. */
  readonly m: number;
  /** `Z1 = W1·X + b1`, hidden x m. */
  readonly Z1: T;
  /** `A1 = ReLU(Z1)`, hidden x m. */
  readonly A1: T;
  /** `Z2 = W2·A1 + b2`, classes x m. */
  readonly Z2: T;
  /** `A2 = softmax(Z2)`, classes x m. */
  readonly A2: T;
  /** `dZ2 = A2 − Y`, classes x m. */
  readonly dZ2: T;
  /** `dZ1 = W2ᵀ·dZ2 ⊙ ReLU′(Z1)`, hidden x m. */
  readonly dZ1: T;
  /** `dW1 = dZ1·Xᵀ / m`. */
  readonly dW1: T;
  /** `db1 = Σ dZ1 / m`, per hidden unit. */
  readonly db1: T;
  /** `dW2 = dZ2·A1ᵀ / m`. */
  readonly dW2: T;
  /** `db2 = Σ dZ2 / m`, per class. */
  readonly db2: T;
  /** `argmax(A2)` per column, 1 x m. */
  readonly predictions: T;
  /** Mean cross-entropy of `A2` against the labels, 1 x 1. */
  readonly loss: T;
}

/**
 * The seed's two-layer net, `inputs → hidden (ReLU) → classes (softmax)`,
 * written against the backend interface only. Samples are columns, and the
 * code follows the seed's equations name for name.
 *
 * Three defects of the seed are fixed here: the bias gradients are summed
 * per unit over the samples (the seed sums the whole matrix to one scalar);
 * `m` is the batch's own size (the seed takes it from the whole data set);
 * softmax subtracts each column's maximum (the seed exponentiates raw logits,
 * which overflows for large ones).
 *
 * @typeParam T The backend's tensor type.
 *
 * @example One gradient-descent step on two samples
 * ```ts
 * import { initWeights, TwoLayerNet } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const net = TwoLayerNet.fromWeights(backend, initWeights(seededPrng(0), { inputs: 3, hidden: 4, classes: 2 }));
 * const X = backend.create(3, 2);
 * const Y = backend.create(1, 2);
 * backend.upload(X, [0.1, 0.9, 0.5, 0.5, 0.9, 0.1]);
 * backend.upload(Y, [0, 1]);
 * const before = await net.loss(X, Y);
 * for (let i = 0; i < 50; i++) net.trainStep(X, Y, 0.5);
 * assert.ok(await net.loss(X, Y) < before);
 * ```
 */
export class TwoLayerNet<T extends Tensor> {
  /** The backend that owns every tensor of this net. */
  readonly backend: Backend<T>;
  /** Input features. */
  readonly inputs: number;
  /** Hidden units. */
  readonly hidden: number;
  /** Output classes. */
  readonly classes: number;
  /** First layer's weights, hidden x inputs. */
  readonly W1: T;
  /** First layer's biases, hidden x 1. */
  readonly b1: T;
  /** Second layer's weights, classes x hidden. */
  readonly W2: T;
  /** Second layer's biases, classes x 1. */
  readonly b2: T;
  readonly #workspaces = new Map<number, Workspace<T>>();

  private constructor(backend: Backend<T>, weights: Weights) {
    const { inputs, hidden, classes } = weights;
    this.backend = backend;
    this.inputs = inputs;
    this.hidden = hidden;
    this.classes = classes;
    this.W1 = backend.create(hidden, inputs);
    this.b1 = backend.create(hidden, 1);
    this.W2 = backend.create(classes, hidden);
    this.b2 = backend.create(classes, 1);
    this.setWeights(weights);
  }

  /**
   * Creates a net on `backend` holding a copy of `weights`.
   *
   * @param backend The backend to compute on.
   * @param weights The parameters (see {@linkcode initWeights} and {@linkcode decodeModel}).
   * @returns The net.
   * @throws {TypeError} If an array's length does not match the shape.
   */
  static fromWeights<T extends Tensor>(backend: Backend<T>, weights: Weights): TwoLayerNet<T> {
    return new TwoLayerNet(backend, weights);
  }

  /**
   * Replaces the parameters.
   *
   * @param weights New parameters of the same shape.
   * @throws {TypeError} If the shape differs from this net's.
   */
  setWeights(weights: Weights): void {
    validateWeights(weights);
    if (
      weights.inputs !== this.inputs || weights.hidden !== this.hidden ||
      weights.classes !== this.classes
    ) {
      throw new TypeError(
        `Cannot set weights: they are ${weights.inputs}-${weights.hidden}-${weights.classes} but the net is ${this.inputs}-${this.hidden}-${this.classes}`,
      );
    }
    this.backend.upload(this.W1, weights.W1);
    this.backend.upload(this.b1, weights.b1);
    this.backend.upload(this.W2, weights.W2);
    this.backend.upload(this.b2, weights.b2);
  }

  /**
   * Copies the parameters to the host.
   *
   * @returns The current weights.
   */
  async weights(): Promise<Weights> {
    const [W1, b1, W2, b2] = await Promise.all(
      [this.W1, this.b1, this.W2, this.b2].map((t) => this.backend.download(t)),
    );
    return { inputs: this.inputs, hidden: this.hidden, classes: this.classes, W1, b1, W2, b2 };
  }

  /**
   * The forward pass: fills `Z1, A1, Z2, A2` of the workspace for `X`'s batch size.
   *
   * @param X Inputs, inputs x m.
   * @returns The workspace holding the activations.
   */
  forward(X: T): Workspace<T> {
    const s = this.workspace(X.cols);
    this.#forwardHidden(X, s);
    this.#forwardOutput(s);
    return s;
  }

  /**
   * The backward pass after {@linkcode TwoLayerNet.forward} on the same `X`:
   * fills `dZ2, dW2, db2, dZ1, dW1, db1`.
   *
   * @param X Inputs, inputs x m.
   * @param Y Labels, 1 x m.
   * @returns The workspace holding the gradients.
   */
  backward(X: T, Y: T): Workspace<T> {
    const s = this.workspace(X.cols);
    this.#backwardOutput(Y, s);
    this.#backwardHidden(X, s);
    return s;
  }

  // Hidden layer.
  // Forward:  Z1 = W1·X + b1,  A1 = ReLU(Z1)
  #forwardHidden(X: T, s: Workspace<T>): void {
    const b = this.backend;
    b.matmul(this.W1, X, s.Z1);
    b.addBias(s.Z1, this.b1, s.Z1);
    b.relu(s.Z1, s.A1);
  }
  // Backward: dZ1 = W2ᵀ·dZ2 ⊙ ReLU′(Z1),  dW1 = dZ1·Xᵀ / m,  db1 = Σ dZ1 / m
  #backwardHidden(X: T, s: Workspace<T>): void {
    const b = this.backend;
    b.matmul(this.W2, s.dZ2, s.dZ1, { transposeA: true });
    b.reluMask(s.dZ1, s.Z1, s.dZ1);
    b.matmul(s.dZ1, X, s.dW1, { transposeB: true, alpha: 1 / s.m });
    b.rowSum(s.dZ1, s.db1, 1 / s.m);
  }

  // Output layer.
  // Forward:  Z2 = W2·A1 + b2,  A2 = softmax(Z2)
  #forwardOutput(s: Workspace<T>): void {
    const b = this.backend;
    b.matmul(this.W2, s.A1, s.Z2);
    b.addBias(s.Z2, this.b2, s.Z2);
    b.softmax(s.Z2, s.A2);
  }
  // Backward: dZ2 = A2 − Y,  dW2 = dZ2·A1ᵀ / m,  db2 = Σ dZ2 / m
  #backwardOutput(Y: T, s: Workspace<T>): void {
    const b = this.backend;
    b.softmaxCrossEntropyGrad(s.A2, Y, s.dZ2);
    b.matmul(s.dZ2, s.A1, s.dW2, { transposeB: true, alpha: 1 / s.m });
    b.rowSum(s.dZ2, s.db2, 1 / s.m);
  }

  /**
   * Gradient descent: `W := W − α·dW` and `b := b − α·db` for both layers,
   * from the gradients in `s`.
   *
   * @param s A workspace filled by {@linkcode TwoLayerNet.backward}.
   * @param learningRate The step size α.
   */
  update(s: Workspace<T>, learningRate: number): void {
    const b = this.backend;
    b.scaledAdd(this.W1, s.dW1, -learningRate, this.W1);
    b.scaledAdd(this.b1, s.db1, -learningRate, this.b1);
    b.scaledAdd(this.W2, s.dW2, -learningRate, this.W2);
    b.scaledAdd(this.b2, s.db2, -learningRate, this.b2);
  }

  /**
   * Fills `predictions` and `loss` of a workspace from its `A2`.
   *
   * @param s A workspace filled by {@linkcode TwoLayerNet.forward}.
   * @param Y Labels, 1 x m.
   */
  score(s: Workspace<T>, Y: T): void {
    this.backend.argmax(s.A2, s.predictions);
    this.backend.crossEntropy(s.A2, Y, s.loss);
  }

  /**
   * One training step: forward, score (predictions and loss of the weights
   * before the step), backward, update.
   *
   * @param X Inputs, inputs x m.
   * @param Y Labels, 1 x m.
   * @param learningRate The step size.
   * @returns The workspace; its `predictions` and `loss` describe the step's input weights.
   */
  trainStep(X: T, Y: T, learningRate: number): Workspace<T> {
    const s = this.forward(X);
    this.score(s, Y);
    this.backward(X, Y);
    this.update(s, learningRate);
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
    const s = this.forward(X);
    this.score(s, Y);
    return (await this.backend.download(s.loss))[0];
  }

  /**
   * The buffers for a batch of `m` samples, created on first use.
   *
   * @param m Samples per batch.
   * @returns The workspace.
   */
  workspace(m: number): Workspace<T> {
    let s = this.#workspaces.get(m);
    if (s === undefined) {
      const b = this.backend;
      const { inputs, hidden, classes } = this;
      s = {
        m,
        Z1: b.create(hidden, m),
        A1: b.create(hidden, m),
        Z2: b.create(classes, m),
        A2: b.create(classes, m),
        dZ2: b.create(classes, m),
        dZ1: b.create(hidden, m),
        dW1: b.create(hidden, inputs),
        db1: b.create(hidden, 1),
        dW2: b.create(classes, hidden),
        db2: b.create(classes, 1),
        predictions: b.create(1, m),
        loss: b.create(1, 1),
      };
      this.#workspaces.set(m, s);
    }
    return s;
  }

  /** Frees every tensor of the net and its workspaces. */
  dispose(): void {
    const b = this.backend;
    for (const s of this.#workspaces.values()) {
      for (const t of Object.values(s)) if (typeof t !== "number") b.dispose(t);
    }
    this.#workspaces.clear();
    for (const t of [this.W1, this.b1, this.W2, this.b2]) b.dispose(t);
  }
}
