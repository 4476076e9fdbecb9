import type { Backend, Tensor } from "@simple-mnist/backend";

/**
 * The buffers of the output head for one batch size: the probabilities,
 * the gradient of the loss with respect to the logits, the predictions and
 * the loss.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { type HeadBuffers, SoftmaxCrossEntropy } from "@simple-mnist/model";
 * import { JsBackend, type JsTensor } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const s: HeadBuffers<JsTensor> = new SoftmaxCrossEntropy(backend, 3).buffers(8);
 * assert.deepEqual([s.probs.rows, s.probs.cols, s.loss.cols], [3, 8, 1]);
 * ```
 */
export interface HeadBuffers<T extends Tensor> {
  /** Samples in the batch. */
  readonly m: number;
  /** `P = softmax(Z[L])`, classes x m (the seed's `A2`). */
  readonly probs: T;
  /** `dZ[L] = P − Y`, classes x m. */
  readonly dZ: T;
  /** `argmax(P)` per column, 1 x m. */
  readonly predictions: T;
  /** Mean cross-entropy of `P` against the labels, 1 x 1. */
  readonly loss: T;
}

/**
 * The output head: softmax over the last dense layer's logits `Z[L]`, and
 * the mean cross-entropy loss against the labels `Y`:
 *
 * ```text
 * forward:   P = softmax(Z[L])              (each column shifted by its max)
 * loss:      L = −Σ log P[y_j][j] / m
 * backward:  dZ[L] = P − onehot(Y)          (the 1/m is taken in dW and db)
 * ```
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { SoftmaxCrossEntropy } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const head = new SoftmaxCrossEntropy(backend, 2);
 * const z = backend.create(2, 1);
 * const y = backend.create(1, 1);
 * backend.upload(z, [0, 0]);
 * backend.upload(y, [1]);
 * head.forward(z);
 * const s = head.score(y);
 * assert.ok(Math.abs((await backend.download(s.loss))[0] - Math.LN2) < 1e-6);
 * assert.deepEqual([...await backend.download(head.backward(y))], [0.5, -0.5]);
 * ```
 */
export class SoftmaxCrossEntropy<T extends Tensor> {
  /** Classes (the last dense layer's width). */
  readonly classes: number;
  readonly #backend: Backend<T>;
  readonly #buffers = new Map<number, HeadBuffers<T>>();
  #last: HeadBuffers<T> | undefined;

  /**
   * Creates the head; its buffers are made per batch size on first use.
   *
   * @param backend The backend that owns the tensors.
   * @param classes Classes per sample.
   */
  constructor(backend: Backend<T>, classes: number) {
    this.#backend = backend;
    this.classes = classes;
  }

  /** `P = softmax(Z[L])`; returns the batch's buffers, `probs` filled. */
  forward(Z: T): HeadBuffers<T> {
    const s = this.buffers(Z.cols);
    this.#backend.softmax(Z, s.probs);
    this.#last = s;
    return s;
  }

  /** Fills `predictions = argmax(P)` and `loss` of the last forward pass. */
  score(Y: T): HeadBuffers<T> {
    const s = this.#lastFor(Y, "score");
    this.#backend.argmax(s.probs, s.predictions);
    this.#backend.crossEntropy(s.probs, Y, s.loss);
    return s;
  }

  /** `dZ[L] = P − onehot(Y)` for the last forward pass. */
  backward(Y: T): T {
    const s = this.#lastFor(Y, "backward");
    this.#backend.softmaxCrossEntropyGrad(s.probs, Y, s.dZ);
    return s.dZ;
  }

  /**
   * The buffers for batches of `m` samples, made on first use.
   *
   * @param m Samples per batch.
   * @returns The buffers.
   */
  buffers(m: number): HeadBuffers<T> {
    let s = this.#buffers.get(m);
    if (s === undefined) {
      const b = this.#backend;
      s = {
        m,
        probs: b.create(this.classes, m),
        dZ: b.create(this.classes, m),
        predictions: b.create(1, m),
        loss: b.create(1, 1),
      };
      this.#buffers.set(m, s);
    }
    return s;
  }

  /** Frees every buffer. */
  dispose(): void {
    for (const s of this.#buffers.values()) {
      for (const t of [s.probs, s.dZ, s.predictions, s.loss]) this.#backend.dispose(t);
    }
    this.#buffers.clear();
    this.#last = undefined;
  }

  #lastFor(Y: T, step: string): HeadBuffers<T> {
    const s = this.#last;
    if (s === undefined || s.m !== Y.cols) {
      throw new TypeError(`Cannot ${step} the softmax head: run forward on the batch first`);
    }
    return s;
  }
}
