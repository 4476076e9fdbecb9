/**
 * ONNX export: a net as a model file describes it (its input shape, layer
 * list, parameters and training metadata: `@simple-mnist/model`'s
 * `NetDescription`) becomes an `.onnx` file (opset 13) that ONNX Runtime, in
 * the browser, Node, Deno, Python, C# or on phones, and any other ONNX
 * engine can run. The graph reads `pixels`, float32 `[N, 784]` scaled to
 * [0, 1], and gives `probabilities`, float32 `[N, 10]`; the training
 * metadata travels as `metadata_props`. The protobuf encoding is written
 * here, in a few small functions, without dependencies.
 *
 * @example Export a model file's net
 * ```ts
 * import { exportOnnx, ONNX_OPSET } from "@simple-mnist/onnx";
 * import { decodeModelFile, encodeModel, mlp, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([784, 10, 10], "relu"), { prng: seededPrng(0) });
 * const modelFile = decodeModelFile(encodeModel(await net.describe({ seed: 0 })), "seed.model");
 * const onnx = exportOnnx(modelFile);
 * assert.equal(ONNX_OPSET, 13);
 * assert.ok(onnx.length > 4 * (784 * 10 + 10 + 10 * 10 + 10)); // the float32 weights, and the graph
 * ```
 *
 * @module
 */
export * from "./export_onnx.ts";
export * from "./onnx_messages.ts";
export * from "./protobuf_writer.ts";
export type {
  LayerSpec,
  ModelMetadata,
  NetDescription,
  Shape,
  StoredTensor,
} from "@simple-mnist/model";
