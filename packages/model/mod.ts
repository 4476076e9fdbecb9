/**
 * Nets of any depth as lists of layers, written against
 * `@simple-mnist/backend` only: each layer's forward and backward pass side
 * by side, reading like the equations; a registry of layer types (a new one
 * is one file and one entry); `Sequential`, which checks that the shapes
 * chain and names the parameters `W1`, `b1`, …; update rules; a step-level
 * `Trainer` whose dev evaluation, early stopping and schedules are
 * callbacks; evaluation and classification metrics; a finite-difference
 * gradient check; and a versioned file format (safetensors).
 *
 * @example A net from a list of layers, trained and evaluated
 * ```ts
 * import { dense, evaluate, relu, Sequential, Trainer } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const examples = { count: 2, features: 2, pixels: Uint8Array.of(255, 0, 0, 255), labels: Uint8Array.of(0, 1) };
 * const net = new Sequential(new JsBackend(), [dense(2, 8), relu(), dense(8, 8), relu(), dense(8, 2)], {
 *   prng: seededPrng(1),
 *   init: "he",
 * });
 * await new Trainer(net, examples, { learningRate: 0.5 }).fit({ epochs: 200 });
 * assert.equal((await evaluate(net, examples)).accuracy, 1);
 * ```
 *
 * @module
 */
export * from "./shape.ts";
export * from "./layer.ts";
export * from "./layer_type.ts";
export * from "./dense.ts";
export * from "./activation_layer.ts";
export * from "./dropout.ts";
export * from "./layer_types.ts";
export * from "./mlp.ts";
export * from "./net_plan.ts";
export * from "./init.ts";
export * from "./softmax_cross_entropy.ts";
export * from "./sequential.ts";
export * from "./batch_uploader.ts";
export * from "./optimizer.ts";
export * from "./sgd.ts";
export * from "./momentum.ts";
export * from "./rmsprop.ts";
export * from "./adam.ts";
export * from "./callback.ts";
export * from "./trainer.ts";
export * from "./schedule.ts";
export * from "./dev_evaluation.ts";
export * from "./early_stopping.ts";
export * from "./evaluate.ts";
export * from "./metrics.ts";
export * from "./gradient_check.ts";
export * from "./model_file.ts";
export type {
  Activation,
  Backend,
  MatmulOptions,
  PixelImages,
  Tensor,
} from "@simple-mnist/backend";
export type { Dataset, Examples } from "@simple-mnist/data";
export type { Prng } from "@simple-mnist/random";
