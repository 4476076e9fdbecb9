import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Prng } from "@simple-mnist/random";
import { defaultInitScheme, initialValues, type InitScheme } from "./init.ts";
import type { Layer, LayerSpec, Param } from "./layer.ts";
import type { LayerType, ParamSpec } from "./layer_type.ts";
import { LAYER_TYPES } from "./layer_types.ts";
import { floatsPerSample, type NetConfig, planNet } from "./net_plan.ts";
import { mlpShape } from "./mlp.ts";
import type { ModelMetadata, NetDescription } from "./model_file.ts";
import type { Optimizer } from "./optimizer.ts";
import { Sgd } from "./sgd.ts";
import { formatShape, type Shape, shapeSize } from "./shape.ts";
import { type HeadBuffers, SoftmaxCrossEntropy } from "./softmax_cross_entropy.ts";

/**
 * A net's parameters on the host, by name (`W1`, `b1`, …), row-major float32.
 *
 * @example
 * ```ts
 * import type { ParamValues } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const params: ParamValues = { W1: new Float32Array(2), b1: new Float32Array(1) };
 * assert.equal(Object.keys(params).length, 2);
 * ```
 */
export type ParamValues = Readonly<Record<string, Float32Array>>;

/**
 * How a {@linkcode Sequential} is built beyond its layers.
 *
 * @example
 * ```ts
 * import type { SequentialOptions } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const options: SequentialOptions = { input: [1, 28, 28], prng: seededPrng(0), init: "he" };
 * assert.equal(options.params, undefined); // drawn from prng
 * ```
 */
export interface SequentialOptions {
  /** One input sample's shape (default: what the first layer states, as `dense` does). */
  readonly input?: Shape;
  /** The parameters' values by name; without them they are drawn from `prng`. */
  readonly params?: ParamValues;
  /** The generator of the first parameters (required without `params`). */
  readonly prng?: Prng;
  /** How the first parameters are drawn (default {@linkcode defaultInitScheme} of the layers). */
  readonly init?: InitScheme;
  /** The generator of training-time randomness: dropout's masks (required with dropout). */
  readonly noise?: Prng;
  /** The layer types the specs may name (default {@linkcode LAYER_TYPES}). */
  readonly types?: readonly LayerType[];
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
  readonly learningRate: number;
  /** The update rule (default plain gradient descent, the seed's). */
  readonly optimizer?: Optimizer<T>;
  /** The seed's L2 strength λ: `loss += λ/(2m)·ΣW²`, `dW += λ/m·W`, weights only (default 0). */
  readonly l2?: number;
}

/** A parameter's tensors and declaration, as the net made them. */
interface Slot<T extends Tensor> {
  readonly name: string;
  readonly spec: ParamSpec;
  readonly value: T;
  readonly grad: T;
}

/**
 * A net as a list of layers, Keras's `Sequential` in miniature, ending in
 * a softmax cross-entropy head. Samples are columns, as in the seed's
 * equations: `new Sequential(backend, mlp([784, 10, 10], "relu"), …)` is
 * the seed's net, op for op.
 *
 * Building it checks that the shapes chain (a mismatch names both layers
 * and both shapes), names every parameter after its layer (`W1`, `b1` for
 * the first layer that has parameters, `W2`, `b2` for the next), and draws
 * or uploads their values. The forward pass runs the layers in order; the
 * backward pass runs them in reverse, each turning `∂loss/∂output` into
 * `∂loss/∂input`; an {@linkcode Optimizer} then updates
 * {@linkcode Sequential.params}.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example A net from a list of layers, trained one step at a time
 * ```ts
 * import { dense, relu, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const net = new Sequential(backend, [dense(3, 4), relu(), dense(4, 2)], { prng: seededPrng(0) });
 * assert.equal(net.architecture, "3-4-2");
 * const X = backend.create(3, 2);
 * const Y = backend.create(1, 2);
 * backend.upload(X, [0.1, 0.9, 0.5, 0.5, 0.9, 0.1]);
 * backend.upload(Y, [0, 1]);
 * const before = await net.loss(X, Y);
 * for (let i = 0; i < 50; i++) net.trainStep(X, Y, { learningRate: 0.5 });
 * assert.ok(await net.loss(X, Y) < before);
 * ```
 *
 * @example Shapes that do not chain are refused, naming both layers
 * ```ts
 * import { dense, relu, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => new Sequential(new JsBackend(), [dense(784, 128), relu(), dense(64, 10)], { prng: seededPrng(0) }),
 *   /layer 3, dense\(64, 10\), cannot take the 128 output of layer 2, relu\(\): it takes 64 inputs/,
 * );
 * ```
 */
export class Sequential<T extends Tensor> {
  /** The backend that owns every tensor of this net. */
  readonly backend: Backend<T>;
  /** The net as values: input shape and layer specs. */
  readonly config: NetConfig;
  /** The built layers, in forward order. */
  readonly layers: readonly Layer<T>[];
  /** The softmax cross-entropy head. */
  readonly head: SoftmaxCrossEntropy<T>;
  /**
   * The floats the layers' batch buffers hold per sample, forward and
   * backward (see {@linkcode floatsPerSample}): evaluation sizes its chunks by it.
   */
  readonly floatsPerSample: number;
  readonly #slots: readonly Slot<T>[];
  readonly #params: readonly Param<T>[];
  readonly #sgd: Sgd<T>;
  readonly #squares: T;

  /**
   * Builds the net on `backend`.
   *
   * @param backend The backend to compute on.
   * @param layers The layer specs (see {@linkcode dense}, {@linkcode relu}, {@linkcode mlp}, …).
   * @param options The input shape, the parameters or how to draw them, and dropout's generator.
   * @throws {TypeError} If a layer's type is unknown, the shapes do not chain, the last
   * layer does not output a vector of classes, or a given parameter is missing or the wrong size.
   * @throws {RangeError} If neither `params` nor `prng` is given, or dropout has no `noise`.
   */
  constructor(backend: Backend<T>, layers: readonly LayerSpec[], options: SequentialOptions = {}) {
    const { plans, config, output } = planNet(layers, options.input, options.types);
    const learns = plans.some((plan) => plan.params.length > 0);
    if (learns && options.params === undefined && options.prng === undefined) {
      throw new RangeError("Cannot build the net: pass its params, or a prng to draw them");
    }
    this.backend = backend;
    this.config = config;
    this.floatsPerSample = floatsPerSample(plans);
    const slots: Slot<T>[] = [];
    const layerSlots = plans.map((plan) =>
      plan.params.map(({ name, spec }) => {
        const [rows, cols = 1] = spec.shape;
        const slot = {
          name,
          spec,
          value: backend.create(rows, cols),
          grad: backend.create(rows, cols),
        };
        slots.push(slot);
        return slot;
      })
    );
    this.#slots = slots;

    let learnedBefore = false;
    this.layers = plans.map((plan, i) => {
      const own = layerSlots[i];
      const layer = plan.kind.build(plan.spec, {
        backend,
        input: plan.input,
        inputGradient: learnedBefore,
        noise: options.noise,
        param: (name) => {
          const slot = own.find((slot) => slot.spec.name === name);
          if (slot === undefined) {
            throw new TypeError(
              `Cannot build ${plan.kind.describe(plan.spec)}: it declared no parameter ${name}`,
            );
          }
          return slot;
        },
      });
      if (own.length > 0) learnedBefore = true;
      return layer;
    });
    this.#params = this.layers.flatMap((layer) => layer.params());
    this.head = new SoftmaxCrossEntropy(backend, output);
    this.#sgd = new Sgd(backend);
    this.#squares = backend.create(1, 1);

    if (options.params !== undefined) {
      this.setParameters(options.params);
    } else if (learns) {
      const scheme = options.init ?? defaultInitScheme(layers);
      for (const slot of slots) {
        backend.upload(slot.value, initialValues(options.prng!, slot.spec, scheme));
      }
    }
  }

  /**
   * Builds a saved net (see {@linkcode decodeModelFile}) on a backend.
   *
   * @param backend The backend to compute on.
   * @param description The input shape, layers and parameters.
   * @param options Dropout's generator (`noise`) and the layer types, for training on.
   * @returns The net.
   * @throws {TypeError} As the constructor.
   *
   * @example
   * ```ts
   * import { decodeModelFile, encodeModel, mlp, Sequential } from "@simple-mnist/model";
   * import { JsBackend } from "@simple-mnist/backend-js";
   * import { seededPrng } from "@simple-mnist/random";
   * import assert from "node:assert/strict";
   *
   * const backend = new JsBackend();
   * const net = new Sequential(backend, mlp([784, 10, 10], "relu"), { prng: seededPrng(0) });
   * const file = decodeModelFile(encodeModel(await net.describe({ seed: 0 })), "in memory");
   * const copy = Sequential.fromDescription(backend, file);
   * assert.deepEqual(await copy.parameters(), await net.parameters());
   * ```
   */
  static fromDescription<T extends Tensor>(
    backend: Backend<T>,
    description: NetDescription,
    options: Pick<SequentialOptions, "noise" | "types"> = {},
  ): Sequential<T> {
    const params = Object.fromEntries(
      Object.entries(description.params).map(([name, tensor]) => [name, tensor.values]),
    );
    return new Sequential(backend, description.layers, {
      ...options,
      input: description.input,
      params,
    });
  }

  /**
   * The net as a model file holds it: its input shape, layers, parameters
   * (copied to the host, with their shapes) and how it was made.
   *
   * @param metadata How the net was trained (default none).
   * @returns The description, for {@linkcode encodeModel} or an exporter.
   */
  async describe(metadata: ModelMetadata = {}): Promise<NetDescription> {
    const values = await this.parameters();
    const params = Object.fromEntries(
      this.#slots.map(({ name, spec }) => [name, { shape: spec.shape, values: values[name] }]),
    );
    return { input: this.config.input, layers: this.config.layers, params, metadata };
  }

  /** One input sample's shape. */
  get input(): Shape {
    return this.config.input;
  }

  /** Values per input sample: the rows of an input batch (784 for MNIST). */
  get inputs(): number {
    return shapeSize(this.config.input);
  }

  /** Output classes. */
  get classes(): number {
    return this.head.classes;
  }

  /**
   * The net as people write it: the widths of an MLP (`784-512-256-10`), or
   * the layers for any other net (`1x28x28 → conv2d(16, 5) → relu() → …`).
   */
  get architecture(): string {
    return netArchitecture(this.config);
  }

  /**
   * Every parameter's name and shape, in order: `W1 [10, 784]`, `b1 [10]`, …
   *
   * @returns Name and shape of each.
   */
  paramShapes(): { readonly name: string; readonly shape: readonly number[] }[] {
    return this.#slots.map(({ name, spec }) => ({ name, shape: spec.shape }));
  }

  /**
   * Replaces the parameters.
   *
   * @param values Every parameter's values, by name.
   * @throws {TypeError} If one is missing, has the wrong length, or is not the net's.
   */
  setParameters(values: ParamValues): void {
    for (const name of Object.keys(values)) {
      if (!this.#slots.some((slot) => slot.name === name)) {
        throw new TypeError(
          `Cannot set the parameters: the net has no ${name} (it has ${
            this.#slots.map((s) => s.name).join(", ")
          })`,
        );
      }
    }
    for (const slot of this.#slots) {
      const given = values[slot.name];
      const size = shapeSize(slot.spec.shape);
      if (given === undefined) {
        throw new TypeError(`Cannot set the parameters: ${slot.name} is missing`);
      }
      if (given.length !== size) {
        throw new TypeError(
          `Cannot set the parameters: ${slot.name} has ${given.length} values but its shape ${
            formatShape(slot.spec.shape)
          } needs ${size}`,
        );
      }
    }
    for (const slot of this.#slots) this.backend.upload(slot.value, values[slot.name]);
  }

  /**
   * Copies the parameters to the host.
   *
   * @returns Every parameter's values, by name, in order.
   */
  async parameters(): Promise<ParamValues> {
    const values = await Promise.all(this.#slots.map((slot) => this.backend.download(slot.value)));
    return Object.fromEntries(this.#slots.map((slot, i) => [slot.name, values[i]]));
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
   * The forward pass: each layer in turn, then softmax.
   *
   * @param X Inputs, `inputs x m`.
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
   * with `l2 > 0`, `dW += λ/m·W` for every weight.
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
   * @param X Inputs, `inputs x m`.
   * @param Y Labels, 1 x m.
   * @param step The rule, rate and L2 strength.
   * @returns The head's buffers; `predictions` and `loss` describe the step's input weights.
   */
  trainStep(X: T, Y: T, step: TrainStepOptions<T>): HeadBuffers<T> {
    const { learningRate, optimizer = this.#sgd, l2 = 0 } = step;
    this.forward(X, true);
    const s = this.score(Y, l2);
    if (optimizer.weightDecay > 0) this.#addSquares(s.loss, optimizer.weightDecay / 2);
    this.backward(Y, l2);
    optimizer.step(this.#params, learningRate);
    return s;
  }

  /** `loss += coefficient·ΣW²` over every weight. */
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
   * @param X Inputs, `inputs x m`.
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
    for (const slot of this.#slots) {
      this.backend.dispose(slot.value);
      this.backend.dispose(slot.grad);
    }
    this.head.dispose();
    this.backend.dispose(this.#squares);
  }
}

/**
 * A net's architecture as people write it: an MLP's widths joined by
 * dashes (`784-10-10`), or for any other net its input shape and layers.
 *
 * @param config The net.
 * @returns The description.
 *
 * @example
 * ```ts
 * import { dense, mlp, netArchitecture, relu } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(netArchitecture({ input: [784], layers: mlp([784, 10, 10], "relu") }), "784-10-10");
 * assert.equal(netArchitecture({ input: [4], layers: [relu(), dense(4, 2)] }), "4 → relu() → dense(4, 2)");
 * ```
 */
export function netArchitecture(
  config: NetConfig,
  types: readonly LayerType[] = LAYER_TYPES,
): string {
  const shape = mlpShape(config.layers);
  if (shape !== undefined && config.input.length === 1) return shape.widths.join("-");
  return [
    formatShape(config.input),
    ...config.layers.map((spec) => {
      const kind = types.find((t) => t.type === spec.type);
      return kind === undefined ? spec.type : kind.describe(spec);
    }),
  ].join(" → ");
}
