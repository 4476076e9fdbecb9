import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Prng } from "@simple-mnist/random";
import type { Layer, LayerSpec } from "./layer.ts";
import type { Shape } from "./shape.ts";

/**
 * How a parameter's first values are drawn, by its role: a `weight` takes
 * the net's scheme (the seed's uniform, Xavier or He, from its fan-in), a
 * `bias` is the seed's uniform under `uniform` and zero otherwise, `one` and
 * `zero` are constants (batch normalisation's scale and shift).
 *
 * @example
 * ```ts
 * import type { ParamRole } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const role: ParamRole = "weight";
 * assert.equal(role, "weight");
 * ```
 */
export type ParamRole = "weight" | "bias" | "zero" | "one";

/**
 * A parameter a layer type declares: its name within the layer (`W`, `b`),
 * its shape (`[rows, cols]`, or `[rows]` for a column), its role at
 * initialisation, and its fan-in (inputs per output, for Xavier and He).
 *
 * @example
 * ```ts
 * import type { ParamSpec } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const W: ParamSpec = { name: "W", shape: [10, 784], role: "weight", fanIn: 784 };
 * assert.equal(W.shape[1], W.fanIn);
 * ```
 */
export interface ParamSpec {
  /** Its name within the layer; the net's name appends the layer's number: `W` → `W1`. */
  readonly name: string;
  /** `[rows, cols]`, or `[rows]` for a column vector. */
  readonly shape: readonly number[];
  /** How its first values are drawn. */
  readonly role: ParamRole;
  /** Inputs that feed each output (the product of the other dimensions for a weight). */
  readonly fanIn: number;
}

/**
 * What a layer type's `build` receives from the net: the backend, the
 * input shape, its parameters' tensors (made, named and initialised by the
 * net), and whether a layer before it needs `∂loss/∂input`.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import type { BuildContext } from "@simple-mnist/model";
 * import type { JsTensor } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const needsGradient = (context: BuildContext<JsTensor>) => context.inputGradient;
 * assert.equal(typeof needsGradient, "function");
 * ```
 */
export interface BuildContext<T extends Tensor> {
  /** Where the layer computes. */
  readonly backend: Backend<T>;
  /** The shape of one input sample. */
  readonly input: Shape;
  /** Whether `backward` must return `∂loss/∂input` (false when nothing before it learns). */
  readonly inputGradient: boolean;
  /** The generator of training-time randomness (dropout's masks), if the net was given one. */
  readonly noise?: Prng;
  /**
   * A declared parameter's tensors, by its name within the layer.
   *
   * @param name The name the type declared, e.g. `W`.
   * @returns Its value and gradient, with the net's name for it (e.g. `W1`).
   */
  param(name: string): { readonly name: string; readonly value: T; readonly grad: T };
}

/**
 * A layer type, registered once in {@linkcode LAYER_TYPES} (Keras's
 * `get_config`/`from_config` and registry, in miniature): how to read its
 * spec from JSON, what shape it outputs, which parameters it holds, and how
 * to build it on a backend. A new layer type is one file that exports one
 * of these, plus one entry in the registry.
 *
 * @typeParam S The type's spec.
 *
 * @example A toy layer that doubles its input
 * ```ts
 * import { type LayerType, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * type DoubleSpec = { readonly type: "double" };
 * const DOUBLE: LayerType<DoubleSpec> = {
 *   type: "double",
 *   parse: () => ({ type: "double" }),
 *   outputShape: (_spec, input) => input,
 *   params: () => [],
 *   describe: () => "double",
 *   build: (_spec, { backend, input }) => ({
 *     spec: { type: "double" }, inputShape: input, outputShape: input,
 *     forward: (x) => { backend.axpby(2, x, 0, x, x); return x; },
 *     backward: (d) => { backend.axpby(2, d, 0, d, d); return d; },
 *     params: () => [], dispose: () => {},
 *   }),
 * };
 * const backend = new JsBackend();
 * const net = new Sequential(backend, [{ type: "double" }], { input: [2], types: [DOUBLE] });
 * const x = backend.create(2, 1);
 * backend.upload(x, [1, 2]);
 * assert.deepEqual([...await backend.download(net.layers[0].forward(x, false))], [2, 4]);
 * ```
 */
export interface LayerType<S extends LayerSpec = LayerSpec> {
  /** The name specs carry in `type`, e.g. `"dense"`. */
  readonly type: S["type"];
  /**
   * Reads a spec from untrusted JSON (a model file, a `--layers` item),
   * checking every field.
   *
   * @param json The object, `type` included.
   * @returns The spec, defaults filled in.
   * @throws {TypeError} Naming the field and what is wrong.
   */
  parse(json: Readonly<Record<string, unknown>>): S;
  /**
   * The input shape the spec itself states (`dense`'s `[inputs]`), which
   * lets a net that starts with it omit its input shape. Absent when the
   * spec takes whatever comes (an activation, a convolution).
   */
  declaredInput?(spec: S): Shape;
  /**
   * The shape of one output sample, given one input sample's.
   *
   * @throws {RangeError} If the layer cannot take that input, with the reason as a phrase
   * about the layer (`it takes 64 inputs`): the net adds which layers and shapes.
   */
  outputShape(spec: S, input: Shape): Shape;
  /** The parameters the layer holds for that input, in order. */
  params(spec: S, input: Shape): readonly ParamSpec[];
  /** The spec as the factory call that makes it, e.g. `dense(784, 10)` or `dropout(0.2)`. */
  describe(spec: S): string;
  /**
   * The floats the layer's batch buffers hold per sample, forward and
   * backward, for sizing batches (see {@linkcode floatsPerSample}). Absent:
   * its output and its input's gradient, `size(output) + size(input)`.
   * A convolution states its im2col columns, k·k times its input.
   */
  floatsPerSample?(spec: S, input: Shape): number;
  /** Builds the layer on a backend. */
  build<T extends Tensor>(spec: S, context: BuildContext<T>): Layer<T>;
}
