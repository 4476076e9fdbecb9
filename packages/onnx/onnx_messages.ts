import { ProtobufWriter } from "./protobuf_writer.ts";

// Field numbers and enum values are those of onnx/onnx.proto (proto2).
// Fields are written in field-number order, as protobuf libraries do, and
// `repeated int64` fields that onnx.proto does not mark packed (`dims`,
// `ints`) are written unpacked, one key per value.

/** `TensorProto.DataType` values used here. */
const DATA_TYPE = { float: 1, int64: 7 } as const;

/** `AttributeProto.AttributeType` values used here. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, ints: 7 } as const;

/**
 * A constant tensor (`TensorProto`): an initializer such as a weight
 * matrix, row-major, named so that nodes can read it.
 *
 * @example
 * ```ts
 * import type { OnnxTensor } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const b1: OnnxTensor = { name: "b1", dataType: "float", dims: [2], values: [0.5, -1] };
 * assert.equal(b1.values.length, 2);
 * ```
 */
export interface OnnxTensor {
  /** The name nodes refer to it by. */
  readonly name: string;
  /** `float` (float32) or `int64`. */
  readonly dataType: "float" | "int64";
  /** The shape, outermost first. */
  readonly dims: readonly number[];
  /** The values, row-major; their count is the product of `dims`. */
  readonly values: ArrayLike<number>;
}

/**
 * A node's attribute (`AttributeProto`), e.g. Gemm's `transB = 1`.
 *
 * @example
 * ```ts
 * import type { OnnxAttribute } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const transB: OnnxAttribute = { name: "transB", type: "int", value: 1 };
 * assert.equal(transB.value, 1);
 * ```
 */
export type OnnxAttribute =
  | { readonly name: string; readonly type: "float"; readonly value: number }
  | { readonly name: string; readonly type: "int"; readonly value: number }
  | { readonly name: string; readonly type: "ints"; readonly value: readonly number[] }
  | { readonly name: string; readonly type: "string"; readonly value: string };

/**
 * One operator application (`NodeProto`) of the default `ai.onnx` domain.
 *
 * @example
 * ```ts
 * import type { OnnxNode } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const node: OnnxNode = { name: "relu", opType: "Relu", inputs: ["z1"], outputs: ["a1"] };
 * assert.equal(node.opType, "Relu");
 * ```
 */
export interface OnnxNode {
  /** The node's name, unique in the graph. */
  readonly name: string;
  /** The operator, e.g. `Gemm`. */
  readonly opType: string;
  /** The values it reads, by name, in the operator's order. */
  readonly inputs: readonly string[];
  /** The values it produces, by name. */
  readonly outputs: readonly string[];
  /** Its attributes (default none). */
  readonly attributes?: readonly OnnxAttribute[];
}

/**
 * A graph input's or output's name and type (`ValueInfoProto`): a float32
 * tensor whose dimensions are sizes or symbolic names such as `"N"`.
 *
 * @example
 * ```ts
 * import type { OnnxValueInfo } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const pixels: OnnxValueInfo = { name: "pixels", shape: ["N", 784] };
 * assert.equal(pixels.shape[1], 784);
 * ```
 */
export interface OnnxValueInfo {
  /** The value's name. */
  readonly name: string;
  /** Each dimension: a size, or a name for a size known only at run time. */
  readonly shape: readonly (number | string)[];
  /** What it holds, for people (default none). */
  readonly docString?: string;
}

/**
 * A computation graph (`GraphProto`): nodes in an order where each reads
 * only graph inputs, initializers and earlier nodes' outputs.
 *
 * @example
 * ```ts
 * import type { OnnxGraph } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const graph: OnnxGraph = {
 *   name: "identity",
 *   nodes: [{ name: "copy", opType: "Identity", inputs: ["x"], outputs: ["y"] }],
 *   initializers: [],
 *   inputs: [{ name: "x", shape: [1] }],
 *   outputs: [{ name: "y", shape: [1] }],
 * };
 * assert.equal(graph.nodes.length, 1);
 * ```
 */
export interface OnnxGraph {
  /** The graph's name. */
  readonly name: string;
  /** The nodes, in topological order. */
  readonly nodes: readonly OnnxNode[];
  /** The constant tensors (weights). */
  readonly initializers: readonly OnnxTensor[];
  /** What the caller feeds. */
  readonly inputs: readonly OnnxValueInfo[];
  /** What the caller gets back. */
  readonly outputs: readonly OnnxValueInfo[];
}

/**
 * A whole model (`ModelProto`): the graph, the operator set it is written
 * against, who made it, and string metadata.
 *
 * @example
 * ```ts
 * import type { OnnxModel } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const model: OnnxModel = {
 *   irVersion: 7, opsetVersion: 13, producerName: "me", producerVersion: "1", docString: "",
 *   graph: { name: "g", nodes: [], initializers: [], inputs: [], outputs: [] }, metadata: {},
 * };
 * assert.equal(model.opsetVersion, 13);
 * ```
 */
export interface OnnxModel {
  /** The ONNX IR version (7 goes with opset 13). */
  readonly irVersion: number;
  /** The `ai.onnx` operator set version. */
  readonly opsetVersion: number;
  /** The tool that wrote it. */
  readonly producerName: string;
  /** That tool's version. */
  readonly producerVersion: string;
  /** What the model is, for people. */
  readonly docString: string;
  /** The graph. */
  readonly graph: OnnxGraph;
  /** Key/value strings (`metadata_props`). */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Encodes a `TensorProto`: `dims` (1), `data_type` (2), `float_data` (4,
 * packed) or `int64_data` (7, packed), `name` (8).
 *
 * @param tensor The tensor.
 * @returns Its encoding.
 * @throws {TypeError} If the number of values does not match the dims.
 *
 * @example
 * ```ts
 * import { tensorProto } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const bytes = tensorProto({ name: "s", dataType: "int64", dims: [2], values: [0, 1] });
 * assert.deepEqual([...bytes], [0x08, 2, 0x10, 7, 0x3a, 2, 0, 1, 0x42, 1, 0x73]);
 * ```
 */
export function tensorProto(tensor: OnnxTensor): Uint8Array {
  const count = tensor.dims.reduce((n, d) => n * d, 1);
  if (tensor.values.length !== count) {
    throw new TypeError(
      `Cannot encode tensor ${tensor.name}: its shape [${tensor.dims}] holds ${count} values but it has ${tensor.values.length}`,
    );
  }
  const w = new ProtobufWriter();
  for (const d of tensor.dims) w.int64(1, d);
  w.int64(2, DATA_TYPE[tensor.dataType]);
  if (tensor.dataType === "float") w.packedFloats(4, tensor.values);
  else w.packedInt64s(7, Array.from(tensor.values));
  w.string(8, tensor.name);
  return w.finish();
}

/**
 * Encodes an `AttributeProto`: `name` (1), then `f` (2), `i` (3), `s` (4)
 * or `ints` (8), then `type` (20).
 *
 * @param attribute The attribute.
 * @returns Its encoding.
 *
 * @example
 * ```ts
 * import { attributeProto } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const bytes = attributeProto({ name: "axis", type: "int", value: 1 });
 * assert.deepEqual([...bytes], [0x0a, 4, 0x61, 0x78, 0x69, 0x73, 0x18, 1, 0xa0, 0x01, 2]);
 * ```
 */
export function attributeProto(attribute: OnnxAttribute): Uint8Array {
  const w = new ProtobufWriter();
  w.string(1, attribute.name);
  switch (attribute.type) {
    case "float":
      w.float(2, attribute.value);
      break;
    case "int":
      w.int64(3, attribute.value);
      break;
    case "string":
      w.string(4, attribute.value);
      break;
    case "ints":
      for (const v of attribute.value) w.int64(8, v);
      break;
  }
  w.int64(20, ATTRIBUTE_TYPE[attribute.type]);
  return w.finish();
}

/**
 * Encodes a `NodeProto`: `input` (1), `output` (2), `name` (3), `op_type`
 * (4), `attribute` (5).
 *
 * @param node The node.
 * @returns Its encoding.
 *
 * @example
 * ```ts
 * import { nodeProto } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const bytes = nodeProto({ name: "n", opType: "Relu", inputs: ["x"], outputs: ["y"] });
 * assert.equal(new TextDecoder().decode(bytes.subarray(-4)), "Relu");
 * ```
 */
export function nodeProto(node: OnnxNode): Uint8Array {
  const w = new ProtobufWriter();
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name);
  w.string(4, node.opType);
  for (const attribute of node.attributes ?? []) w.bytes(5, attributeProto(attribute));
  return w.finish();
}

/**
 * Encodes a `ValueInfoProto` for a float32 tensor: `name` (1), `type` (2:
 * `TypeProto.tensor_type` (1) holding `elem_type` (1) and `shape` (2),
 * whose `dim`s (1) are `dim_value` (1) or `dim_param` (2)), `doc_string` (3).
 *
 * @param value The value's name and shape.
 * @returns Its encoding.
 *
 * @example
 * ```ts
 * import { valueInfoProto } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const bytes = valueInfoProto({ name: "x", shape: [3] });
 * // name "x"; type { tensor_type { elem_type: 1 (float); shape { dim { dim_value: 3 } } } }
 * assert.deepEqual([...bytes], [0x0a, 1, 0x78, 0x12, 10, 0x0a, 8, 0x08, 1, 0x12, 4, 0x0a, 2, 0x08, 3]);
 * ```
 */
export function valueInfoProto(value: OnnxValueInfo): Uint8Array {
  const shape = new ProtobufWriter();
  for (const d of value.shape) {
    const dim = new ProtobufWriter();
    if (typeof d === "number") dim.int64(1, d);
    else dim.string(2, d);
    shape.bytes(1, dim.finish());
  }
  const tensorType = new ProtobufWriter();
  tensorType.int64(1, DATA_TYPE.float);
  tensorType.bytes(2, shape.finish());
  const type = new ProtobufWriter();
  type.bytes(1, tensorType.finish());
  const w = new ProtobufWriter();
  w.string(1, value.name);
  w.bytes(2, type.finish());
  if (value.docString !== undefined) w.string(3, value.docString);
  return w.finish();
}

/**
 * Encodes a `GraphProto`: `node` (1), `name` (2), `initializer` (5),
 * `input` (11), `output` (12).
 *
 * @param graph The graph.
 * @returns Its encoding.
 *
 * @example
 * ```ts
 * import { graphProto } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const bytes = graphProto({ name: "g", nodes: [], initializers: [], inputs: [], outputs: [] });
 * assert.deepEqual([...bytes], [0x12, 1, 0x67]);
 * ```
 */
export function graphProto(graph: OnnxGraph): Uint8Array {
  const w = new ProtobufWriter();
  for (const node of graph.nodes) w.bytes(1, nodeProto(node));
  w.string(2, graph.name);
  for (const tensor of graph.initializers) w.bytes(5, tensorProto(tensor));
  for (const input of graph.inputs) w.bytes(11, valueInfoProto(input));
  for (const output of graph.outputs) w.bytes(12, valueInfoProto(output));
  return w.finish();
}

/**
 * Encodes an `OperatorSetIdProto`: `domain` (1; empty is `ai.onnx`) and
 * `version` (2).
 *
 * @param version The operator set version.
 * @param domain The domain (default `""`, the standard operators).
 * @returns Its encoding.
 *
 * @example
 * ```ts
 * import { operatorSetIdProto } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual([...operatorSetIdProto(13)], [0x0a, 0, 0x10, 13]);
 * ```
 */
export function operatorSetIdProto(version: number, domain = ""): Uint8Array {
  const w = new ProtobufWriter();
  w.string(1, domain);
  w.int64(2, version);
  return w.finish();
}

/**
 * Encodes a `StringStringEntryProto`: `key` (1) and `value` (2).
 *
 * @param key The key.
 * @param value The value.
 * @returns Its encoding.
 *
 * @example
 * ```ts
 * import { stringStringEntryProto } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual([...stringStringEntryProto("a", "b")], [0x0a, 1, 0x61, 0x12, 1, 0x62]);
 * ```
 */
export function stringStringEntryProto(key: string, value: string): Uint8Array {
  const w = new ProtobufWriter();
  w.string(1, key);
  w.string(2, value);
  return w.finish();
}

/**
 * Encodes a `ModelProto`: `ir_version` (1), `producer_name` (2),
 * `producer_version` (3), `doc_string` (6), `graph` (7), `opset_import`
 * (8), `metadata_props` (14).
 *
 * @param model The model.
 * @returns The bytes of an `.onnx` file.
 *
 * @example
 * ```ts
 * import { modelProto } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const bytes = modelProto({
 *   irVersion: 7, opsetVersion: 13, producerName: "p", producerVersion: "1", docString: "",
 *   graph: { name: "g", nodes: [], initializers: [], inputs: [], outputs: [] }, metadata: {},
 * });
 * assert.deepEqual([...bytes.subarray(0, 2)], [0x08, 7]);
 * ```
 */
export function modelProto(model: OnnxModel): Uint8Array {
  const w = new ProtobufWriter();
  w.int64(1, model.irVersion);
  w.string(2, model.producerName);
  w.string(3, model.producerVersion);
  w.string(6, model.docString);
  w.bytes(7, graphProto(model.graph));
  w.bytes(8, operatorSetIdProto(model.opsetVersion));
  for (const [key, value] of Object.entries(model.metadata)) {
    w.bytes(14, stringStringEntryProto(key, value));
  }
  return w.finish();
}
