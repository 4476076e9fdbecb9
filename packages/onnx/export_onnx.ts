import { GraphBuilder, LAYER_OPERATORS, LayerError } from "./_layer_operators.ts";
import { LAYER_TYPES, type LayerType, type NetDescription } from "@simple-mnist/model";
import { modelProto, type OnnxModel } from "./onnx_messages.ts";

/**
 * The ONNX operator set the exported models are written against: 13
 * (ONNX 1.8, 2020), which every ONNX Runtime since 1.6 runs.
 *
 * @example
 * ```ts
 * import { ONNX_OPSET } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ONNX_OPSET, 13);
 * ```
 */
export const ONNX_OPSET = 13;

/**
 * The ONNX IR version that goes with {@linkcode ONNX_OPSET} (7).
 *
 * @example
 * ```ts
 * import { ONNX_IR_VERSION } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ONNX_IR_VERSION, 7);
 * ```
 */
export const ONNX_IR_VERSION = 7;

/**
 * The exported graph's input: float32 `[N, 784]`, pixels scaled to [0, 1].
 *
 * @example
 * ```ts
 * import { ONNX_INPUT } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ONNX_INPUT, "pixels");
 * ```
 */
export const ONNX_INPUT = "pixels";

/**
 * The exported graph's output: float32 `[N, 10]`, class probabilities.
 *
 * @example
 * ```ts
 * import { ONNX_OUTPUT } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ONNX_OUTPUT, "probabilities");
 * ```
 */
export const ONNX_OUTPUT = "probabilities";

/** This package's version, the exported models' default `producer_version`. */
const VERSION = "0.1.0";

/**
 * How {@linkcode exportOnnx} labels the model.
 *
 * @example
 * ```ts
 * import type { ExportOnnxOptions } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const options: ExportOnnxOptions = { producerVersion: "1.2.3" };
 * assert.equal(options.producerVersion, "1.2.3");
 * ```
 */
export interface ExportOnnxOptions {
  /** The `producer_version` (default this package's version). */
  readonly producerVersion?: string;
  /**
   * The layer types the model package registers (default
   * {@linkcode LAYER_TYPES}): a layer of one of them must have the output
   * shape and read the parameters that its ONNX operators assume.
   */
  readonly types?: readonly LayerType[];
}

/**
 * Maps a net onto an ONNX model, as values: the graph `pixels → layers →
 * Softmax → probabilities` with the parameters as initializers, and the
 * training metadata as `metadata_props` (strings kept, anything else
 * JSON-encoded). See {@linkcode exportOnnx} for the mapping.
 *
 * @param description The net.
 * @param options The producer's version, and the registered layer types to check against.
 * @returns The model, ready for {@linkcode modelProto}.
 * @throws {TypeError} If a layer has no ONNX mapping, a parameter is
 * missing, of the wrong shape or used by no layer, a registered layer's
 * own shape or parameters differ from what its operators assume, or the
 * input or output shape is not one a classifier has; the message names
 * the layer by its number (from 1, as the model's messages do) and type.
 *
 * @example
 * ```ts
 * import { onnxModelOf } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const model = onnxModelOf({
 *   input: [2],
 *   layers: [{ type: "dense", inputs: 2, units: 3 }, { type: "tanh" }],
 *   params: { W1: { shape: [3, 2], values: new Float32Array(6) }, b1: { shape: [3], values: new Float32Array(3) } },
 *   metadata: { seed: 1 },
 * });
 * assert.deepEqual(model.graph.nodes.map((n) => n.opType), ["Gemm", "Tanh", "Softmax"]);
 * assert.deepEqual(model.metadata, { seed: "1" });
 * ```
 */
export function onnxModelOf(
  description: NetDescription,
  options: ExportOnnxOptions = {},
): OnnxModel {
  const fail = (why: string): never => {
    throw new TypeError(`Cannot export the net to ONNX: ${why}`);
  };
  const { input, layers } = description;
  if (
    !(input.length === 1 || input.length === 3) ||
    input.some((d) => !Number.isInteger(d) || d < 1)
  ) {
    fail(`its input must be [features] or [channels, height, width], got [${input}]`);
  }
  const features = input.reduce((n, d) => n * d, 1);
  const graph = new GraphBuilder(ONNX_INPUT, [features], description.params);
  if (input.length === 3) {
    // Reshape's 0 copies the batch size N from the input.
    graph.add("input_images", "Reshape", input, [graph.constant("input_shape", [0, ...input])]);
  }
  layers.forEach((layer, index) => {
    const given: unknown = layer?.type; // a description read from a file may lack it
    const type = typeof given === "string" ? given : String(JSON.stringify(given));
    const where = `layer ${index + 1} (${type})`; // numbered from 1, as the model's messages
    const operator = Object.hasOwn(LAYER_OPERATORS, type) ? LAYER_OPERATORS[type] : undefined;
    if (operator === undefined) {
      fail(
        `${where} has no ONNX mapping; the layer types with one are ${
          Object.keys(LAYER_OPERATORS).join(", ")
        }`,
      );
    }
    const before = graph.shape;
    const read = graph.initializers.length;
    try {
      operator!(graph, layer, `layer${index + 1}_${type}`);
    } catch (error) {
      if (error instanceof LayerError) fail(`${where}: ${error.message}`);
      throw error;
    }
    // The operators are written from the layer contract, so they work for
    // types the model does not register yet; where it does, the layer's own
    // shape and parameters must be those the operators assumed: a mismatch
    // (another "same" padding rule, say) is an error, never a different net.
    const registered = (options.types ?? LAYER_TYPES).find((t) => t.type === type);
    if (registered === undefined) return;
    let output: readonly number[] = [];
    let declared: string[] = [];
    try {
      // parse fills the type's defaults (a maxPool2d's stride is its size)
      // where a hand-built description leaves them out.
      const spec = registered.parse(layer);
      output = registered.outputShape(spec, before);
      declared = registered.params(spec, before).map((p) => `${p.name}${graph.l}`);
    } catch (error) {
      fail(`${where}: ${error instanceof Error ? error.message : error}`);
    }
    if (output.join() !== graph.shape.join()) {
      fail(`${where}: its operators give [${graph.shape}] but the layer gives [${output}]`);
    }
    const mapped = graph.initializers.slice(read).map((t) => t.name);
    if (mapped.join() !== declared.join()) {
      fail(`${where}: its operators read [${mapped}] but the layer holds [${declared}]`);
    }
  });
  const unused = Object.keys(description.params).filter((name) => !graph.used.has(name));
  if (unused.length > 0) fail(`no layer uses the parameters ${unused.join(", ")}`);
  if (graph.shape.length !== 1) {
    fail(`its last layer gives [${graph.shape}], not one score per class (end with dense)`);
  }
  const classes = graph.shape[0];
  graph.nodes.push({
    name: "softmax",
    opType: "Softmax",
    inputs: [graph.value],
    outputs: [ONNX_OUTPUT],
    attributes: [{ name: "axis", type: "int", value: 1 }],
  });
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(description.metadata)) {
    if (value !== undefined) {
      metadata[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  const imageShape = input.length === 3 ? ` (${input.join("x")}, channels x height x width)` : "";
  return {
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET,
    producerName: "simple-mnist",
    producerVersion: options.producerVersion ?? VERSION,
    docString:
      `A simple-mnist digit classifier. Input "${ONNX_INPUT}": float32 [N, ${features}], ` +
      `each image's ${features} pixels row by row${imageShape}, each gray level scaled to ` +
      `[0, 1] (byte / 255, 0 = background). Output "${ONNX_OUTPUT}": float32 [N, ${classes}], ` +
      `each image's softmax probability of each class (digits 0-9 for MNIST); the largest is ` +
      `the prediction. Dropout layers act only in training and are left out.`,
    graph: {
      name: "simple-mnist",
      nodes: graph.nodes,
      initializers: graph.initializers,
      inputs: [{
        name: ONNX_INPUT,
        shape: ["N", features],
        docString: "pixels scaled to [0, 1] (byte / 255)",
      }],
      outputs: [{ name: ONNX_OUTPUT, shape: ["N", classes], docString: "class probabilities" }],
    },
    metadata,
  };
}

/**
 * Exports a net as an ONNX model file (opset {@linkcode ONNX_OPSET}) that
 * ONNX Runtime and other engines load. The graph reads `pixels`, float32
 * `[N, 784]` scaled to [0, 1], and gives `probabilities`, float32 `[N, 10]`
 * (`Softmax` over axis 1). Each layer becomes:
 *
 * | layer | ONNX |
 * | --- | --- |
 * | input `[C, H, W]` | `Reshape` to `[N, C, H, W]` |
 * | `dense` | `Gemm` (transB = 1, as `W` is `[units, inputs]`) |
 * | `relu`, `leakyRelu`, `tanh`, `sigmoid` | `Relu`, `LeakyRelu` (alpha 0.01), `Tanh`, `Sigmoid` |
 * | `dropout` | nothing: the identity at inference |
 * | `conv2d` | `Conv` (`W` as `[F, C, k, k]`; explicit pads for `"same"`) |
 * | `maxPool2d`, `avgPool2d` | `MaxPool`, `AveragePool` |
 * | `flatten` | `Flatten` (axis 1) |
 * | `batchNorm` | `BatchNormalization` |
 *
 * A layer of any other type is an error naming it; none is dropped.
 *
 * @param description The net: what a model file decodes to, or `Sequential.describe()` gives.
 * @param options The producer's version, and the registered layer types to check against.
 * @returns The `.onnx` file's bytes.
 * @throws {TypeError} If the net cannot be mapped (see {@linkcode onnxModelOf}).
 *
 * @example
 * ```ts
 * import { exportOnnx } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * // What a model file decodes to (decodeModelFile of @simple-mnist/model) or Sequential.describe() gives.
 * const bytes = exportOnnx({
 *   input: [784],
 *   layers: [{ type: "dense", inputs: 784, units: 10 }],
 *   params: { W1: { shape: [10, 784], values: new Float32Array(7840) }, b1: { shape: [10], values: new Float32Array(10) } },
 *   metadata: {},
 * });
 * assert.ok(bytes.length > 4 * 7850);
 * assert.throws(
 *   () => exportOnnx({ input: [784], layers: [{ type: "softmax" }], params: {}, metadata: {} }),
 *   /layer 1 \(softmax\) has no ONNX mapping/,
 * );
 * ```
 */
export function exportOnnx(
  description: NetDescription,
  options: ExportOnnxOptions = {},
): Uint8Array {
  return modelProto(onnxModelOf(description, options));
}
