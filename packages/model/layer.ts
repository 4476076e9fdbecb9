import type { Tensor } from "@simple-mnist/backend";
import type { Shape } from "./shape.ts";

/**
 * A trainable tensor and its gradient, both owned by the backend: what an
 * update rule reads and changes. `name` follows the equations: `W1`, `b1`
 * for the first layer that has parameters, `W2`, `b2` for the next.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { dense, relu, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), [dense(784, 4), relu(), dense(4, 10)], { prng: seededPrng(0) });
 * assert.deepEqual(net.params().map((p) => p.name), ["W1", "b1", "W2", "b2"]);
 * ```
 */
export interface Param<T extends Tensor> {
  /** The parameter's name in the equations, e.g. `W1`. */
  readonly name: string;
  /** Whether it is a weight (`W`) rather than a bias: L2 and weight decay apply to weights only. */
  readonly isWeight: boolean;
  /** Its values. */
  readonly value: T;
  /** `∂loss/∂value`, filled by the backward pass. */
  readonly grad: T;
}

/**
 * A layer as a value: its type's registered name and its configuration,
 * plain JSON, as the model file stores it. The factories (`dense(784, 10)`,
 * `relu()`, `dropout(0.2)`, …) make them; {@linkcode Sequential} builds
 * them on a backend.
 *
 * @example
 * ```ts
 * import { dense, type LayerSpec } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const spec: LayerSpec = dense(784, 10);
 * assert.deepEqual(spec, { type: "dense", inputs: 784, units: 10 });
 * ```
 */
export interface LayerSpec {
  /** The registered type name, e.g. `"dense"`. */
  readonly type: string;
  /** The configuration: numbers, strings and booleans only. */
  readonly [key: string]: string | number | boolean;
}

/**
 * One layer of a built net, cs231n-style: `forward` maps a batch of inputs
 * (one sample per column) to outputs and keeps what its `backward` needs;
 * `backward` maps `∂loss/∂output` to `∂loss/∂input`, filling the gradients
 * of its own parameters on the way. Buffers are made once per batch size
 * and reused, so a training step allocates nothing.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { relu, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [layer] = new Sequential(backend, [relu()], { input: [2] }).layers;
 * const z = backend.create(2, 1);
 * backend.upload(z, [-1, 3]);
 * assert.deepEqual([...await backend.download(layer.forward(z, false))], [0, 3]);
 * ```
 */
export interface Layer<T extends Tensor> {
  /** The spec it was built from. */
  readonly spec: LayerSpec;
  /** The shape of one input sample. */
  readonly inputShape: Shape;
  /** The shape of one output sample. */
  readonly outputShape: Shape;
  /**
   * The forward pass over one batch.
   *
   * @param input `size(inputShape) x m`.
   * @param training Whether this pass will be followed by `backward` (dropout acts only then).
   * @returns The output, `size(outputShape) x m`, a buffer the layer owns.
   */
  forward(input: T, training: boolean): T;
  /**
   * The backward pass, after `forward` on the same batch.
   *
   * @param dOutput `∂loss/∂output`; the layer may overwrite it.
   * @returns `∂loss/∂input`, or undefined when no layer before it needs it.
   */
  backward(dOutput: T): T | undefined;
  /** The layer's trainable parameters, in its type's order (none for an activation). */
  params(): readonly Param<T>[];
  /**
   * Which side of each kink the last forward pass took (ReLU's sign of
   * each input, max-pooling's winner of each window), for the gradient
   * check, which skips a probe that changes them. Absent for smooth layers.
   */
  kinks?(): Promise<Uint8Array>;
  /**
   * Hold the layer's random draws (dropout's mask) fixed from the next
   * training pass on, so that repeated passes compute one function.
   */
  holdRandomness?(hold: boolean): void;
  /** Frees every tensor the layer owns (its parameters are the net's). */
  dispose(): void;
}
