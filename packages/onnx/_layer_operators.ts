import { LEAKY_RELU_SLOPE } from "@simple-mnist/backend";
import type { LayerSpec, NetDescription } from "@simple-mnist/model";
import type { OnnxAttribute, OnnxNode, OnnxTensor } from "./onnx_messages.ts";

/**
 * The graph built so far while the layers are mapped in order: its nodes
 * and initializers, the name and per-sample shape of the value the next
 * layer reads (`[features]` or `[C, H, W]`; ONNX adds the batch axis N in
 * front), and `l`, the count of layers with parameters seen so far.
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  value: string;
  shape: readonly number[];
  l = 0;
  readonly #params: NetDescription["params"];

  constructor(input: string, shape: readonly number[], params: NetDescription["params"]) {
    this.value = input;
    this.shape = shape;
    this.#params = params;
  }

  /** Appends a node reading the current value (then `extra` inputs); its output becomes current. */
  add(
    name: string,
    opType: string,
    shape: readonly number[],
    extra: readonly string[] = [],
    attributes: readonly OnnxAttribute[] = [],
  ): void {
    this.nodes.push({ name, opType, inputs: [this.value, ...extra], outputs: [name], attributes });
    this.value = name;
    this.shape = shape;
  }

  /**
   * Adds parameter `name` as an initializer with ONNX dims `dims`, after
   * checking that the description holds it with the contract's `shape`.
   */
  param(name: string, shape: readonly number[], dims: readonly number[] = shape): string {
    const param = Object.hasOwn(this.#params, name) ? this.#params[name] : undefined;
    if (param === undefined) throw new LayerError(`it needs parameter ${name}, which is missing`);
    if (param.shape.length !== shape.length || param.shape.some((d, i) => d !== shape[i])) {
      throw new LayerError(`parameter ${name} is [${param.shape}] but the layer needs [${shape}]`);
    }
    if (param.values.length !== shape.reduce((n, d) => n * d, 1)) {
      throw new LayerError(
        `parameter ${name} is [${shape}] but holds ${param.values.length} values`,
      );
    }
    this.initializers.push({ name, dataType: "float", dims, values: param.values });
    return name;
  }

  /** Adds an int64 constant (e.g. Reshape's target shape). */
  constant(name: string, values: readonly number[]): string {
    this.initializers.push({ name, dataType: "int64", dims: [values.length], values });
    return name;
  }
}

/** Why one layer cannot be mapped; the caller adds the layer's index and type. */
export class LayerError extends Error {}

/** Maps one layer onto `graph`, its nodes named after `id` (e.g. `layer0_dense`). */
export type LayerOperator = (graph: GraphBuilder, layer: LayerSpec, id: string) => void;

/** Every layer type with an ONNX mapping (see the README's operator table). */
export const LAYER_OPERATORS: Readonly<Record<string, LayerOperator>> = {
  dense(graph, layer, id) {
    const inputs = positiveInteger(layer, "inputs");
    const units = positiveInteger(layer, "units");
    // In the backend's layout an image's C·H·W features are already one
    // column, so a dense layer straight after a 3-D output reads it flattened.
    if (graph.shape.length === 3) flatten(graph, `${id}_flatten`);
    if (graph.shape[0] !== inputs) {
      throw new LayerError(
        `it takes ${inputs} inputs but the layer before gives ${graph.shape[0]}`,
      );
    }
    graph.l++;
    const W = graph.param(`W${graph.l}`, [units, inputs]);
    const b = graph.param(`b${graph.l}`, [units]);
    // Z = W·A + b with samples as columns is, with samples as rows,
    // Z = A·Wᵀ + b: Gemm with transB.
    graph.add(id, "Gemm", [units], [W, b], [{ name: "transB", type: "int", value: 1 }]);
  },
  relu: (graph, _layer, id) => graph.add(id, "Relu", graph.shape),
  leakyRelu: (graph, _layer, id) =>
    graph.add(id, "LeakyRelu", graph.shape, [], [
      { name: "alpha", type: "float", value: LEAKY_RELU_SLOPE },
    ]),
  tanh: (graph, _layer, id) => graph.add(id, "Tanh", graph.shape),
  sigmoid: (graph, _layer, id) => graph.add(id, "Sigmoid", graph.shape),
  dropout() {
    // Inverted dropout scales in training, so at inference it is the identity.
  },
  conv2d(graph, layer, id) {
    const [C, H, W] = images(graph);
    const filters = positiveInteger(layer, "filters");
    const k = positiveInteger(layer, "kernel");
    const stride = positiveInteger(layer, "stride", 1);
    const padding = option(layer, "padding", ["valid", "same"], "valid");
    const [outH, padTop, padBottom] = convolved(H, k, stride, padding);
    const [outW, padLeft, padRight] = convolved(W, k, stride, padding);
    graph.l++;
    const weights = graph.param(`W${graph.l}`, [filters, C * k * k], [filters, C, k, k]);
    const biases = graph.param(`b${graph.l}`, [filters]);
    graph.add(id, "Conv", [filters, outH, outW], [weights, biases], [
      { name: "kernel_shape", type: "ints", value: [k, k] },
      { name: "pads", type: "ints", value: [padTop, padLeft, padBottom, padRight] },
      { name: "strides", type: "ints", value: [stride, stride] },
    ]);
  },
  maxPool2d: (graph, layer, id) => pool(graph, layer, id, "MaxPool"),
  avgPool2d: (graph, layer, id) => pool(graph, layer, id, "AveragePool"),
  flatten: (graph, _layer, id) => flatten(graph, id),
  batchNorm(graph, layer, id) {
    const epsilon = layer.epsilon ?? 1e-5;
    if (typeof epsilon !== "number" || !(epsilon > 0)) {
      throw new LayerError(`epsilon must be a positive number, got ${JSON.stringify(epsilon)}`);
    }
    const channels = [graph.shape[0]];
    graph.l++;
    const stats = ["gamma", "beta", "mean", "variance"].map((p) =>
      graph.param(`${p}${graph.l}`, channels)
    );
    graph.add(id, "BatchNormalization", graph.shape, stats, [
      { name: "epsilon", type: "float", value: epsilon },
    ]);
  },
};

function flatten(graph: GraphBuilder, id: string): void {
  const features = graph.shape.reduce((n, d) => n * d, 1);
  graph.add(id, "Flatten", [features], [], [{ name: "axis", type: "int", value: 1 }]);
}

function pool(graph: GraphBuilder, layer: LayerSpec, id: string, opType: string): void {
  const [C, H, W] = images(graph);
  const size = positiveInteger(layer, "size");
  const stride = positiveInteger(layer, "stride", size);
  const [outH] = convolved(H, size, stride, "valid");
  const [outW] = convolved(W, size, stride, "valid");
  graph.add(id, opType, [C, outH, outW], [], [
    { name: "kernel_shape", type: "ints", value: [size, size] },
    { name: "strides", type: "ints", value: [stride, stride] },
  ]);
}

/**
 * One side of a window sliding over `size` pixels: the output size and the
 * padding before and after. `"same"` gives `⌈size/stride⌉` outputs, the
 * padding split evenly with any odd pixel after (TensorFlow's rule, ONNX's
 * SAME_UPPER).
 */
function convolved(size: number, k: number, stride: number, padding: string): number[] {
  if (padding === "same") {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + k - size, 0);
    return [out, Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  if (k > size) {
    throw new LayerError(`its ${k}-pixel window is larger than the ${size}-pixel input`);
  }
  return [Math.floor((size - k) / stride) + 1, 0, 0];
}

function images(graph: GraphBuilder): readonly number[] {
  if (graph.shape.length !== 3) {
    throw new LayerError(`it needs images (channels x height x width) but gets [${graph.shape}]`);
  }
  return graph.shape;
}

function positiveInteger(layer: LayerSpec, key: string, fallback?: number): number {
  const value = layer[key] ?? fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new LayerError(`${key} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function option(layer: LayerSpec, key: string, choices: string[], fallback: string): string {
  const value = layer[key] ?? fallback;
  if (typeof value !== "string" || !choices.includes(value)) {
    throw new LayerError(`${key} must be ${choices.join(" or ")}, got ${JSON.stringify(value)}`);
  }
  return value;
}
