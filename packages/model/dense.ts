import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Layer, Param } from "./layer.ts";

/**
 * A fully connected layer `l`, samples as columns:
 *
 * ```text
 * forward:   Z[l]  = W[l]·A[l−1] + b[l]
 * backward:  dW[l] = dZ[l]·A[l−1]ᵀ / m
 *            db[l] = Σ dZ[l] / m          (per unit, over the m samples)
 *            dA[l−1] = W[l]ᵀ·dZ[l]         (not for the first layer)
 * ```
 *
 * The seed's `Z1 = W1·X + b1` is layer 1 with `A[0] = X`; as the input
 * needs no gradient, the first layer skips `dA[0]`.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { Dense } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const layer = new Dense(backend, { index: 1, inputs: 2, outputs: 1 });
 * backend.upload(layer.W, [2, -1]);
 * backend.upload(layer.b, [0.5]);
 * const x = backend.create(2, 1);
 * backend.upload(x, [3, 4]);
 * assert.deepEqual([...await backend.download(layer.forward(x))], [2.5]);
 * ```
 */
export class Dense<T extends Tensor> implements Layer<T> {
  /** The layer's index `l` in the equations, from 1. */
  readonly index: number;
  /** Units in (`layers[l−1]`). */
  readonly inputs: number;
  /** Units out (`layers[l]`). */
  readonly outputs: number;
  /** Whether `backward` returns `dA[l−1]` (false for the first layer). */
  readonly inputGradient: boolean;
  /** `W[l]`, outputs x inputs. */
  readonly W: T;
  /** `b[l]`, outputs x 1. */
  readonly b: T;
  /** `dW[l]`, filled by `backward`. */
  readonly dW: T;
  /** `db[l]`, filled by `backward`. */
  readonly db: T;
  readonly #backend: Backend<T>;
  readonly #buffers = new Map<number, { Z: T; dA?: T }>();
  #input: T | undefined;

  /**
   * Creates the layer's tensors (zeros: upload the weights next).
   *
   * @param backend The backend that owns the tensors.
   * @param shape The layer's index and widths; `inputGradient` defaults to `index > 1`.
   */
  constructor(
    backend: Backend<T>,
    shape: { index: number; inputs: number; outputs: number; inputGradient?: boolean },
  ) {
    const { index, inputs, outputs, inputGradient = index > 1 } = shape;
    this.#backend = backend;
    this.index = index;
    this.inputs = inputs;
    this.outputs = outputs;
    this.inputGradient = inputGradient;
    this.W = backend.create(outputs, inputs);
    this.b = backend.create(outputs, 1);
    this.dW = backend.create(outputs, inputs);
    this.db = backend.create(outputs, 1);
  }

  /** For example `dense 784→10`. */
  get description(): string {
    return `dense ${this.inputs}→${this.outputs}`;
  }

  /** `Z[l] = W[l]·A[l−1] + b[l]`. */
  forward(A_prev: T): T {
    const Z = this.#buffersFor(A_prev.cols).Z;
    this.#backend.matmul(this.W, A_prev, Z);
    this.#backend.addBias(Z, this.b, Z);
    this.#input = A_prev;
    return Z;
  }

  /** `dW[l] = dZ[l]·A[l−1]ᵀ / m`, `db[l] = Σ dZ[l] / m`, `dA[l−1] = W[l]ᵀ·dZ[l]`. */
  backward(dZ: T): T | undefined {
    const A_prev = this.#input;
    if (A_prev === undefined || A_prev.cols !== dZ.cols) {
      throw new TypeError(
        `Cannot run ${this.description} backward: run forward on the batch first`,
      );
    }
    const m = dZ.cols;
    const b = this.#backend;
    b.matmul(dZ, A_prev, this.dW, { transposeB: true, alpha: 1 / m });
    b.rowSum(dZ, this.db, 1 / m);
    if (!this.inputGradient) return undefined;
    const dA_prev = this.#buffersFor(m).dA!;
    b.matmul(this.W, dZ, dA_prev, { transposeA: true });
    return dA_prev;
  }

  /** `W[l]` and `b[l]` with their gradients. */
  params(): Param<T>[] {
    const l = this.index;
    return [
      { name: `W${l}`, isWeight: true, value: this.W, grad: this.dW },
      { name: `b${l}`, isWeight: false, value: this.b, grad: this.db },
    ];
  }

  /** Frees the parameters, gradients and batch buffers. */
  dispose(): void {
    const b = this.#backend;
    for (const { Z, dA } of this.#buffers.values()) {
      b.dispose(Z);
      if (dA !== undefined) b.dispose(dA);
    }
    this.#buffers.clear();
    for (const t of [this.W, this.b, this.dW, this.db]) b.dispose(t);
  }

  #buffersFor(m: number): { Z: T; dA?: T } {
    let buffers = this.#buffers.get(m);
    if (buffers === undefined) {
      const b = this.#backend;
      buffers = {
        Z: b.create(this.outputs, m),
        dA: this.inputGradient ? b.create(this.inputs, m) : undefined,
      };
      this.#buffers.set(m, buffers);
    }
    return buffers;
  }
}
