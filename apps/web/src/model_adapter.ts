// What the page's reading pane needs of a model file: to read digits with
// it, and to name its shape.
import { JsBackend } from "@simple-mnist/backend-js";
import { decodeModelFile, probabilities, Sequential } from "@simple-mnist/model";
import { netName } from "./net_name.ts";

/** A loaded model that reads one 28×28 image at a time. */
export interface Predictor {
  /** The net as the page names it, e.g. `784-128-10` (see `netName`). */
  readonly shape: string;
  /**
   * The ten class probabilities of one image.
   *
   * @param pixels 784 values, 0–255, row-major.
   */
  predict(pixels: Uint8Array): Promise<Float32Array>;
}

/**
 * Loads a model file for prediction on the plain TypeScript backend (one
 * image is too little work for anything faster to pay off).
 *
 * @param bytes The model file.
 * @param source Where it came from, for messages.
 * @returns The predictor.
 * @throws {TypeError} If the file is not a model this build reads.
 *
 * @example
 * ```ts
 * import { loadPredictor } from "./model_adapter.ts";
 * import { encodeModel, mlp, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([784, 10, 10], "relu"), { prng: seededPrng(0) });
 * const predictor = await loadPredictor(encodeModel(await net.describe()), "inline");
 * const p = await predictor.predict(new Uint8Array(784));
 * assert.equal(predictor.shape, "784-10-10");
 * assert.ok(Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-5);
 * ```
 */
export function loadPredictor(bytes: Uint8Array, source: string): Promise<Predictor> {
  const net = Sequential.fromDescription(new JsBackend(), decodeModelFile(bytes, source));
  return Promise.resolve({
    shape: netName(net.config),
    predict: (pixels) => probabilities(net, { count: 1, features: pixels.length, pixels }, 0),
  });
}

/**
 * Checks that some bytes are a model file this build reads, and names its shape.
 *
 * @param bytes The file.
 * @param source Where it came from, for messages.
 * @returns The net as the page names it, e.g. `784-128-10`.
 * @throws {TypeError} If it is not.
 *
 * @example
 * ```ts
 * import { modelShape } from "./model_adapter.ts";
 * import { encodeModel, mlp, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential(new JsBackend(), mlp([784, 3, 2, 10], "relu"), { prng: seededPrng(0) });
 * assert.equal(modelShape(encodeModel(await net.describe()), "x"), "784-3-2-10");
 * ```
 */
export function modelShape(bytes: Uint8Array, source: string): string {
  return netName(decodeModelFile(bytes, source));
}
