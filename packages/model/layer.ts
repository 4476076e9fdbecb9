import type { Tensor } from "@simple-mnist/backend";

/**
 * A trainable tensor and its gradient, both owned by the backend: what an
 * update rule reads and changes. `name` follows the equations (`W1`, `b2`).
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { initWeights, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = Sequential.fromWeights(new JsBackend(), initWeights(seededPrng(0), { hidden: 4 }));
 * assert.deepEqual(net.params().map((p) => p.name), ["W1", "b1", "W2", "b2"]);
 * ```
 */
export interface Param<T extends Tensor> {
  /** The parameter's name in the equations, e.g. `W1`. */
  readonly name: string;
  /** Whether it is a weight matrix (`W`) rather than a bias: L2 applies to weights only. */
  readonly isWeight: boolean;
  /** Its values. */
  readonly value: T;
  /** `∂loss/∂value`, filled by the backward pass. */
  readonly grad: T;
}

/**
 * One layer of a {@linkcode Sequential} net, cs231n-style: `forward` maps a
 * batch of inputs (one sample per column) to outputs and keeps what its
 * `backward` needs; `backward` maps the gradient of the loss with respect
 * to the outputs to the gradient with respect to the inputs, filling the
 * gradients of its own parameters on the way. Buffers are made once per
 * batch size and reused.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { ActivationLayer, type Layer } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const layer: Layer<ReturnType<JsBackend["create"]>> = new ActivationLayer(backend, 2, "relu");
 * const z = backend.create(2, 1);
 * backend.upload(z, [-1, 3]);
 * assert.deepEqual([...await backend.download(layer.forward(z))], [0, 3]);
 * ```
 */
export interface Layer<T extends Tensor> {
  /** What the layer is, e.g. `dense 784→10` or `relu`. */
  readonly description: string;
  /** Units per input sample. */
  readonly inputs: number;
  /** Units per output sample. */
  readonly outputs: number;
  /**
   * The forward pass over one batch.
   *
   * @param input `inputs x m`.
   * @param training Whether this pass will be followed by `backward` (dropout acts only then).
   * @returns The output, `outputs x m`, a buffer the layer owns.
   */
  forward(input: T, training?: boolean): T;
  /**
   * The backward pass, after `forward` on the same batch.
   *
   * @param dOutput `∂loss/∂output`, `outputs x m`; the layer may overwrite it.
   * @returns `∂loss/∂input`, or undefined for a layer that need not compute it (the first).
   */
  backward(dOutput: T): T | undefined;
  /** The layer's trainable parameters (none for an activation). */
  params(): Param<T>[];
  /** Frees every tensor the layer owns. */
  dispose(): void;
}
